"""The permission matrix: every role × every admin URL kind × own/other Land's object.

Expected results come from three rules, not from a hand-written table:
- anonymous users are sent to the log-in page (302);
- objects outside a coordinator's Länder do not exist for them (404), whatever the view;
- some views are for editors only (403 for coordinators): delete, restore a version, recover
  deleted objects, user accounts.
"""

import pytest
from reversion.models import Version

from partners.models import Land
from projects.models import Project
from tests.editorial.conftest import ROLES

pytestmark = pytest.mark.django_db

EDITOR_ROLES = {"editor", "superuser"}

# kind: (url builder, scope: "object" (own/other matters) or "none", editors only?)
PROJECT_KINDS = {
    "changelist": (lambda p: "/admin/projects/project/", False, False),
    "add": (lambda p: "/admin/projects/project/add/", False, False),
    "change": (lambda p: f"/admin/projects/project/{p.pk}/change/", True, False),
    "history": (lambda p: f"/admin/projects/project/{p.pk}/history/", True, False),
    "workflow": (lambda p: f"/admin/projects/project/{p.pk}/workflow/", True, False),
    "preview": (lambda p: f"/admin/projects/project/{p.pk}/preview/", True, False),
    "delete": (lambda p: f"/admin/projects/project/{p.pk}/delete/", True, True),
    "revert": (
        lambda p: (
            f"/admin/projects/project/{p.pk}/history/{Version.objects.get_for_object(p).first().pk}/"
        ),
        True,
        True,
    ),
    "recoverlist": (lambda p: "/admin/projects/project/recover/", False, True),
    "user_admin": (lambda p: "/admin/auth/user/", False, True),
    "group_admin": (lambda p: "/admin/auth/group/", False, True),
    "changerequests": (lambda p: "/admin/editorial/changerequest/", False, False),
}
LAND_KINDS = {
    "land_changelist": (lambda land: "/admin/partners/land/", False, False),
    "land_change": (lambda land: f"/admin/partners/land/{land.pk}/change/", True, False),
    "land_history": (lambda land: f"/admin/partners/land/{land.pk}/history/", True, False),
    "land_delete": (lambda land: f"/admin/partners/land/{land.pk}/delete/", True, True),
    "land_add": (lambda land: "/admin/partners/land/add/", False, True),
}


def is_own(role, target):
    return role in EDITOR_ROLES or role == f"coordinator_{target}"


def expected_status(role, kind_spec, target):
    _url, scoped, editors_only = kind_spec
    if role == "anonymous":
        return 302
    if scoped and not is_own(role, target):
        return 404
    if editors_only and role not in EDITOR_ROLES:
        return 403
    return 200


@pytest.mark.parametrize("target", ["a", "b"])
@pytest.mark.parametrize("kind", list(PROJECT_KINDS))
@pytest.mark.parametrize("role", ROLES)
def test_project_admin_matrix(login, projects, role, kind, target):
    spec = PROJECT_KINDS[kind]
    response = login(role).get(spec[0](projects[target]))
    assert response.status_code == expected_status(role, spec, target)
    if role == "anonymous":
        assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("target", ["a", "b"])
@pytest.mark.parametrize("kind", list(LAND_KINDS))
@pytest.mark.parametrize("role", ROLES)
def test_land_admin_matrix(login, land_a, land_b, role, kind, target):
    land = {"a": land_a, "b": land_b}[target]
    spec = LAND_KINDS[kind]
    response = login(role).get(spec[0](land))
    assert response.status_code == expected_status(role, spec, target)


@pytest.mark.parametrize("role", ROLES[1:])
def test_changelist_lists_only_own_projects(login, projects, role):
    html = login(role).get("/admin/projects/project/").content.decode()
    for target, project in projects.items():
        assert (f"/admin/projects/project/{project.pk}/change/" in html) == is_own(role, target)


@pytest.mark.parametrize("role", ROLES[1:])
def test_land_changelist_lists_only_own_laender(login, land_a, land_b, role):
    html = login(role).get("/admin/partners/land/").content.decode()
    for target, land in {"a": land_a, "b": land_b}.items():
        assert (f"/admin/partners/land/{land.pk}/change/" in html) == is_own(role, target)


@pytest.mark.parametrize("role", ROLES)
def test_project_autocomplete_offers_only_own_projects(login, projects, role):
    response = login(role).get(
        "/admin/autocomplete/",
        {
            "app_label": "projects",
            "model_name": "project",
            "field_name": "predecessor",
            "term": "",
        },
    )
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    ids = {int(item["id"]) for item in response.json()["results"]}
    for target, project in projects.items():
        assert (project.pk in ids) == is_own(role, target)


@pytest.mark.parametrize("role", ROLES[1:])
def test_land_autocomplete_of_the_project_form_offers_every_land_name(login, projects, role):
    """Picking a partner Land needs the (public) names of all Länder, nothing else."""
    response = login(role).get(
        "/admin/autocomplete/",
        {"app_label": "projects", "model_name": "projectland", "field_name": "land"},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == Land.objects.count()
    assert set(response.json()["results"][0]) == {"id", "text"}


@pytest.mark.parametrize("action", ["publish_selected", "archive_selected", "delete_selected"])
@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_coordinators_cannot_use_editor_bulk_actions(login, projects, role, action):
    before = {p.pk: p.publication_state for p in Project.objects.all()}
    client = login(role)
    client.post(
        "/admin/projects/project/",
        {"action": action, "_selected_action": [p.pk for p in projects.values()], "post": "yes"},
    )
    assert {p.pk: p.publication_state for p in Project.objects.all()} == before


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b", "editor"])
def test_bulk_submit_touches_only_own_projects(login, projects, role):
    Project.objects.update(publication_state=Project.PublicationState.DRAFT)
    login(role).post(
        "/admin/projects/project/",
        {"action": "submit_selected", "_selected_action": [p.pk for p in projects.values()]},
    )
    for target, project in projects.items():
        project.refresh_from_db()
        submitted = project.publication_state == Project.PublicationState.REVIEW
        assert submitted == is_own(role, target)


@pytest.mark.parametrize("role", ROLES[1:])
def test_publish_step_only_for_editors(login, projects, role):
    project = projects["b"]  # a complete draft of Land B
    response = login(role).post(
        f"/admin/projects/project/{project.pk}/workflow/", {"step": "publish"}
    )
    project.refresh_from_db()
    published = project.publication_state == Project.PublicationState.PUBLISHED
    assert published == (role in EDITOR_ROLES)
    assert response.status_code == (302 if is_own(role, "b") else 404)


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_export_contains_only_own_projects(rf, users, projects, role):
    from django.contrib import admin

    request = rf.get("/admin/projects/project/export/")
    request.user = users[role]
    exported = set(admin.site._registry[Project].get_export_queryset(request))
    assert exported == {p for target, p in projects.items() if is_own(role, target)}


def test_coordinator_cannot_make_a_project_of_another_land(login, projects, land_b):
    client = login("coordinator_a")
    from tests.editorial.conftest import form_data

    data = form_data(client.get("/admin/projects/project/add/"))
    data.update(
        title_de="Neu",
        title_en="New",
        summary_de="K",
        summary_en="S",
        slug="neu",
        status="ongoing",
        phase=str(projects["a"].phase_id),
        **{"land_roles-0-land": str(land_b.pk), "land_roles-0-is_lead": "on"},
    )
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 200
    # the admin speaks German (the default language)
    assert "Eines der Länder, die Sie koordinieren, muss an dem Projekt beteiligt sein" in (
        response.content.decode()
    )
    assert not Project.objects.filter(slug="neu").exists()


def test_coordinator_cannot_grant_themselves_rights(login, users):
    client = login("coordinator_a")
    user = users["coordinator_a"]
    assert client.get(f"/admin/auth/user/{user.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/", {"is_superuser": "on", "username": user.username}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser
    assert client.get("/admin/editorial/coordinator/").status_code == 403
