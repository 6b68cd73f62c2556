"""Issue 13.12: a coordinator's new project may be saved as a draft with phase and status
still open; both are required for review and publication (checklist), and every admin page of
such a draft opens while no public page lists it."""

import csv
import io

import pytest
from django.utils import translation

from editorial import workflow
from editorial.checklist import check_project
from editorial.spreadsheets import ProjectResource
from projects.models import Project
from tests.editorial.conftest import complete_project, form_data

pytestmark = pytest.mark.django_db

ADD = "/admin/projects/project/add/"


def _german(text):
    with translation.override("de"):
        return str(translation.gettext(text))


PHASE_MISSING = _german("The programme phase is missing.")
STATUS_MISSING = _german("The project status is missing.")


@pytest.fixture
def open_draft(projects, land_a):
    """A draft of Land A whose phase and status are not known yet."""
    return complete_project(
        land_a,
        slug="offener-entwurf",
        title_de="Offener Entwurf",
        title_en="Open draft",
        phase=None,
        status="",
        state=Project.PublicationState.DRAFT,
    )


def test_coordinator_saves_a_new_draft_without_phase_and_status(login, land_a, projects):
    client = login("coordinator_a")
    page = client.get(ADD)
    html = page.content.decode()
    assert html.count(_german("Required for review: a draft may leave it open.")) == 2
    form = page.context["adminform"].form
    assert not form.fields["phase"].required and not form.fields["status"].required
    data = form_data(page)
    data.update(
        title_de="Neues Vorhaben",
        title_en="New project",
        slug="neues-vorhaben",
        summary_de="Kurz",
        summary_en="Short",
        _continue="1",
    )
    data.pop("phase", None)
    data["status"] = ""
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(slug="neues-vorhaben")
    assert project.phase is None and project.status == ""
    assert project.publication_state == Project.PublicationState.DRAFT


def test_submit_is_refused_naming_phase_and_status(open_draft, users):
    errors, _ = check_project(open_draft)
    assert {PHASE_MISSING, STATUS_MISSING} <= set(map(str, errors))
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.submit(open_draft, users["coordinator_a"])
    assert PHASE_MISSING in str(refused.value) and STATUS_MISSING in str(refused.value)
    open_draft.refresh_from_db()
    assert open_draft.publication_state == Project.PublicationState.DRAFT


def test_submit_through_the_admin_shows_the_message(login, open_draft):
    client = login("coordinator_a")
    url = f"/admin/projects/project/{open_draft.pk}/workflow/"
    response = client.post(url, {"step": "submit"}, follow=True)
    assert response.status_code == 200
    messages = " ".join(str(m) for m in response.context["messages"])
    assert PHASE_MISSING in messages and STATUS_MISSING in messages
    open_draft.refresh_from_db()
    assert open_draft.publication_state == Project.PublicationState.DRAFT


def test_publish_needs_both(open_draft, users):
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(open_draft, users["editor"])
    open_draft.phase = Project.objects.exclude(phase=None).first().phase
    open_draft.save()
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.publish(open_draft, users["editor"])
    assert STATUS_MISSING in str(refused.value) and PHASE_MISSING not in str(refused.value)
    open_draft.status = Project.Status.PLANNED
    open_draft.save()
    workflow.publish(open_draft, users["editor"])
    open_draft.refresh_from_db()
    assert open_draft.publication_state == Project.PublicationState.PUBLISHED


@pytest.mark.parametrize("field", ["phase", "status"])
def test_a_published_project_cannot_lose_phase_or_status(login, projects, field):
    url = f"/admin/projects/project/{projects['a'].pk}/change/"
    for role in ("editor", "coordinator_a"):  # a coordinator's save would become a proposal
        client = login(role)
        data = form_data(client.get(url))
        data[field] = ""
        response = client.post(url, data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors[field]
        assert errors == [_german("Required once the project is beyond the draft.")]
    projects["a"].refresh_from_db()
    assert projects["a"].phase_id and projects["a"].status


def _admin_pages(project):
    base = f"/admin/projects/project/{project.pk}"
    return [
        "/admin/",
        "/admin/projects/project/",
        "/admin/projects/project/?phase__isnull=True",
        "/admin/projects/project/?status=",
        "/admin/projects/project/?q=Offener",
        f"{base}/change/",
        f"{base}/history/",
        f"{base}/history/compare/",
        f"{base}/workflow/",
        f"{base}/preview/",
    ]


@pytest.mark.parametrize("role", ["coordinator_a", "editor"])
def test_every_admin_page_of_a_phaseless_draft_answers(login, open_draft, role):
    client = login(role)
    for url in _admin_pages(open_draft):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    listing = client.get("/admin/projects/project/").content.decode()
    assert "Offener Entwurf" in listing
    # the preview leaves out what is not set yet instead of an empty "Phase: ()"
    preview = client.get(f"/admin/projects/project/{open_draft.pk}/preview/").content.decode()
    assert "Offener Entwurf" in preview
    assert "<dt>Phase</dt>" not in preview and "tag-status-" not in preview


def test_editor_exports_and_bulk_page_with_a_phaseless_draft(login, open_draft, projects):
    client = login("editor")
    fields = {f"projectresource_{name}": "on" for name in ProjectResource().fields}
    export = client.post(
        "/admin/projects/project/export/", {"resource": "0", "format": "1", **fields}
    )
    assert export.status_code == 200
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))}
    assert (rows["offener-entwurf"]["phase"], rows["offener-entwurf"]["status"]) == ("", "")
    bulk = client.post(
        "/admin/projects/project/",
        {"action": "change_selected", "_selected_action": [open_draft.pk, projects["a"].pk]},
    )
    assert bulk.status_code == 200
    assert "Offener Entwurf" in bulk.content.decode()


def test_public_pages_never_list_the_draft(client, open_draft, projects):
    pages = ["/de/", "/de/projekte/", "/de/projekte/?status=", "/de/offene-daten/feed/"]
    pages += ["/de/offene-daten/projects.csv", "/api/iati/activities.xml"]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert b"Offener Entwurf" not in body and b"Open draft" not in body
        assert b"Sachsen-Projekt" in body or "feed" in url  # the published one is listed
