"""Export of the change list as CSV or xlsx: the admin's queryset and filters, fixed queries."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from editorial.spreadsheets import ProjectResource
from projects.models import Project
from tests.factories import make_land, make_project

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/projects/project/export/"
XLSX, CSV = "0", "1"


def _export(client, fmt=CSV, query=""):
    fields = {f"projectresource_{name}": "on" for name in ProjectResource().fields}
    return client.post(f"{EXPORT_URL}{query}", {"resource": "0", "format": fmt, **fields})


def _csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_contains_the_projects_in_readable_columns(editor_client):
    make_project(
        slug="export-me",
        title_de="=SUMME(A1)",
        laender=[make_land(), make_land("DE-BY", "Bayern", "Bavaria")],
        state=Project.PublicationState.DRAFT,
    )
    make_project(slug="second")
    response = _export(editor_client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {row["slug"]: row for row in _csv_rows(response)}
    assert set(rows) == {"export-me", "second"}
    row = rows["export-me"]
    assert (row["lead_land"], row["other_laender"]) == ("DE-SN", "DE-BY")
    assert (row["phase"], row["themes"], row["partner_countries"]) == (
        "blp-iii",
        "governance",
        "UG",
    )
    assert row["publication_state"] == "draft"
    assert row["title_de"] == "'=SUMME(A1)"  # kept as text in spreadsheets


def test_xlsx_export_opens_as_a_workbook(editor_client):
    make_project(slug="in-excel")
    response = _export(editor_client, fmt=XLSX)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["slug", "title_de", "title_en"]
    assert sheet.cell(row=2, column=1).value == "in-excel"


def test_export_follows_the_change_list_filter(editor_client):
    make_project(slug="published-one")
    make_project(slug="draft-one", state=Project.PublicationState.DRAFT)
    response = _export(editor_client, query="?publication_state__exact=draft")
    assert [row["slug"] for row in _csv_rows(response)] == ["draft-one"]


def test_export_uses_the_admins_queryset(editor_client, monkeypatch):
    """Coordinators' limits live in ProjectAdmin.get_queryset; the export inherits them."""
    from django.contrib import admin

    make_project(slug="visible")
    make_project(slug="other-land")
    monkeypatch.setattr(
        type(admin.site._registry[Project]),
        "get_queryset",
        lambda self, request: Project.objects.filter(slug="visible"),
    )
    assert [row["slug"] for row in _csv_rows(_export(editor_client))] == ["visible"]


def test_export_query_count_does_not_grow_with_the_projects(
    editor_client, django_assert_num_queries
):
    for _ in range(2):
        make_project()
    # 1 session, 2 user, 3-6 the change list's filter choices (phases, focus themes, topics,
    # Länder), 7 count, 8 projects with phase, 9 their Länder roles, 10 the Länder,
    # 11 themes, 12 partner countries
    with django_assert_num_queries(12):
        _export(editor_client)
    for _ in range(8):
        make_project()
    with django_assert_num_queries(12):
        _export(editor_client)


def test_staff_without_view_permission_may_not_export(client):
    user = get_user_model().objects.create_user("nobody", "n@example.org", "pw", is_staff=True)
    client.force_login(user)
    assert client.get(EXPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"resource": "0", "format": CSV}).status_code == 403


def test_coordinators_export_only_their_laender_projects(client, coordinator):
    make_project(slug="in-sachsen", laender=[make_land("DE-SN")])
    make_project(slug="mit-sachsen", laender=[make_land("DE-BY"), make_land("DE-SN")])
    make_project(slug="nur-bayern", laender=[make_land("DE-BY")])
    client.force_login(coordinator)
    slugs = {row["slug"] for row in _csv_rows(_export(client))}
    assert slugs == {"in-sachsen", "mit-sachsen"}
