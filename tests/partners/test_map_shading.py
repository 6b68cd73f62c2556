"""Maps shaded by number of projects in a few steps with a legend, 0 not shaded, the counts in
the text alternative; one definition of "partner country" for every count on the site."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from partners import maps
from partners.models import PartnerCountry
from projects.models import Project
from tests.factories import make_country, make_land, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _germany(counts):
    return maps.germany_map(
        {code: {"url": f"/{code}/", "label": code, "count": n} for code, n in counts.items()}
    )


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (1, {1: 1}),
        (3, {1: 1, 2: 2, 3: 3}),
        (4, {1: 1, 2: 2, 3: 3, 4: 4}),
        (10, {1: 1, 2: 1, 3: 2, 5: 2, 6: 3, 7: 3, 8: 4, 10: 4}),
    ],
)
def test_shades_step_up_with_the_number_of_projects(top, expected):
    codes = sorted(maps.germany_codes())  # one Land per count 0 … top
    highlight = {codes[n]: {"label": codes[n], "count": n} for n in range(top + 1)}
    shapes = {s["count"]: s["step"] for s in maps.germany_map(highlight)["highlighted"]}
    for count, step in expected.items():
        assert shapes[count] == step
    assert shapes[0] == 0


def test_legend_names_the_range_of_every_step():
    legend = _germany({"DE-SN": 10, "DE-BY": 1})["legend"]
    assert [(e["low"], e["high"]) for e in legend] == [(1, 2), (3, 5), (6, 7), (8, 10)]
    assert [e["text"] for e in legend] == [
        "1–2 projects",
        "3–5 projects",
        "6–7 projects",
        "8–10 projects",
    ]
    assert [e["text"] for e in _germany({"DE-SN": 2})["legend"]] == ["1 project", "2 projects"]
    assert _germany({"DE-SN": 0})["legend"] == []


def test_zero_is_not_shaded_but_listed_with_its_count():
    html = render_to_string(
        "partners/_map.html",
        {"map": _germany({"DE-SN": 3, "DE-BE": 0, "DE-HB": 1}), "id_prefix": "m"},
    )
    svg = html.split("</svg>")[0]
    assert "#DE-SN" in svg and "#DE-HB" in svg
    assert "#DE-BE" not in svg  # Berlin with 0 projects looks like no project
    assert 'class="geo-map-link geo-map-step-3" href="/DE-SN/"' in html
    assert 'class="geo-map-link geo-map-step-1" href="/DE-HB/"' in html
    # the text alternatives: the SVG's description and the list name every count, 0 too
    assert 'aria-describedby="m-desc"' in html
    desc = re.search(r'<desc id="m-desc">(.*?)</desc>', html).group(1)
    assert desc == "DE-BE: 0 projects; DE-HB: 1 project; DE-SN: 3 projects"
    assert '<li><a href="/DE-BE/">DE-BE</a>: 0 projects</li>' in html
    # the legend with a swatch per step, and the unshaded one
    legend = html.split('class="geo-map-legend"')[1]
    assert legend.count('class="geo-map-swatch') == 4
    assert "none (not shaded)" in legend
    assert "style=" not in html


def test_the_shades_are_styled_from_a_static_stylesheet():
    html = render_to_string("partners/_map.html", {"map": _germany({"DE-SN": 1})})
    assert '<link rel="stylesheet" href="/static/css/maps.css">' in html
    css = Path(finders.find("css/maps.css")).read_text(encoding="utf-8")
    for step in range(1, maps.SHADE_STEPS + 1):
        assert f".geo-map-step-{step}" in css


def test_laender_map_shades_by_count_and_leaves_berlin_empty(client):
    saxony, bremen = make_land("DE-SN", "Sachsen", "Saxony"), make_land("DE-HB", "Bremen", "Bremen")
    make_land("DE-BE", "Berlin", "Berlin")
    for _ in range(3):
        make_project(laender=[saxony])
    make_project(laender=[bremen])
    html = client.get("/en/states/").content.decode()
    svg = html.split('class="geo-map-svg"')[1].split("</svg>")[0]
    assert "Saxony: 3 projects" in svg and "geo-map-step-3" in svg
    assert "Bremen: 1 project" in svg and "geo-map-step-1" in svg
    assert "#DE-BE" not in svg
    assert "Berlin: 0 projects" in svg  # in the description


# One definition of "partner country" -----------------------------------------------------


@pytest.fixture
def catalogue():
    uganda, peru = make_country("UG"), make_country("PE", "latin_america_caribbean")
    make_country("GH")  # recorded, no project
    namibia = make_country("NA")  # only a draft
    kenya = make_country("KE")  # only a project that withholds its countries
    make_project(countries=[uganda, peru])
    make_project(countries=[uganda])
    make_project(countries=[namibia], state="draft")
    make_project(countries=[kenya], withheld_fields=["partner_countries"])


def test_home_countries_page_and_statistics_count_the_same_partner_countries(client, catalogue):
    expected = PartnerCountry.objects.partners_of(Project.objects.published()).count()
    assert expected == 2
    home = client.get("/en/").context["figures"]["countries"]
    countries_page = client.get("/en/countries/").context["country_count"]
    statistics = len(client.get("/en/statistics/").context["by_country"])
    assert home == countries_page == statistics == expected


def test_demo_catalogue_counts_agree_across_pages(client, demo_data):
    home = client.get("/en/").context["figures"]["countries"]
    response = client.get("/en/countries/")
    statistics = len(client.get("/en/statistics/").context["by_country"])
    assert home == response.context["country_count"] == statistics
    assert f"partners in {home} countries" in response.content.decode()
