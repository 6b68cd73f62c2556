"""`load_reference_data`: what a new installation needs, with DEBUG off and without users."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from editorial.scope import COORDINATORS, EDITORS
from partners.models import Land, PartnerCountry
from projects.models import Phase, Project, SpecialCall
from themes.models import SustainableDevelopmentGoal, Theme

pytestmark = pytest.mark.django_db


def _load(*args):
    out = StringIO()
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


def _rows():
    return [
        sorted(map(str, model.objects.values()))
        for model in (Theme, SustainableDevelopmentGoal, Land, Phase, SpecialCall, Group)
    ]


def test_loads_the_reference_data_with_debug_off_and_creates_no_user(settings):
    settings.DEBUG = False
    out = _load()
    assert Land.objects.count() == 16
    assert Theme.objects.focus().count() == 4
    assert Theme.objects.topics().count() == 2
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert Phase.objects.count() == 3
    assert SpecialCall.objects.get(slug="ukraine").phase.slug == "blp-iii"
    assert Theme.objects.get(slug="pandemieresilienz").phases.get().slug == "blp-ii"
    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, COORDINATORS}
    assert Group.objects.get(name=EDITORS).permissions.exists()
    assert not get_user_model().objects.exists()
    # no demo catalogue
    assert not Project.objects.exists() and not PartnerCountry.objects.exists()
    assert "DAC sector codes" in out and "read at run time" in out
    assert "createsuperuser" in out


def test_texts_about_the_demo_catalogue_stay_empty():
    _load()
    assert Land.objects.get(code="DE-SN").profile == ""
    assert SpecialCall.objects.get(slug="ukraine").description == ""
    assert not Land.objects.filter(profile__icontains="demo").exists()
    assert Land.objects.get(code="DE-SN").name_en == "Saxony"


def test_a_second_run_changes_nothing_and_keeps_the_editors_changes():
    _load()
    theme = Theme.objects.get(slug="governance")
    theme.name_de = "Gute Regierungsführung"
    theme.save()
    before = _rows()
    _load()
    assert _rows() == before
    assert Theme.objects.get(slug="governance").name_de == "Gute Regierungsführung"


def test_demo_option_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        _load("--demo")


def test_demo_data_builds_on_it(settings):
    _load()
    settings.DEBUG = True
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    assert Land.objects.get(code="DE-SN").profile  # the demo's texts
    assert Project.objects.published().count() == 14
    assert Group.objects.count() == 2
