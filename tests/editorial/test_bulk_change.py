"""Bulk work: editors change status, phase or publication of selected projects with one
action after a confirmation page, through the workflow rules and the history."""

import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from editorial.models import WorkflowEvent
from projects.models import Project
from tests.editorial.conftest import complete_project
from tests.factories import make_phase

pytestmark = pytest.mark.django_db
LIST = "/admin/projects/project/"
State = Project.PublicationState


def _post(client, projects, **data):
    return client.post(
        LIST,
        {"action": "change_selected", "_selected_action": [p.pk for p in projects], **data},
    )


def test_confirmation_page_first_then_the_change(login, projects):
    client = login("editor")
    chosen = list(projects.values())
    page = _post(client, chosen)
    html = page.content.decode()
    assert page.status_code == 200 and "Sachsen-Projekt" in html and "Bayern-Entwurf" in html
    assert Project.objects.filter(status=Project.Status.COMPLETED).count() == 0  # nothing yet
    new_phase = make_phase(slug="blp-iv", start_year=2028, end_year=2032)
    response = _post(
        client, chosen, apply="yes", status=Project.Status.COMPLETED, phase=new_phase.pk
    )
    assert response.status_code == 302
    for project in chosen:
        project.refresh_from_db()
        assert (project.status, project.phase) == (Project.Status.COMPLETED, new_phase)
        # history and admin log as a single edit
        latest = Version.objects.get_for_object(project).first()
        assert latest.field_dict["status"] == Project.Status.COMPLETED
        assert latest.revision.user.username == "giz"
        assert LogEntry.objects.filter(object_id=str(project.pk)).exists()


def test_publication_step_follows_the_workflow_rules(login, projects, land_a):
    incomplete = complete_project(land_a, title_de="Unvollständig", state=State.DRAFT)
    Project.objects.filter(pk=incomplete.pk).update(summary_en="")
    draft = projects["b"]
    response = _post(
        login("editor"), [draft, incomplete], apply="yes", step="publish", status="completed"
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    incomplete.refresh_from_db()
    assert draft.publication_state == State.PUBLISHED and draft.status == "completed"
    assert draft.workflow_events.filter(action=WorkflowEvent.Action.PUBLISHED).exists()
    # refused by the checklist: left entirely as it was, also its status
    assert incomplete.publication_state == State.DRAFT and incomplete.status != "completed"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Unvollständig" in m for m in messages)


def test_return_to_draft_needs_a_comment(login, projects):
    client = login("editor")
    page = _post(client, [projects["a"]], apply="yes", step="return")
    assert page.status_code == 200  # the confirmation page again, with the error
    projects["a"].refresh_from_db()
    assert projects["a"].publication_state == State.PUBLISHED
    _post(client, [projects["a"]], apply="yes", step="return", comment="Bitte prüfen")
    projects["a"].refresh_from_db()
    assert projects["a"].publication_state == State.DRAFT


def test_nothing_chosen_or_bad_input_changes_nothing(login, projects):
    client = login("editor")
    for data in ({}, {"status": "nonsense"}, {"phase": "x"}, {"step": "explode"}):
        assert _post(client, [projects["a"]], apply="yes", **data).status_code == 200
    projects["a"].refresh_from_db()
    assert projects["a"].status == Project.Status.ONGOING


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_coordinators_get_no_bulk_change(login, projects, role):
    client = login(role)
    assert "change_selected" not in client.get(LIST).content.decode()
    response = _post(client, list(projects.values()), apply="yes", status="completed")
    assert response.status_code in (200, 302)
    assert not Project.objects.filter(status="completed").exists()
