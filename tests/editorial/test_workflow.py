"""Review workflow: submit, publish, return, proposed changes of published projects, preview."""

import pytest
from django.core import mail
from django.utils import translation

from editorial.models import ChangeRequest, WorkflowEvent
from projects.models import Project
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db
State = Project.PublicationState


def _propose_title(client, project, title):
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    data["title_en"] = title
    data["workflow_comment"] = "New English title"
    return client.post(f"/admin/projects/project/{project.pk}/change/", data)


def test_coordinators_edit_of_a_published_project_waits_for_approval(login, projects, users):
    project = projects["a"]
    client = login("coordinator_a")
    response = _propose_title(client, project, "Proposed title")
    assert response.status_code == 302
    live_title = project.title_en
    project.refresh_from_db()
    assert project.title_en == live_title
    change = ChangeRequest.objects.get(project=project)
    assert change.is_pending and change.author == users["coordinator_a"]
    assert change.proposed["fields"]["title_en"] == "Proposed title"
    # the public page still shows the approved version
    client.logout()
    assert "Proposed title" not in client.get(f"/en/projects/{project.slug}/").content.decode()
    # the editors (group and superusers) were told
    assert sorted(m.to[0] for m in mail.outbox) == ["chef@example.org", "giz@example.org"]

    editor = login("editor")
    review = editor.get(f"/admin/editorial/changerequest/{change.pk}/change/")
    assert review.status_code == 200
    assert [(old, new) for _label, old, new in review.context["changes"]] == [
        (live_title, "Proposed title")
    ]
    preview = editor.get(
        f"/admin/editorial/changerequest/{change.pk}/preview/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Proposed title" in preview.content.decode()
    project.refresh_from_db()
    assert project.title_en != "Proposed title"  # the preview changed nothing

    mail.outbox.clear()
    editor.post(
        f"/admin/editorial/changerequest/{change.pk}/change/",
        {"decision": "approve", "workflow_comment": "Thanks"},
    )
    project.refresh_from_db()
    change.refresh_from_db()
    assert project.title_en == "Proposed title"
    assert change.status == ChangeRequest.Status.APPROVED
    assert change.reviewed_by == users["editor"]
    assert project.publication_state == State.PUBLISHED
    editor.logout()
    assert "Proposed title" in editor.get(f"/en/projects/{project.slug}/").content.decode()
    assert [m.to for m in mail.outbox] == [["coord-a@example.org"]]
    event = WorkflowEvent.objects.filter(project=project).first()
    assert event.action == WorkflowEvent.Action.APPROVED and event.land.code == "DE-SN"


def test_proposal_keeps_inline_rows_and_links(login, projects, land_b):
    project = projects["a"]
    client = login("coordinator_a")
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    total = int(data["land_roles-TOTAL_FORMS"])
    data["land_roles-TOTAL_FORMS"] = str(total + 1)
    data[f"land_roles-{total}-land"] = str(land_b.pk)
    data["themes"] = []
    client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert project.land_roles.count() == 1 and project.themes.count() == 1  # live unchanged
    change = ChangeRequest.objects.get(project=project)
    assert len(change.proposed["inlines"]["land_roles"]) == 2
    assert change.proposed["m2m"]["themes"] == []
    # the proposal fails the checklist (no theme): approval is refused, nothing changes
    response = login("editor").post(
        f"/admin/editorial/changerequest/{change.pk}/change/", {"decision": "approve"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.is_pending
    assert project.land_roles.count() == 1 and project.themes.count() == 1


def test_editor_returns_a_change_with_a_comment(login, projects):
    project = projects["a"]
    _propose_title(login("coordinator_a"), project, "Too long a title")
    change = ChangeRequest.objects.get(project=project)
    editor = login("editor")
    url = f"/admin/editorial/changerequest/{change.pk}/change/"
    editor.post(url, {"decision": "return", "workflow_comment": ""})
    change.refresh_from_db()
    assert change.is_pending  # a return needs a comment
    mail.outbox.clear()
    editor.post(url, {"decision": "return", "workflow_comment": "Please shorten it."})
    change.refresh_from_db()
    project.refresh_from_db()
    assert change.status == ChangeRequest.Status.RETURNED
    assert change.review_comment == "Please shorten it."
    assert project.title_en != "Too long a title"
    assert len(mail.outbox) == 1 and "Please shorten it." in mail.outbox[0].body
    assert mail.outbox[0].to == ["coord-a@example.org"]
    dashboard = login("coordinator_a").get("/admin/").content.decode()
    assert "Please shorten it." in dashboard


def test_coordinator_creates_a_draft_and_submits_it(login, projects, land_a):
    client = login("coordinator_a")
    data = form_data(client.get("/admin/projects/project/add/"))
    data.update(
        title_de="Neu",
        title_en="New",
        summary_de="Kurz",
        summary_en="Short",
        slug="neu",
        status="ongoing",
        phase=str(projects["a"].phase_id),
        themes=[str(t.pk) for t in projects["a"].themes.all()],
        partner_countries=[str(c.pk) for c in projects["a"].partner_countries.all()],
        publication_state="published",  # ignored: read only
        **{"land_roles-0-land": str(land_a.pk), "land_roles-0-is_lead": "on"},
    )
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(slug="neu")
    assert project.publication_state == State.DRAFT
    mail.outbox.clear()
    client.post(
        f"/admin/projects/project/{project.pk}/workflow/",
        {"step": "submit", "workflow_comment": "Bitte prüfen"},
    )
    project.refresh_from_db()
    assert project.publication_state == State.REVIEW
    event = project.workflow_events.first()
    assert (event.action, event.comment, event.land) == ("submitted", "Bitte prüfen", land_a)
    assert sorted(m.to[0] for m in mail.outbox) == ["chef@example.org", "giz@example.org"]
    assert "Bitte prüfen" in mail.outbox[0].body
    # the editor's dashboard lists it
    assert "Neu" in login("editor").get("/admin/").content.decode()
    # publishing by the coordinator is refused
    client.force_login(project.workflow_events.first().actor)
    client.post(f"/admin/projects/project/{project.pk}/workflow/", {"step": "publish"})
    project.refresh_from_db()
    assert project.publication_state == State.REVIEW


def test_checklist_refuses_incomplete_projects_and_names_what_is_missing(login, projects):
    project = projects["b"]
    Project.objects.filter(pk=project.pk).update(title_en="", summary_en="")
    project.themes.clear()
    client = login("coordinator_b")
    page = client.get(f"/admin/projects/project/{project.pk}/change/")
    # the admin speaks German (the default language)
    with translation.override("de"):
        errors = [str(e) for e in page.context["checklist_errors"]]
        warnings = [str(w) for w in page.context["checklist_warnings"]]
    assert errors == [
        "Englischer Titel fehlt.",
        "Englische Kurzbeschreibung fehlt.",
        "Mindestens ein Themenschwerpunkt ist erforderlich.",
    ]
    assert warnings == ["Ein Bild wird empfohlen.", "Ergebnisindikatoren werden empfohlen."]
    client.post(f"/admin/projects/project/{project.pk}/workflow/", {"step": "submit"})
    project.refresh_from_db()
    assert project.publication_state == State.DRAFT
    editor = login("editor")
    editor.post(f"/admin/projects/project/{project.pk}/workflow/", {"step": "publish"})
    project.refresh_from_db()
    assert project.publication_state == State.DRAFT


def test_warnings_do_not_block_publishing(login, projects):
    project = projects["b"]  # no image, no results: warnings only
    login("editor").post(f"/admin/projects/project/{project.pk}/workflow/", {"step": "publish"})
    project.refresh_from_db()
    assert project.publication_state == State.PUBLISHED


def test_editor_returns_a_submitted_project_to_draft(login, projects):
    project = projects["b"]
    login("coordinator_b").post(
        f"/admin/projects/project/{project.pk}/workflow/", {"step": "submit"}
    )
    mail.outbox.clear()
    login("editor").post(
        f"/admin/projects/project/{project.pk}/workflow/",
        {"step": "return", "workflow_comment": "Partner fehlt"},
    )
    project.refresh_from_db()
    assert project.publication_state == State.DRAFT
    assert mail.outbox[0].to == ["coord-b@example.org"]
    assert "Partner fehlt" in mail.outbox[0].body


def test_preview_of_a_draft_is_for_logged_in_staff_only(client, login, projects):
    project = projects["b"]
    assert client.get(f"/en/projects/{project.slug}/").status_code == 404
    response = client.get(f"/admin/projects/project/{project.pk}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = login("editor").get(f"/admin/projects/project/{project.pk}/preview/")
    assert response.status_code == 200
    assert "Bayern-Entwurf" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_public_page_names_the_land_that_last_confirmed(login, projects, land_a):
    from django.template.loader import render_to_string

    project = projects["a"]
    login("coordinator_a").post(
        f"/admin/projects/project/{project.pk}/workflow/", {"step": "confirm"}
    )
    html = render_to_string("editorial/_confirmation.html", {"project": project})
    assert "Sachsen" in html


def test_reviewer_sees_the_coordinators_comment_next_to_the_diff(login, projects):
    project = projects["a"]
    _propose_title(login("coordinator_a"), project, "Proposed title")
    change = ChangeRequest.objects.get(project=project)
    editor = login("editor")
    html = editor.get(f"/admin/editorial/changerequest/{change.pk}/change/").content.decode()
    comment_at = html.index('class="help proposal-comment"')
    assert html.index("New English title", comment_at) < html.index('class="diff"')
