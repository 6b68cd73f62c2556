"""Workflow e-mails are sent in the background: an unreachable mail server never fails or delays a
step; failed deliveries are retried with growing pauses, then wait in the admin for an editor."""

import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from editorial import emails, tasks
from editorial.models import ChangeRequest, MailDelivery
from projects.models import Project
from tests.editorial.conftest import complete_project, form_data

pytestmark = pytest.mark.django_db
State = Project.PublicationState
Status = MailDelivery.Status
FAILING = "tests.editorial.test_mail_tasks.UnreachableServer"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class UnreachableServer(BaseEmailBackend):
    """An SMTP server that cannot be reached."""

    attempts = 0

    def send_messages(self, email_messages):
        UnreachableServer.attempts += 1
        raise smtplib.SMTPConnectError(421, "mail.example.org: connection refused")


@pytest.fixture
def unreachable(settings):
    settings.EMAIL_BACKEND = FAILING
    UnreachableServer.attempts = 0


def test_a_proposal_is_saved_when_the_mail_server_is_unreachable(login, projects, unreachable):
    project = projects["a"]
    client = login("coordinator_a")
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    data["title_en"] = "Typed with care"
    data["workflow_comment"] = "New English title"
    response = client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert response.status_code == 302
    change = ChangeRequest.objects.get(project=project)
    assert change.proposed["fields"]["title_en"] == "Typed with care"
    # tried MAX_ATTEMPTS times per editor (immediately in the tests), then left for an editor
    deliveries = MailDelivery.objects.order_by("recipient")
    assert [(d.recipient, d.status, d.attempts) for d in deliveries] == [
        ("chef@example.org", Status.FAILED, tasks.MAX_ATTEMPTS),
        ("giz@example.org", Status.FAILED, tasks.MAX_ATTEMPTS),
    ]
    assert UnreachableServer.attempts == 2 * tasks.MAX_ATTEMPTS
    assert "SMTPConnectError" in deliveries[0].last_error
    assert mail.outbox == []


def test_a_submission_is_taken_when_the_mail_server_is_unreachable(
    login, projects, land_a, unreachable
):
    draft = complete_project(land_a, slug="entwurf", title_de="Entwurf", state=State.DRAFT)
    response = login("coordinator_a").post(
        f"/admin/projects/project/{draft.pk}/workflow/",
        {"step": "submit", "workflow_comment": "Bitte prüfen"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication_state == State.REVIEW
    failed = MailDelivery.objects.filter(status=Status.FAILED)
    assert sorted(failed.values_list("recipient", flat=True)) == [
        "chef@example.org",
        "giz@example.org",
    ]
    assert "Bitte prüfen" in failed[0].body


def test_mail_is_queued_only_when_the_step_commits(projects, users):
    project = projects["a"]
    with pytest.raises(RuntimeError), transaction.atomic():
        emails.notify_submitted(project, users["coordinator_a"], "rolled back")
        raise RuntimeError
    assert not MailDelivery.objects.exists()
    assert mail.outbox == []


def test_the_mail_is_rendered_in_german_and_sent_after_the_commit(
    projects, users, django_capture_on_commit_callbacks
):
    project = projects["a"]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        emails.notify_decision(project, users["editor"], [users["coordinator_a"]], "returned", "!")
        assert mail.outbox == []  # not before the commit
    assert [m.to for m in mail.outbox] == [["coord-a@example.org"]]
    assert mail.outbox[0].subject == MailDelivery.objects.get().subject
    assert "zurückgegeben" in mail.outbox[0].subject + mail.outbox[0].body
    delivery = MailDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.SENT, 1, "")
    assert delivery.sent_at is not None


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_with_growing_pauses_then_gives_up(settings, unreachable):
    """The real queue (database backend and `db_worker`), with committed transactions."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_TASKS
    with transaction.atomic():
        delivery = MailDelivery.objects.create(recipient="a@example.org", subject="S", body="B")
        tasks.enqueue_after_commit([delivery])
    assert DBTaskResult.objects.count() == 1
    pauses = []
    for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
        _run_worker()
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        if attempt == tasks.MAX_ATTEMPTS:
            break
        assert delivery.status == Status.QUEUED
        waiting = DBTaskResult.objects.ready()
        assert not waiting.exists()  # the next attempt waits for its time
        later = DBTaskResult.objects.get(status="READY")
        assert later.run_after == delivery.next_attempt_at
        pauses.append(later.run_after - timezone.now())
        later.run_after = timezone.now()  # time passes
        later.save(update_fields=["run_after"])
    assert delivery.status == Status.FAILED
    assert delivery.next_attempt_at is None
    assert all(a < b for a, b in zip(pauses, pauses[1:], strict=False))
    assert UnreachableServer.attempts == tasks.MAX_ATTEMPTS
    # each attempt left a task result; only the last one is a failure (logged as an error)
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == ["SUCCESSFUL"] * (tasks.MAX_ATTEMPTS - 1) + ["FAILED"]
    assert "SMTPConnectError" in results.last().exception_class_path
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.fixture
def failed(users):
    return MailDelivery.objects.create(
        recipient="coord-a@example.org",
        subject="Projekt zurückgegeben",
        body="Bitte kürzen.",
        status=Status.FAILED,
        attempts=tasks.MAX_ATTEMPTS,
        last_error="SMTPConnectError: (421, 'connection refused')",
    )


def test_editors_see_failed_mail_in_the_admin_and_send_it_again(login, failed):
    sent = MailDelivery.objects.create(
        recipient="giz@example.org", subject="Schon gesendet", body="x", status=Status.SENT
    )
    client = login("editor")
    listing = client.get("/admin/editorial/maildelivery/", {"status__exact": "failed"})
    assert listing.status_code == 200
    assert "Projekt zurückgegeben" in listing.content.decode()
    assert "Schon gesendet" not in listing.content.decode()
    assert "SMTPConnectError" in listing.content.decode()
    response = client.post(
        "/admin/editorial/maildelivery/",
        {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 E-Mail wird erneut gesendet." in text
    assert "1 E-Mail wurde nicht erneut gesendet" in text
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["coord-a@example.org"], "Projekt zurückgegeben")
    ]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (Status.SENT, 1, "")


def test_sending_again_to_a_still_unreachable_server_fails_again(login, failed, unreachable):
    login("editor").post(
        "/admin/editorial/maildelivery/", {"action": "send_again", "_selected_action": [failed.pk]}
    )
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.FAILED, tasks.MAX_ATTEMPTS)
    assert UnreachableServer.attempts == tasks.MAX_ATTEMPTS


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_coordinators_see_no_mail(login, failed, role):
    client = login(role)
    assert client.get("/admin/editorial/maildelivery/").status_code == 403
    assert client.get(f"/admin/editorial/maildelivery/{failed.pk}/change/").status_code == 403
    client.post(
        "/admin/editorial/maildelivery/", {"action": "send_again", "_selected_action": [failed.pk]}
    )
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    assert "maildelivery" not in client.get("/admin/").content.decode()


def test_a_sent_delivery_is_not_sent_twice(failed):
    failed.status = Status.SENT
    failed.save()
    assert tasks.deliver.call(failed.pk) == "nothing to send"
    assert mail.outbox == []
