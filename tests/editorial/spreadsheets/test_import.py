"""Import of projects from CSV/xlsx: preview first, then all rows or none."""

import pytest
import reversion
import tablib
from django.contrib.messages import get_messages
from reversion.models import Version

from editorial.models import WorkflowEvent
from editorial.spreadsheets import ProjectResource
from projects.models import Project
from tests.editorial.conftest import form_data
from tests.editorial.spreadsheets.conftest import HEADERS, row, sheet, upload_file
from tests.factories import make_project

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
    result = ProjectResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=editor
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


def test_coordinators_get_neither_import_button_nor_import_url(reference_data, client, coordinator):
    """A coordinator's changes go through review; an import would bypass it."""
    published = make_project(slug="sachsen-live", title_de="Alter Titel")
    client.force_login(coordinator)
    changelist = client.get("/admin/projects/project/")
    assert changelist.status_code == 200
    assert IMPORT_URL not in changelist.content.decode()
    assert "/admin/projects/project/export/" in changelist.content.decode()
    assert client.get(IMPORT_URL).status_code == 403
    data = sheet(row("sachsen-live", title_de="Neuer Titel", other_laender=""))
    assert _preview(client, data).status_code == 403
    confirm = {"import_file_name": "x", "original_file_name": "x.csv", "format": CSV_FORMAT}
    assert client.post(CONFIRM_URL, {**confirm, "resource": "0"}).status_code == 403
    published.refresh_from_db()
    assert published.title_de == "Alter Titel"
    assert not published.workflow_events.exists()


def test_import_without_an_editor_writes_nothing(reference_data, coordinator):
    """Below the admin, too: the history needs an editor as the author of every import."""
    make_project(slug="bestand", title_de="Alter Titel")
    dataset = tablib.Dataset(row("neu-1"), row("bestand", title_de="Neu"), headers=HEADERS)
    for user in (None, coordinator):
        result = ProjectResource().import_data(dataset, dry_run=False, user=user)
        assert result.has_errors()
        assert not Project.objects.filter(slug="neu-1").exists()
        assert Project.objects.get(slug="bestand").title_de == "Alter Titel"


def test_every_imported_project_gets_a_version_and_a_workflow_step(
    reference_data, editor, editor_client
):
    make_project(slug="bestand", title_de="Alter Titel")
    data = sheet(row("neu-1"), row("bestand", title_de="Neuer Titel"))
    _confirm(editor_client, _preview(editor_client, data, name="liste.csv"))
    for slug, to_state in (("neu-1", Project.PublicationState.DRAFT), ("bestand", "")):
        project = Project.objects.get(slug=slug)
        (version,) = Version.objects.get_for_object(project)
        assert version.revision.user == editor
        assert version.revision.comment == "Imported from liste.csv"
        assert version.field_dict["title_de"] == project.title_de
        (event,) = project.workflow_events.all()
        assert (event.action, event.actor, event.to_state) == (
            WorkflowEvent.Action.IMPORTED,
            editor,
            to_state,
        )
        assert event.comment == "Imported from liste.csv"  # the preview left nothing behind


def test_an_imported_change_can_be_restored_from_the_history(reference_data, editor_client):
    project = make_project(slug="bestand", title_de="Vor dem Import")
    with reversion.create_revision():
        reversion.add_to_revision(project)
    _confirm(editor_client, _preview(editor_client, sheet(row("bestand", title_de="Importiert"))))
    project.refresh_from_db()
    assert project.title_de == "Importiert"
    before_import = Version.objects.get_for_object(project).last()
    url = f"/admin/projects/project/{project.pk}/history/{before_import.pk}/"
    response = editor_client.post(url, form_data(editor_client.get(url)))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title_de == "Vor dem Import"


def test_anonymous_is_sent_to_login(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
