"""Nothing is lost: optimistic locking, history with restore, recovery of deleted projects."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from reversion.models import Version

from editorial.scope import COORDINATORS, EDITORS
from projects.models import Project
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db


def test_second_save_of_a_stale_form_is_refused_and_keeps_the_input(login, projects):
    project = projects["a"]
    client = login("editor")
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    assert data["lock_token"]
    # somebody else saves in between
    other = Project.objects.get(pk=project.pk)
    other.title_de = "Gespeichert von jemand anderem"
    other.save()
    data["title_de"] = "Meine Eingabe"
    response = client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    # the admin speaks German (the default language)
    assert "Jemand anderes hat dieses Projekt gespeichert, während Sie es bearbeitet" in html
    assert 'value="Meine Eingabe"' in html
    project.refresh_from_db()
    assert project.title_de == "Gespeichert von jemand anderem"


def test_fresh_form_saves(login, projects):
    project = projects["a"]
    client = login("editor")
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    data["title_de"] = "Neuer Titel"
    assert client.post(f"/admin/projects/project/{project.pk}/change/", data).status_code == 302
    project.refresh_from_db()
    assert project.title_de == "Neuer Titel"


def test_editor_restores_an_earlier_version_with_its_inline_rows(login, projects, land_b):
    project = projects["a"]
    client = login("editor")
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    data["title_de"] = "Falsch geändert"
    total = int(data["land_roles-TOTAL_FORMS"])
    data["land_roles-TOTAL_FORMS"] = str(total + 1)
    data[f"land_roles-{total}-land"] = str(land_b.pk)
    client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert project.land_roles.count() == 2
    versions = Version.objects.get_for_object(project)
    assert versions.count() == 2 and versions.first().revision.user.username == "giz"

    history = client.get(f"/admin/projects/project/{project.pk}/history/")
    assert history.status_code == 200 and "giz" in history.content.decode()
    first = versions.last()
    url = f"/admin/projects/project/{project.pk}/history/{first.pk}/"
    revert_form = client.get(url)
    assert revert_form.status_code == 200
    project.refresh_from_db()
    assert project.title_de == "Falsch geändert"  # looking changes nothing
    response = client.post(url, form_data(revert_form))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_de == "Sachsen-Projekt"
    assert list(project.land_roles.values_list("land__code", flat=True)) == ["DE-SN"]


def test_coordinator_cannot_restore_a_version(login, projects):
    project = projects["a"]
    version = Version.objects.get_for_object(project).first()
    response = login("coordinator_a").post(
        f"/admin/projects/project/{project.pk}/history/{version.pk}/", {}
    )
    assert response.status_code == 403


def test_deleted_project_can_be_recovered_by_an_editor(login, projects):
    project = projects["a"]
    pk, slug = project.pk, project.slug
    client = login("editor")
    response = client.post(f"/admin/projects/project/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=pk).exists()
    recover_list = client.get("/admin/projects/project/recover/")
    assert "Sachsen-Projekt" in recover_list.content.decode()
    version = Version.objects.get_deleted(Project).get(object_id=str(pk))
    form = client.get(f"/admin/projects/project/recover/{version.pk}/")
    assert form.status_code == 200
    assert not Project.objects.filter(pk=pk).exists()  # the form alone recovers nothing
    client.post(f"/admin/projects/project/recover/{version.pk}/", form_data(form))
    restored = Project.objects.get(pk=pk)
    assert restored.slug == slug and restored.land_roles.count() == 1
    assert restored.workflow_events.filter(action="deleted").exists()  # the log survived


def test_land_profile_change_is_kept_in_the_history(login, land_a):
    """An editor's edit saves directly; a coordinator's (tests/editorial/test_land_review.py)
    is kept in the history when an editor approves it."""
    client = login("editor")
    response = client.get(f"/admin/partners/land/{land_a.pk}/change/")
    data = form_data(response)
    data["profile_de"] = "Neues Profil"
    assert client.post(f"/admin/partners/land/{land_a.pk}/change/", data).status_code == 302
    land_a.refresh_from_db()
    assert land_a.profile_de == "Neues Profil"
    assert land_a.code == "DE-SN"
    assert Version.objects.get_for_object(land_a).first().revision.user.username == "giz"


def test_setup_roles_is_idempotent_and_grants_exactly_the_roles(db):
    out = StringIO()
    call_command("setup_roles", stdout=out)
    first = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    out = StringIO()
    call_command("setup_roles", stdout=out)
    second = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert first == second and "unchanged" in out.getvalue()
    coordinators, editors = second[COORDINATORS], second[EDITORS]
    assert {"add_project", "change_project", "view_project", "change_land"} <= coordinators
    forbidden = {"delete_project", "publish_project", "change_user", "add_user", "change_group"}
    assert not coordinators & forbidden
    assert {"delete_project", "publish_project", "change_user", "add_coordinator"} <= editors
    # an extra permission added by hand is removed again
    Group.objects.get(name=COORDINATORS).permissions.add(
        *Group.objects.get(name=EDITORS).permissions.filter(codename="delete_project")
    )
    call_command("setup_roles", stdout=StringIO())
    assert (
        not Group.objects.get(name=COORDINATORS)
        .permissions.filter(codename="delete_project")
        .exists()
    )


def test_setup_roles_dry_run_saves_nothing(db):
    call_command("setup_roles", "--dry-run", stdout=StringIO())
    assert not Group.objects.exists()


def test_demo_data_prints_editor_and_coordinator_logins(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    text = out.getvalue()
    assert "giz / blp-demo-giz" in text and "sachsen / blp-demo-sachsen" in text
    from django.contrib.auth import get_user_model

    sachsen = get_user_model().objects.get(username="sachsen")
    assert list(sachsen.coordinator.laender.values_list("code", flat=True)) == ["DE-SN"]
    assert not sachsen.has_perm("editorial.publish_project")
