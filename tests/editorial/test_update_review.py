"""Issue 13, project updates "reviewed like other changes": editors hear of a coordinator's
update by e-mail (through the task queue), both steps sit in the project's workflow log, and an
editor returns an update with a comment that its coordinator gets by e-mail and sees."""

import pytest
from django.core import mail
from django.utils import translation

from editorial.models import MailDelivery, WorkflowEvent
from projects.updates import ProjectUpdate
from tests.editorial.conftest import form_data
from tests.editorial.test_updates_admin import _post_update

pytestmark = pytest.mark.django_db

Action = WorkflowEvent.Action


def _change(update):
    return f"/admin/projects/projectupdate/{update.pk}/change/"


def _german(text):
    with translation.override("de"):
        return str(translation.gettext(text))


@pytest.fixture
def in_review(login, projects):
    assert _post_update(login("coordinator_a"), projects["a"]).status_code == 302
    return ProjectUpdate.objects.get()


def test_submitted_update_queues_mail_to_the_editors_and_is_logged(in_review, projects, users):
    deliveries = MailDelivery.objects.order_by("recipient")
    assert [d.recipient for d in deliveries] == ["chef@example.org", "giz@example.org"]
    assert all(d.status == MailDelivery.Status.SENT for d in deliveries)  # the queue ran
    assert sorted(m.to[0] for m in mail.outbox) == ["chef@example.org", "giz@example.org"]
    body = mail.outbox[0].body
    assert "30.11.2026" in body and projects["a"].title_de in body
    assert f"http://testserver/admin/projects/projectupdate/{in_review.pk}/change/" in body or (
        f"/admin/projects/projectupdate/{in_review.pk}/change/" in body
    )
    event = WorkflowEvent.objects.get(action=Action.UPDATE_SUBMITTED)
    assert (event.project, event.update, event.actor) == (
        projects["a"],
        in_review,
        users["coordinator_a"],
    )
    assert event.to_state == "review" and event.land is not None


def test_an_editors_own_update_sends_nothing(login, projects):
    assert _post_update(login("editor"), projects["a"]).status_code == 302
    assert not MailDelivery.objects.exists()
    assert not WorkflowEvent.objects.filter(action=Action.UPDATE_SUBMITTED).exists()


def test_editor_returns_an_update_with_a_comment_the_coordinator_sees(in_review, login, projects):
    mail.outbox.clear()
    editor = login("editor")
    form_page = editor.get(_change(in_review))
    assert 'name="return_comment"' in form_page.content.decode()
    data = form_data(form_page)
    data.update(publication_state="draft", return_comment="Bitte das Datum prüfen.")
    response = editor.post(_change(in_review), data)
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.publication_state == "draft"
    event = WorkflowEvent.objects.get(action=Action.UPDATE_RETURNED)
    assert (event.comment, event.update, event.project) == (
        "Bitte das Datum prüfen.",
        in_review,
        projects["a"],
    )
    assert [m.to for m in mail.outbox] == [["coord-a@example.org"]]
    assert "Bitte das Datum prüfen." in mail.outbox[0].body

    coordinator = login("coordinator_a")
    page = coordinator.get(_change(in_review))
    assert page.status_code == 200
    assert "Bitte das Datum prüfen." in page.content.decode()
    assert 'name="return_comment"' not in page.content.decode()

    # Saved again, it goes back into review and the editors hear of it once more.
    mail.outbox.clear()
    assert coordinator.post(_change(in_review), form_data(page)).status_code == 302
    in_review.refresh_from_db()
    assert in_review.publication_state == "review"
    assert sorted(m.to[0] for m in mail.outbox) == ["chef@example.org", "giz@example.org"]
    log = login("editor").get(f"/admin/projects/project/{projects['a'].pk}/workflow/")
    html = log.content.decode()
    assert _german("Update returned") in html and _german("Update submitted for review") in html


def test_returning_without_a_comment_is_refused(in_review, login):
    mail.outbox.clear()
    editor = login("editor")
    data = form_data(editor.get(_change(in_review)))
    data.update(publication_state="draft", return_comment="  ")
    response = editor.post(_change(in_review), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["return_comment"]
    assert errors == [_german("Say in a comment what needs to change.")]
    in_review.refresh_from_db()
    assert in_review.publication_state == "review" and not mail.outbox


@pytest.mark.parametrize("role, queries", [("coordinator_a", 12), ("editor", 10)])
def test_query_count_of_the_update_form(in_review, login, role, queries, django_assert_num_queries):
    if role == "coordinator_a":  # a returned draft shows the comment: one query for it
        in_review.publication_state = "draft"
        in_review.save()
    client = login(role)
    client.get(_change(in_review))  # sessions, caches and content types warmed up
    with django_assert_num_queries(queries):
        assert client.get(_change(in_review)).status_code == 200
