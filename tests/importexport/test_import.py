"""Import of projects from CSV/xlsx: preview first, then all rows or none."""

import pytest
import tablib
from django.contrib.messages import get_messages

from projects.models import Project
from projects.resources import ProjectResource, import_scope
from tests.factories import make_project
from tests.importexport.conftest import HEADERS, row, sheet, upload_file

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/projects/project/import/"
CONFIRM_URL = "/admin/projects/project/process_import/"
CSV_FORMAT = "1"  # import_formats = [XLSX, CSV]
XLSX_FORMAT = "0"


def _preview(client, data, name="projects.csv", fmt=CSV_FORMAT):
    return client.post(
        IMPORT_URL,
        {"resource": "0", "format": fmt, "import_file": upload_file(data, name)},
        headers={"Accept-Language": "en"},
    )


def _confirm(client, preview):
    return client.post(
        CONFIRM_URL, preview.context["confirm_form"].initial, headers={"Accept-Language": "en"}
    )


def test_preview_shows_new_and_changed_projects_and_changes_nothing(reference_data, editor_client):
    existing = make_project(slug="bestand", title_de="Alter Titel")
    data = sheet(row("neu-1"), row("bestand", title_de="Neuer Titel"), row("neu-2"))
    response = _preview(editor_client, data)
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.totals["new"], result.totals["update"], result.totals["error"]) == (2, 1, 0)
    assert response.context["confirm_form"] is not None
    html = response.content.decode()
    assert "Below is a preview of data to be imported" in html
    assert "Neu" in "".join(result.rows[1].diff)  # before/after of the changed title
    assert [row.import_type for row in result.rows] == ["new", "update", "new"]
    assert not Project.objects.filter(slug__startswith="neu-").exists()
    existing.refresh_from_db()
    assert existing.title_de == "Alter Titel"


def test_confirmed_import_creates_drafts_and_updates_existing_projects(
    reference_data, editor_client
):
    existing = make_project(slug="bestand")
    data = sheet(row("neu-1"), row("bestand", title_de="Neuer Titel", themes="energy"))
    response = _confirm(editor_client, _preview(editor_client, data))
    assert response.status_code == 302
    new = Project.objects.get(slug="neu-1")
    assert new.publication_state == Project.PublicationState.DRAFT
    assert new.title_en == "Title neu-1"
    assert sorted(t.slug for t in new.themes.all()) == ["energy", "governance"]
    assert [(r.land.code, r.is_lead) for r in new.land_roles.all()] == [
        ("DE-SN", True),
        ("DE-BY", False),
    ]
    assert sorted(str(c.code) for c in new.partner_countries.all()) == ["KE", "UG"]
    assert str(new.start_date) == "2024-01-15"
    assert new.bmz_funding == 250000
    existing.refresh_from_db()
    assert existing.title_de == "Neuer Titel"
    assert [t.slug for t in existing.themes.all()] == ["energy"]
    # an import does not change what the public sees: the publication state stays
    assert existing.publication_state == Project.PublicationState.PUBLISHED


def test_bad_row_3_rejects_the_whole_file_and_names_the_row(reference_data, editor_client):
    before = Project.objects.count()
    data = sheet(row("neu-1"), row("neu-2"), row("neu-3", themes="governance, no-such-theme"))
    response = _preview(editor_client, data)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    result = response.context["result"]
    assert [invalid.number for invalid in result.invalid_rows] == [3]
    html = response.content.decode()
    assert "Nothing was imported: the file has errors in row 3 (counting" in html
    assert "Unknown focus theme: no-such-theme." in html
    assert Project.objects.count() == before


def test_real_import_with_a_bad_row_rolls_back_every_row(reference_data, editor):
    """The transaction itself, without the admin's preview in front of it."""
    before = Project.objects.count()
    dataset = tablib.Dataset(
        row("neu-1"), row("neu-2"), row("neu-3", themes="no-such-theme"), headers=HEADERS
    )
    result = ProjectResource(user=editor).import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert result.invalid_rows[0].number == 3
    assert Project.objects.count() == before


def test_confirm_step_is_all_or_nothing_when_data_changed_after_the_preview(
    reference_data, editor_client
):
    from themes.models import Theme

    data = sheet(row("neu-1", themes="governance"), row("neu-2", themes="energy"))
    preview = _preview(editor_client, data)
    Theme.objects.filter(slug="energy").delete()
    response = _confirm(editor_client, preview)
    assert response.status_code == 302
    assert not Project.objects.filter(slug__startswith="neu-").exists()
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("errors in row 2 (counting" in m for m in messages), messages


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phase": "blp-ix"}, "Unknown phase “blp-ix”."),
        ({"partner_countries": "UG, XX"}, "Unknown partner country: XX."),
        ({"lead_land": "DE-ZZ"}, "Unknown Land: DE-ZZ."),
        ({"lead_land": ""}, "Give exactly one lead Land (e.g. DE-SN)."),
        ({"status": "dreaming"}, "Value &#x27;dreaming&#x27; is not a valid choice."),
        ({"start_date": "2027-01-01"}, "The end must not be before the start."),
        ({"title_de": ""}, "This field cannot be blank."),
    ],
)
def test_invalid_values_are_reported(reference_data, editor_client, overrides, message):
    response = _preview(editor_client, sheet(row("neu-1", **overrides)))
    assert response.context.get("confirm_form") is None
    assert message in response.content.decode()
    assert not Project.objects.filter(slug="neu-1").exists()


def test_xlsx_is_imported(reference_data, editor_client):
    data = sheet(row("aus-excel"), fmt="xlsx")
    preview = _preview(editor_client, data, name="projects.xlsx", fmt=XLSX_FORMAT)
    assert preview.context["result"].totals["new"] == 1
    _confirm(editor_client, preview)
    assert Project.objects.get(slug="aus-excel").publication_state == "draft"


def test_formula_escape_of_the_export_is_undone_on_import(reference_data, editor_client):
    data = sheet(row("formel", summary_en="'=HYPERLINK(1)"))
    _confirm(editor_client, _preview(editor_client, data))
    assert Project.objects.get(slug="formel").summary_en == "=HYPERLINK(1)"


def test_staff_without_editor_rights_may_not_import(reference_data, client, coordinator):
    client.force_login(coordinator)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(CONFIRM_URL, {}).status_code == 403
    assert import_scope(coordinator) == set()


def test_anonymous_is_sent_to_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.fixture
def saxony_scope_hook(monkeypatch):
    """The editorial app's land_scope contract: None for editors, else the user's Länder."""
    monkeypatch.setattr(
        "projects.resources._editorial_land_scope",
        lambda: lambda user: None if user.is_superuser else ["DE-SN"],
    )


def test_coordinator_rows_outside_their_laender_are_refused(
    reference_data, client, coordinator, saxony_scope_hook
):
    client.force_login(coordinator)
    data = sheet(
        row("sachsen-only", other_laender=""),
        row("mit-bayern"),
        row("bayern", lead_land="DE-BY", other_laender=""),
    )
    response = _preview(client, data)
    assert response.status_code == 200
    assert [r.number for r in response.context["result"].invalid_rows] == [2, 3]
    assert "You may not import projects for DE-BY: outside your Länder." in (
        response.content.decode()
    )


def test_coordinator_may_not_update_a_project_outside_the_admin_queryset(
    reference_data, client, coordinator, saxony_scope_hook, monkeypatch
):
    from django.contrib import admin

    hidden = make_project(slug="fremd")
    model_admin = admin.site._registry[Project]
    monkeypatch.setattr(
        type(model_admin),
        "get_queryset",
        lambda self, request: Project.objects.exclude(pk=hidden.pk),
    )
    client.force_login(coordinator)
    response = _preview(client, sheet(row("fremd", other_laender="")))
    assert "You may not change the project “fremd”." in response.content.decode()
