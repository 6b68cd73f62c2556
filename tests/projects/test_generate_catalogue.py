"""generate_catalogue: a synthetic catalogue for benchmarks, never on a production database."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partners.models import Organisation
from projects.models import Participation, Project, ProjectLand
from tests.factories import make_project

pytestmark = pytest.mark.django_db


def _generate(*args):
    out = StringIO()
    call_command("generate_catalogue", *args, "--force", stdout=out)
    return out.getvalue()


def test_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("generate_catalogue", "--projects", "3", stdout=StringIO())
    assert not Project.objects.exists()


def test_generates_projects_with_all_relations_and_both_languages():
    output = _generate("--projects", "40")
    assert "Generated 40 synthetic projects." in output
    projects = Project.objects.filter(slug__startswith="synth-")
    assert projects.count() == 40
    assert projects.published().count() >= 30
    for project in projects.with_list_data():
        assert project.title_de and project.title_en and project.title_de != project.title_en
        assert project.summary_de and project.summary_en and project.description_en
        assert project.themes.all()
        assert project.partner_countries.all()
        assert project.lead_land is not None
    assert not projects.published().filter(published_at__isnull=True).exists()
    assert Participation.objects.filter(project__in=projects).count() >= 80
    assert ProjectLand.objects.filter(project__in=projects, is_lead=True).count() == 40


def test_same_seed_gives_same_catalogue():
    _generate("--projects", "5", "--seed", "7")
    first = list(Project.objects.order_by("slug").values_list("title_de", "status"))
    _generate("--projects", "5", "--seed", "7", "--clear")
    assert list(Project.objects.order_by("slug").values_list("title_de", "status")) == first


def test_clear_removes_only_synthetic_projects():
    real = make_project(title_de="Echtes Projekt")
    _generate("--projects", "10")
    output = _generate("--projects", "3", "--clear")
    assert "Removed 10 synthetic projects." in output
    assert Project.objects.filter(slug__startswith="synth-").count() == 3
    assert Project.objects.filter(pk=real.pk).exists()
    assert Organisation.objects.filter(key__startswith="synth-").count() == 300


def test_second_run_without_clear_is_refused():
    _generate("--projects", "2")
    with pytest.raises(CommandError, match="--clear"):
        _generate("--projects", "2")


def test_generated_projects_appear_on_the_list_at_once(client):
    client.get("/de/projekte/")  # cached before the bulk insert
    _generate("--projects", "5", "--seed", "3")
    html = client.get("/de/projekte/").content.decode()
    title = Project.objects.published().filter(slug__startswith="synth-").first().title_de
    assert title in html
