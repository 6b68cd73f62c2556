"""The workflow's steps, offered on the workflow page and as bulk actions, by role and state."""

import re

import pytest
from django.utils import translation

from editorial import workflow
from projects.models import Project

pytestmark = pytest.mark.django_db
State = Project.PublicationState


def _offered_steps(client, project):
    page = client.get(f"/admin/projects/project/{project.pk}/workflow/").content.decode()
    return re.findall(r'name="step" value="([a-z]+)"', page)


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("coordinator_a", State.DRAFT, ["submit", "confirm"]),
        ("coordinator_a", State.REVIEW, ["submit", "confirm"]),
        ("coordinator_a", State.PUBLISHED, ["confirm"]),
        ("editor", State.DRAFT, ["submit", "publish", "archive"]),
        ("editor", State.REVIEW, ["submit", "publish", "return", "archive"]),
        ("editor", State.PUBLISHED, ["return", "archive"]),
        ("editor", State.ARCHIVED, ["publish"]),
    ],
)
def test_the_workflow_page_offers_the_steps_of_the_role_and_state(
    login, projects, role, state, expected
):
    project = projects["a"]
    Project.objects.filter(pk=project.pk).update(publication_state=state)
    assert _offered_steps(login(role), project) == expected


def _bulk_actions(client):
    page = client.get("/admin/projects/project/").content.decode()
    actions = re.findall(r'<option value="([a-z_]+_selected)"', page)
    return [action for action in actions if action != "delete_selected"]


def test_bulk_actions_follow_the_role(login, projects):
    assert _bulk_actions(login("coordinator_a")) == ["submit_selected"]
    assert _bulk_actions(login("editor")) == [
        "submit_selected",
        "publish_selected",
        "archive_selected",
        "change_selected",
    ]


def test_every_step_refuses_a_project_in_another_state(projects, users):
    project = projects["a"]  # published
    for step, message in [
        (workflow.publish, "already published"),
        (workflow.submit, "Only drafts"),
    ]:
        with translation.override("en"), pytest.raises(workflow.WorkflowError, match=message):
            step(project, users["editor"])
    project.refresh_from_db()
    assert project.publication_state == State.PUBLISHED


def test_a_coordinator_may_not_take_an_editors_step_even_by_posting_it(login, projects):
    project = projects["a"]
    Project.objects.filter(pk=project.pk).update(publication_state=State.REVIEW)
    client = login("coordinator_a")
    client.post(f"/admin/projects/project/{project.pk}/workflow/", {"step": "publish"})
    project.refresh_from_db()
    assert project.publication_state == State.REVIEW
