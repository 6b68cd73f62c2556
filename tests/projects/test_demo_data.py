import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partners.models import Land, Organisation, PartnerCountry
from projects.models import Participation, Phase, Project, ProjectLand
from themes.models import Theme

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "projects" / "demo"


def snapshot():
    """Every row of the demo catalogue with its fields, to compare two runs."""
    rows = []
    for model in (
        Theme,
        Land,
        Phase,
        PartnerCountry,
        Organisation,
        Project,
        ProjectLand,
        Participation,
    ):
        rows.extend(
            sorted(
                (model.__name__, tuple(sorted((k, str(v)) for k, v in row.items())))
                for row in model.objects.values()
            )
        )
    return rows


def test_demo_data_loads_everything(demo_data):
    assert Theme.objects.focus().count() == 4
    assert Theme.objects.topics().count() == 2
    assert Land.objects.count() == 16
    assert Phase.objects.count() == 3
    assert Project.objects.published().count() == 14
    assert Theme.objects.get(slug="pandemieresilienz").phases.get().slug == "blp-ii"
    for project in Project.objects.all():
        assert project.land_roles.filter(is_lead=True).count() == 1


def test_demo_data_is_idempotent(demo_data, settings):
    before = snapshot()
    settings.DEBUG = True
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    assert snapshot() == before


def test_demo_data_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo_data", stdout=StringIO())
    assert not Project.objects.exists()


def test_demo_data_creates_editor_login_once(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    call_command("load_demo_data", stdout=StringIO())
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(username="redaktion", is_staff=True).count() == 1
    assert "redaktion" in out.getvalue()


def test_demo_facts_are_not_invented():
    """Only the one figure the sources give (Saxony's 140,000 EUR) appears in the demo data."""
    projects = json.loads((DEMO / "projects.json").read_text(encoding="utf-8"))
    funded = {p["slug"]: p["laender_funding"] for p in projects if p.get("laender_funding")}
    assert funded == {"sachsen-uganda-arzneipflanzen": 140000}
    assert all(p.get("bmz_funding") is None for p in projects)
