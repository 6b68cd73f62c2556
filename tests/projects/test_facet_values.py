"""PostgreSQL keeps each project's facet values as arrays (migration projects 0013): the
triggers must follow every kind of write to the link tables and to the projects, or the
facet counts would drift from what the filters select."""

from importlib import import_module

import pytest
from django.db import connection

from projects.models import Project, ProjectLand
from tests.factories import make_country, make_land, make_project, make_theme
from themes.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db

# column -> (link table, value column): the migration's own list
LINKS = import_module("projects.migrations.0013_facet_values").LINKS


def kept():
    """{project id: {column: sorted values}} as the table holds them (empty arrays left out)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT project_id, {', '.join(LINKS)} FROM projects_facet_values")
        rows = cursor.fetchall()
    return {
        row[0]: {
            name: sorted(values) for name, values in zip(LINKS, row[1:], strict=True) if values
        }
        for row in rows
        if any(row[1:])
    }


def from_links():
    """The same, read from the link tables themselves."""
    expected = {}
    with connection.cursor() as cursor:
        for name, (table, column) in LINKS.items():
            cursor.execute(f"SELECT project_id, {column} FROM {table}")
            for project, value in cursor.fetchall():
                expected.setdefault(project, {}).setdefault(name, []).append(value)
    return {p: {n: sorted(v) for n, v in values.items()} for p, values in expected.items()}


def test_every_write_to_a_link_table_is_followed(postgres_only):
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    uganda, namibia = make_country("UG"), make_country("NA")
    governance, climate = make_theme("governance"), make_theme("umwelt-klima-energie")
    a = make_project(laender=[saxony], countries=[uganda], themes=[governance])
    b = make_project(laender=[saxony, bremen], countries=[uganda, namibia], themes=[climate])
    assert kept() == from_links()

    a.themes.add(climate)
    a.partner_countries.remove(uganda)
    b.topics.set([governance])
    sdg = SustainableDevelopmentGoal.objects.create(number=4, name_de="Bildung", name_en="Ed.")
    b.sdgs.add(sdg)
    assert kept() == from_links()
    assert kept()[a.pk]["themes"] == sorted([governance.pk, climate.pk])

    hamburg = make_land("DE-HH", "Hamburg")
    ProjectLand.objects.filter(project=b, land=bremen).update(land=hamburg)
    assert kept()[b.pk]["laender"] == sorted([saxony.pk, hamburg.pk])
    ProjectLand.objects.filter(project=b, is_lead=False).delete()
    b.partner_countries.clear()
    assert kept() == from_links()

    Project.objects.filter(pk=a.pk).delete()
    assert a.pk not in kept()
    assert kept() == from_links()


def test_a_new_project_never_inherits_the_values_of_a_deleted_id(postgres_only):
    old = make_project()
    values = kept()[old.pk]
    with connection.cursor() as cursor:  # as a test's flush does: no row trigger fires
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the checks still due, before TRUNCATE
        cursor.execute("TRUNCATE projects_project CASCADE")
    assert kept() == {}
    assert values  # the project had values before

    with connection.cursor() as cursor:  # a row left behind by a flush without the trigger
        cursor.execute(
            "INSERT INTO projects_facet_values (project_id, themes, topics, laender, countries, "
            "sdgs, listed, hides_partner_countries, status) "
            "VALUES (%s, '{1}', '{}', '{}', '{}', '{}', true, false, 'ongoing')",
            [old.pk],
        )
    new = make_project(pk=old.pk, themes=[], laender=[], countries=[])
    assert new.pk not in kept()
