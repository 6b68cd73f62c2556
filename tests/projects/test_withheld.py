"""A project that withholds its partner countries is not findable or countable by them.

Every public surface that reaches projects through their partner countries or world region
(country pages and index, list filters, facet counts, list maps, statistics, home figures,
Land pages, API) leaves it out, while the unfiltered list still shows it.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import PartnerCountry
from projects.models import Project
from tests.factories import make_country, make_land, make_project

pytestmark = pytest.mark.django_db

AFRICA = PartnerCountry.Region.SUB_SAHARAN_AFRICA
LATIN_AMERICA = PartnerCountry.Region.LATIN_AMERICA_CARIBBEAN
API_PROJECTS = "/api/projects"  # the API is language-neutral and has no URL names


def url(name, *args, lang="de"):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def pair():
    """South Africa: one project shown, one withholding its countries (also the only one in
    Peru, led by Hamburg): Peru and Latin America must count nothing, South Africa one."""
    south_africa = make_country("ZA", AFRICA)
    peru = make_country("PE", LATIN_AMERICA)
    shown = make_project(slug="shown", title_de="Sichtbar", countries=[south_africa])
    hidden = make_project(
        slug="hidden",
        title_de="Geschützt",
        countries=[south_africa, peru],
        laender=[make_land("DE-HH", "Hamburg", "Hamburg")],
        withheld_fields=["partner_countries"],
    )
    return shown, hidden


def slugs(projects):
    return sorted(p.slug for p in projects)


def facet(response, name):
    options = next(f for f in response.context["facets"] if f.name == name).options
    return {option.value: option.count for option in options}


def highlighted(world_map):
    return {shape["code"]: shape["count"] for shape in world_map["highlighted"]}


# --- The queryset rule -------------------------------------------------------------------


def test_showing_leaves_out_only_projects_withholding_that_field(pair):
    shown, hidden = pair
    region_only = make_project(slug="region-only", withheld_fields=["partner_region"])
    published = Project.objects.published()
    assert slugs(published.showing("partner_countries")) == ["region-only", "shown"]
    assert slugs(published.showing("partner_region")) == ["hidden", "shown"]
    assert slugs(published.showing("organisations")) == ["hidden", "region-only", "shown"]
    assert region_only.is_withheld("partner_region")


def test_showing_rejects_unknown_field_names():
    with pytest.raises(ValueError):
        Project.objects.showing("title")


# --- Partner-country pages ---------------------------------------------------------------


def test_country_page_lists_only_projects_showing_their_countries(client, pair):
    response = client.get(url("partners:country", "za"))
    assert response.status_code == 200
    assert slugs(response.context["projects"]) == ["shown"]
    assert response.context["project_count"] == 1
    assert [land.code for land in response.context["laender"]] == ["DE-SN"]
    assert "Geschützt" not in response.content.decode()

    peru = client.get(url("partners:country", "pe"))
    assert peru.context["project_count"] == 0
    assert list(peru.context["laender"]) == []
    assert "Geschützt" not in peru.content.decode()


def test_country_index_and_world_map_do_not_count_withholding_projects(client, pair):
    response = client.get(url("partners:countries"))
    counts = {
        str(c.code): c.n for region in response.context["regions"] for c in region["countries"]
    }
    # Peru is a partner country only of the project that withholds it: not one on the site.
    assert counts == {"ZA": 1}
    assert highlighted(response.context["map"]) == {"ZA": 1}


def test_land_page_does_not_name_the_countries_of_withholding_projects(client, pair):
    response = client.get(url("partners:land", "de-hh"))
    assert response.context["project_count"] == 1  # the project itself is still listed
    assert list(response.context["countries"]) == []
    html = response.content.decode()
    assert "Geschützt" in html
    assert "Peru" not in html and "Südafrika" not in html


def test_home_figures_do_not_count_countries_of_withholding_projects(client, pair):
    assert client.get(url("home")).context["figures"]["countries"] == 1


# --- The project list: filters, facets, maps ---------------------------------------------


def test_unfiltered_list_still_shows_the_withholding_project(client, pair):
    response = client.get(url("projects:list"))
    assert slugs(response.context["projects"]) == ["hidden", "shown"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=za", ["shown"]),
        ("country=pe", []),
        ("country=za&country=pe", ["shown"]),
        (f"region={AFRICA}", ["shown"]),
        (f"region={LATIN_AMERICA}", []),
        ("land=de-hh", ["hidden"]),  # still findable by its other facets
    ],
)
def test_list_filters_by_country_and_region_leave_it_out(client, pair, query, expected):
    response = client.get(f"{url('projects:list')}?{query}")
    assert slugs(response.context["projects"]) == expected


def test_country_and_region_facets_do_not_count_it(client, pair):
    response = client.get(url("projects:list"))
    assert facet(response, "country") == {"za": 1, "pe": 0}
    assert facet(response, "region")[AFRICA] == 1
    assert facet(response, "region")[LATIN_AMERICA] == 0
    assert facet(response, "land") == {"de-hh": 1, "de-sn": 1}


def test_list_world_map_does_not_highlight_its_countries(client, pair):
    plain = client.get(url("projects:list"))
    assert highlighted(plain.context["world_map"]) == {"ZA": 1}
    # with a country ticked, the map counts the whole selection (the conjunctive path)
    ticked = client.get(f"{url('projects:list')}?country=za&land=de-hh&land=de-sn")
    assert highlighted(ticked.context["world_map"]) == {"ZA": 1}
    by_land = client.get(f"{url('projects:list')}?land=de-hh")
    assert highlighted(by_land.context["world_map"]) == {}


# --- Statistics and API ------------------------------------------------------------------


def test_statistics_do_not_count_it_by_country_or_region(client, pair):
    with translation.override("en"):
        response = client.get(url("statistics", lang="en"))
        by_country = {str(row["label"]): row["count"] for row in response.context["by_country"]}
        by_region = {str(row["label"]): row["count"] for row in response.context["by_region"]}
    assert by_country == {"South Africa": 1}
    assert by_region == {"Sub-Saharan Africa": 1}
    assert response.context["totals"]["projects"] == 2


@pytest.mark.parametrize(
    "query, expected",
    [("", ["hidden", "shown"]), ("?country=ZA", ["shown"]), ("?country=PE", [])],
)
def test_api_country_filter_leaves_it_out(client, pair, query, expected):
    data = client.get(f"{API_PROJECTS}{query}").json()
    assert sorted(p["slug"] for p in data["results"]) == expected
    assert data["count"] == len(expected)
