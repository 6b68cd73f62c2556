"""The start page of each role, "confirm unchanged" and the confirmation reminders (the
admin speaks German, its default language)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from editorial import workflow
from editorial.confirmations import send_reminders
from editorial.models import ChangeRequest, ConfirmationReminder, MailDelivery, WorkflowEvent
from projects.models import Project
from tests.editorial.conftest import complete_project

pytestmark = pytest.mark.django_db
State = Project.PublicationState


def _age(project, days, confirmed_days=None):
    """Published `days` ago; confirmed by its lead Land `confirmed_days` ago (if given)."""
    then = timezone.now() - timedelta(days=days)
    Project.objects.filter(pk=project.pk).update(published_at=then, created_at=then)
    if confirmed_days is not None:
        event = WorkflowEvent.objects.create(
            project=project, land=project.lead_land, action=WorkflowEvent.Action.CONFIRMED
        )
        stamp = timezone.now() - timedelta(days=confirmed_days)
        WorkflowEvent.objects.filter(pk=event.pk).update(created_at=stamp)
    return project


@pytest.fixture
def office(projects, users, land_a, land_b):
    """Land A: an old unconfirmed entry, a returned draft, a returned proposal; Land B: an
    old entry of its own; one project in review."""
    old = _age(complete_project(land_a, title_de="Alter Eintrag"), 500)
    _age(complete_project(land_a, title_de="Frisch bestätigt"), 500, confirmed_days=10)
    _age(complete_project(land_b, title_de="Bayern alt"), 800, confirmed_days=400)
    draft = complete_project(land_a, title_de="Zurückgegeben", state=State.REVIEW)
    workflow.return_to_draft(draft, users["editor"], "Bitte Quellen ergänzen.")
    in_review = complete_project(land_a, title_de="In Prüfung", state=State.REVIEW)
    change = ChangeRequest.objects.create(
        project=projects["a"],
        author=users["coordinator_a"],
        proposed={},
        status=ChangeRequest.Status.RETURNED,
        review_comment="Titel zu lang.",
        reviewed_at=timezone.now(),
    )
    return {"old": old, "draft": draft, "in_review": in_review, "returned": change}


def test_coordinator_sees_their_lands_work(login, office):
    html = login("coordinator_a").get("/admin/").content.decode()
    assert "Entwürfe (1)" in html and "Mit Kommentar zurückgegeben (1)" in html
    assert "Wartet auf die GIZ (1)" in html and "Zu bestätigen (1)" in html
    assert "Bitte Quellen ergänzen." in html and "Titel zu lang." in html
    assert "Alter Eintrag" in html and "Frisch bestätigt" not in html
    assert "Bayern" not in html  # another Land's entries


def test_editor_sees_the_review_queue_oldest_first(login, office, users, projects):
    newer = ChangeRequest.objects.create(
        project=projects["b"], author=users["coordinator_b"], proposed={}
    )
    html = login("editor").get("/admin/").content.decode()
    assert "Zu prüfen (2)" in html
    assert html.index("In Prüfung") < html.index("Bayern-Entwurf")  # submitted before
    assert f"/admin/editorial/changerequest/{newer.pk}/change/" in html
    assert "In den letzten zwei Wochen veröffentlicht" in html


@pytest.mark.parametrize(("role", "queries"), [("coordinator_a", 11), ("editor", 8)])
def test_start_page_query_counts(login, office, role, queries, django_assert_num_queries):
    client = login(role)
    client.get("/admin/")  # sessions, caches
    with django_assert_num_queries(queries):
        assert client.get("/admin/").status_code == 200


def test_start_page_queries_do_not_grow_with_the_entries(
    login, office, land_a, django_assert_max_num_queries
):
    client = login("coordinator_a")
    client.get("/admin/")
    for number in range(5):
        _age(complete_project(land_a, title_de=f"Noch einer {number}"), 600, confirmed_days=400)
    # one more: the Länder of the old confirmations, all at once
    with django_assert_max_num_queries(12):
        assert "Zu bestätigen (6)" in client.get("/admin/").content.decode()


# Confirm unchanged ---------------------------------------------------------------------------
URL = "/admin/editorial/workflowevent/confirm/"


@pytest.mark.parametrize(
    ("role", "confirms"),
    [("coordinator_a", True), ("coordinator_b", False), ("editor", True), ("superuser", True)],
)
def test_confirm_unchanged_is_one_click_for_the_land_or_an_editor(
    login, office, land_a, role, confirms
):
    project = office["old"]
    response = login(role).post(URL, {"project": project.pk, "next": "/admin/"})
    assert response.status_code == (302 if confirms else 404)
    event = project.workflow_events.filter(action=WorkflowEvent.Action.CONFIRMED).first()
    if confirms:
        assert response["Location"] == "/admin/"
        assert event.land == land_a and event.actor.username in {"coord-a", "giz", "chef"}
        html = login(role).get("/admin/").content.decode()
        assert "Zu bestätigen (0)" in html or role != "coordinator_a"
    else:
        assert event is None


def test_confirm_refuses_bad_input_and_foreign_next(login, office):
    client = login("coordinator_a")
    assert client.post(URL, {"project": "x"}).status_code == 404
    assert client.post(URL, {}).status_code == 404
    assert not WorkflowEvent.objects.filter(action="confirmed", actor__isnull=False).exists()
    response = client.post(URL, {"project": office["old"].pk, "next": "https://evil.example/"})
    assert response["Location"] == URL
    client.logout()
    before = WorkflowEvent.objects.count()
    assert client.post(URL, {"project": office["old"].pk})["Location"].startswith("/admin/login/")
    assert WorkflowEvent.objects.count() == before


def test_confirm_page_lists_the_due_entries(login, office):
    html = login("coordinator_a").get(URL).content.decode()
    assert "Alter Eintrag" in html and "Unverändert bestätigen" in html and "Bayern" not in html
    assert "Bayern alt" in login("editor").get(URL).content.decode()


# Reminders -----------------------------------------------------------------------------------
def test_reminders_go_to_the_coordinators_once_a_month(
    office, users, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == (2, 2)  # Land A's and Land B's old entries, one e-mail each
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"coord-a@example.org", "coord-b@example.org"}
    assert "Alter Eintrag" in sent["coord-a@example.org"].body
    assert "Bayern" not in sent["coord-a@example.org"].body
    assert "http" in sent["coord-a@example.org"].body  # absolute links
    assert MailDelivery.objects.filter(status=MailDelivery.Status.SENT).count() == 2
    assert send_reminders() == (0, 0)  # not again within a month
    in_a_month = timezone.now() + timedelta(days=31)
    assert send_reminders(now=in_a_month)[0] == 2
    assert ConfirmationReminder.objects.count() == 4


def test_a_confirmed_entry_gets_no_reminder(office, users):
    workflow.confirm(office["old"], users["coordinator_a"])
    Project.objects.filter(pk=office["old"].pk)
    assert send_reminders() == (1, 1)


def test_reminder_command(office):
    out = StringIO()
    call_command("send_confirmation_reminders", stdout=out)
    assert "2 entries, 2 e-mails" in out.getvalue()


def test_project_form_shows_the_last_confirmation_and_confirms(login, office, land_a):
    client = login("coordinator_a")
    project = office["old"]
    url = f"/admin/projects/project/{project.pk}/change/"
    html = client.get(url).content.decode()
    assert "Noch von keinem Land bestätigt." in html and 'name="project"' in html
    # the button posts the project's form (formaction): only the project id counts
    response = client.post(f"{URL}?next={url}", {"project": project.pk, "title_de": "Ignoriert"})
    assert response["Location"] == url
    html = client.get(url).content.decode()
    assert "Zuletzt bestätigt von Sachsen am" in html
    project.refresh_from_db()
    assert project.title_de == "Alter Eintrag"


@pytest.mark.parametrize(
    ("role", "projects_in_review", "proposals"),
    [("coordinator_a", 1, 0), ("editor", 2, 1)],
)
def test_list_of_models_counts_what_waits(
    login, office, users, projects, role, projects_in_review, proposals
):
    ChangeRequest.objects.create(project=projects["b"], author=users["coordinator_b"], proposed={})
    Project.objects.filter(pk=projects["b"].pk).update(publication_state=State.REVIEW)
    html = login(role).get("/admin/").content.decode()
    assert f">Projekte ({projects_in_review})</a>" in html
    assert (f">Änderungsvorschläge ({proposals})</a>" in html) == bool(proposals)
