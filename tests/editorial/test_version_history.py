"""Defect 8: every versioned object has its present version in the history from the moment
it exists, and the history compares any two versions field by field."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Revision, Version

from editorial.versions import record_initial_versions, remove_initial_versions, word_diff
from partners.models import Land
from projects.models import Project
from tests.editorial.conftest import form_data
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_objects_made_outside_the_admin_get_their_first_version(land_a):
    project = make_project(laender=[land_a], title_de="Erster Text")
    assert not Version.objects.get_for_object(project).exists()
    record_initial_versions()
    version = Version.objects.get_for_object(project).get()
    assert version.field_dict["title_de"] == "Erster Text"
    assert version.revision.comment == "Erste Fassung"
    # the inline rows are in the same revision: restoring brings the Land back
    assert version.revision.version_set.filter(content_type__model="projectland").count() == 1
    assert Version.objects.get_for_object(land_a).count() == 1
    record_initial_versions()  # a second run adds nothing
    assert Version.objects.get_for_object(project).count() == 1


def test_reverse_step_removes_only_the_initial_versions(login, projects, land_a):
    extra = make_project(laender=[land_a])
    record_initial_versions()
    assert Version.objects.get_for_object(extra).count() == 1
    kept = Revision.objects.exclude(comment="Erste Fassung").count()
    remove_initial_versions()
    assert not Version.objects.get_for_object(extra).exists()
    assert Revision.objects.count() == kept
    # the fixture's version (made with a user-less revision of its own) stays
    assert Version.objects.get_for_object(projects["a"]).count() == 1


def test_reference_data_loader_records_versions(db):
    call_command("load_reference_data", stdout=StringIO())
    land = Land.objects.get(code="DE-SN")
    assert Version.objects.get_for_object(land).count() == 1


def test_demo_loader_records_versions(demo_data):
    project = Project.objects.first()
    assert Version.objects.get_for_object(project).count() == 1


def test_migration_records_and_removes_initial_versions(transactional_db, land_a):
    project = make_project(laender=[land_a])
    executor = MigrationExecutor(connection)
    executor.migrate([("editorial", "0004_maildelivery")])
    assert not Version.objects.get_for_object(project).exists()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Version.objects.get_for_object(project).count() == 1


def test_word_diff_marks_the_changed_words():
    assert word_diff(
        "Das Projekt baut Brunnen in Mosambik.", "Das Projekt baut Schulen in Mosambik."
    ) == [
        ("same", "Das Projekt baut"),
        ("removed", "Brunnen"),
        ("added", "Schulen"),
        ("same", "in Mosambik."),
    ]


def _edit(client, project, **changes):
    data = form_data(client.get(f"/admin/projects/project/{project.pk}/change/"))
    data.update(changes)
    response = client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert response.status_code == 302


def test_history_compares_two_versions_field_by_field(login, projects):
    project = projects["a"]
    client = login("editor")
    long_text = "Ein langer Text über das Projekt, der viele Wörter hat und sich kaum ändert. " * 3
    _edit(client, project, description_de=long_text)
    _edit(client, project, title_de="Neuer Titel", description_de=long_text.replace("kaum", "oft"))
    first, second, third = reversed(Version.objects.get_for_object(project))

    history = client.get(f"/admin/projects/project/{project.pk}/history/").content.decode()
    assert f'name="old" value="{first.pk}"' in history
    assert "/history/compare/" in history

    url = f"/admin/projects/project/{project.pk}/history/compare/"
    response = client.get(url, {"old": second.pk, "new": third.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Sachsen-Projekt</del>" in html and "<ins>Neuer Titel</ins>" in html
    assert "<del>kaum</del>" in html and "<ins>oft</ins>" in html  # word by word
    # chosen the other way round: the older stays on the left
    swapped = client.get(url, {"old": third.pk, "new": second.pk}).content.decode()
    assert "<del>Sachsen-Projekt</del>" in swapped and "<del>kaum</del>" in swapped
    # without a choice: the two newest
    assert "<ins>Neuer Titel</ins>" in client.get(url).content.decode()


def test_compare_refuses_versions_of_another_object(login, projects):
    client = login("editor")
    other = Version.objects.get_for_object(projects["b"]).first()
    mine = Version.objects.get_for_object(projects["a"]).first()
    url = f"/admin/projects/project/{projects['a'].pk}/history/compare/"
    assert client.get(url, {"old": other.pk, "new": mine.pk}).status_code == 404
    assert client.get(url, {"old": "x", "new": "';--"}).status_code == 404


def test_coordinator_compares_their_own_but_not_another_lands_versions(login, projects):
    client = login("coordinator_a")
    url = "/admin/projects/project/{}/history/compare/"
    assert client.get(url.format(projects["a"].pk)).status_code == 200
    assert client.get(url.format(projects["b"].pk)).status_code == 404
    history = client.get(f"/admin/projects/project/{projects['a'].pk}/history/").content.decode()
    # coordinators compare, but only editors open a version to restore it
    assert "/history/compare/" in history
    assert f"/history/{Version.objects.get_for_object(projects['a']).first().pk}/" not in history
