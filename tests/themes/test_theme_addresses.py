"""Themes have an English address where one is given; the other language's address redirects."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects.models import Project
from tests.factories import make_project, make_theme
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_each_language_has_its_own_address():
    theme = make_theme("umwelt-klima-energie", slug_en="environment-climate-energy")
    with translation.override("de"):
        assert theme.get_absolute_url() == "/de/themen/umwelt-klima-energie/"
    with translation.override("en"):
        assert theme.get_absolute_url() == "/en/themes/environment-climate-energy/"


@pytest.mark.parametrize(
    "old, new",
    [
        ("/en/themes/umwelt-klima-energie/", "/en/themes/environment-climate-energy/"),
        ("/de/themen/environment-climate-energy/", "/de/themen/umwelt-klima-energie/"),
    ],
)
def test_the_other_languages_address_redirects(client, old, new):
    make_theme("umwelt-klima-energie", slug_en="environment-climate-energy")
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, new)
    assert client.get(new).status_code == 200


def test_without_an_english_slug_the_german_one_serves_both(client):
    make_theme("governance")
    assert client.get("/en/themes/governance/").status_code == 200
    assert client.get("/en/themes/nothing/").status_code == 404


def test_the_filter_parameter_stays_the_theme_code(client):
    theme = make_theme("umwelt-klima-energie", slug_en="environment-climate-energy")
    make_project(themes=[theme])
    page = client.get("/en/themes/environment-climate-energy/").content.decode()
    assert "theme=umwelt-klima-energie" in page
    listing = client.get("/en/projects/", {"theme": "umwelt-klima-energie"})
    assert len(listing.context["projects"]) == Project.objects.count() == 1


def test_an_english_slug_may_not_name_another_theme():
    make_theme("digitalisierung", slug_en="digitalisation")
    other = Theme(slug="digitalisation-2", slug_en="digitalisierung", name_de="X", kind="topic")
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug_en" in error.value.message_dict


def test_reference_themes_have_english_addresses(demo_data):
    assert set(Theme.objects.filter(slug_en="").values_list("slug", flat=True)) == {"governance"}
