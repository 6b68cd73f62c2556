"""DAC sector codes: the shipped codelist, the model's check and the admin's 100 % rule."""

import pytest
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from opendata import sectors
from opendata.admin import ProjectSectorForm, ProjectSectorFormSet
from opendata.models import ProjectSector
from projects.models import Project
from tests.factories import make_project, make_theme
from tests.opendata.helpers import external_dir

pytestmark = pytest.mark.django_db


def test_shipped_codelist_is_the_official_one(tmp_path):
    official = external_dir("IATI_CODELIST_DIR") / "Sector.xml"
    copy = tmp_path / "dac_sectors.csv"
    assert sectors.write_from_codelist(official, copy) == len(sectors.sectors())
    assert copy.read_bytes() == sectors.DATA_FILE.read_bytes()


def test_theme_sectors_are_active_codes():
    codes = {*sectors.THEME_SECTORS.values(), sectors.SECTOR_NOT_SPECIFIED}
    assert all(sectors.is_active(code) for code in codes)


@pytest.mark.parametrize(
    ("code", "valid"),
    [("15110", True), ("14081", True), ("12345", False), ("99999", False)],
)
def test_model_accepts_only_codes_of_the_codelist(code, valid):
    sector = ProjectSector(project=make_project(), code=code, percentage=100)
    if valid:
        sector.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            sector.full_clean()
        assert "code" in error.value.message_dict


def test_withdrawn_codes_are_refused_and_not_offered():
    withdrawn = next(c for c, row in sectors.sectors().items() if row["status"] == "withdrawn")
    assert not sectors.is_active(withdrawn)
    assert withdrawn not in dict(sectors.choices())
    with pytest.raises(ValidationError):
        ProjectSector(project=make_project(), code=withdrawn, percentage=100).full_clean()


FormSet = inlineformset_factory(
    Project, ProjectSector, form=ProjectSectorForm, formset=ProjectSectorFormSet, extra=0
)


def _formset(project, *rows, delete=()):
    data = {"sectors-TOTAL_FORMS": str(len(rows)), "sectors-INITIAL_FORMS": "0"}
    for number, (code, percentage) in enumerate(rows):
        data[f"sectors-{number}-code"] = code
        data[f"sectors-{number}-percentage"] = percentage
        if number in delete:
            data[f"sectors-{number}-DELETE"] = "on"
    return FormSet(data, instance=project, prefix="sectors")


def test_admin_requires_the_percentages_to_add_up_to_100():
    project = make_project()
    short = _formset(project, ("15110", "60"), ("14081", "30"))
    assert not short.is_valid()
    assert "90" in " ".join(short.non_form_errors())
    assert _formset(project, ("15110", "60"), ("14081", "40")).is_valid()
    assert _formset(project).is_valid()  # no sectors: the themes' are used
    # a deleted row does not count
    assert _formset(project, ("15110", "100"), ("14081", "40"), delete={1}).is_valid()


def test_admin_offers_the_codes_with_their_names():
    form = ProjectSectorForm()
    labels = dict(form.fields["code"].choices)
    assert labels["15110"] == "15110 – Public sector policy and administrative management"
    assert not _formset(make_project(), ("12345", "100")).is_valid()


def test_api_record_names_the_sectors(client):
    project = make_project(slug="p", themes=[make_theme("governance"), make_theme("neu")])
    record = client.get("/api/projects/p").json()
    assert [(s["code"], s["percentage"]) for s in record["sectors"]] == [
        ("15110", 50.0),
        ("99810", 50.0),
    ]
    ProjectSector.objects.create(project=project, code="14081", percentage=100)
    record = client.get("/api/projects/p").json()
    assert record["sectors"] == [
        {
            "code": "14081",
            "name": "Education and training in water supply and sanitation",
            "percentage": 100.0,
        }
    ]
