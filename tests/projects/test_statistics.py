"""The statistics page: published projects only, charts as tables, fixed query count."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_country, make_land, make_phase, make_project, make_theme

pytestmark = pytest.mark.django_db

URL = "/en/statistics/"


def rows(response, name):
    return {str(row["label"]): row["count"] for row in response.context[name]}


@pytest.fixture
def catalogue():
    governance = make_theme("governance", name_en="Governance")
    climate = make_theme("klima", name_en="Climate")
    gender = make_theme("gender", kind="topic", name_en="Gender")
    saxony = make_land("DE-SN", "Sachsen", "Saxony")
    bremen = make_land("DE-HB", "Bremen", "Bremen")
    uganda, peru = make_country("UG"), make_country("PE", "latin_america_caribbean")
    ghana = make_country("GH")
    make_project(
        themes=[governance, climate],
        topics=[gender],
        laender=[saxony, bremen],
        countries=[uganda, ghana],
        gender_marker=2,
        bmz_funding=Decimal("100000"),
        laender_funding=Decimal("20000"),
    )
    make_project(
        themes=[governance],
        laender=[saxony],
        countries=[peru],
        gender_marker=0,
        bmz_funding=Decimal("50000"),
        phase=make_phase("blp-ii", 2019, 2023),
    )
    make_project(themes=[climate], laender=[bremen], countries=[uganda], gender_marker=1)
    make_project(themes=[governance], laender=[saxony], countries=[uganda])  # no marker
    # drafts never count
    make_project(
        themes=[climate],
        laender=[make_land("DE-BE", "Berlin", "Berlin")],
        countries=[make_country("NA")],
        gender_marker=2,
        bmz_funding=Decimal("999999"),
        state="draft",
    )


def test_counts_by_theme_land_country_region_and_phase(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert rows(response, "by_theme") == {"Governance": 3, "Climate": 2}
    assert rows(response, "by_topic") == {"Gender": 1}
    assert rows(response, "by_land") == {"Saxony": 3, "Bremen": 2}
    assert rows(response, "by_country") == {"Uganda": 3, "Ghana": 1, "Peru": 1}
    # a project with two African countries counts once for the region
    assert rows(response, "by_region") == {
        "Sub-Saharan Africa": 3,
        "Latin America and Caribbean": 1,
    }
    assert rows(response, "by_phase") == {
        "Phase blp-iii (2023–2027)": 3,
        "Phase blp-ii (2019–2023)": 1,
    }


def test_gender_share_of_assessed_and_of_all(client, catalogue):
    gender = client.get(URL).context["gender"]
    assert gender["responsive"] == 2
    assert gender["with_marker"] == 3
    assert gender["share_of_marked"] == 66.7
    assert gender["share_of_all"] == 50.0
    assert gender["without_marker"] == 1


def test_financing_totals_say_how_many_projects_have_no_figure(client, catalogue):
    response = client.get(URL)
    totals = response.context["totals"]
    assert totals["bmz"] == Decimal("150000")
    assert totals["bmz_missing"] == 2
    assert totals["laender"] == Decimal("20000")
    assert totals["laender_missing"] == 3
    html = response.content.decode()
    assert "150,000" in html


def test_drafts_never_appear(client, catalogue):
    html = client.get(URL).content.decode()
    assert "Berlin" not in html
    assert "Namibia" not in html
    assert "999" not in html


def test_charts_are_tables_with_captions_and_hidden_bars(client, catalogue):
    html = client.get(URL).content.decode()
    assert "<caption>Projects by focus theme</caption>" in html
    assert "<caption>Financing of the published projects (EUR)</caption>" in html
    assert '<th scope="row"><a href="/en/themes/governance/">Governance</a></th>' in html
    # a bar is as long as its share (Governance: 3 of 4 projects); bars are decoration for
    # assistive technology
    assert '<rect width="75" height="10"/>' in html
    assert '<rect width="100" height="10"/>' not in html
    assert (
        'class="chart-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"'
        in html
    )
    # no inline script or style (strict CSP); scripts from files are fine
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
    assert 'style="' not in html


def test_bar_lengths_use_a_dot_in_german_too(client, catalogue):
    with translation.override("de"):
        url = reverse("statistics")
    make_project(themes=[make_theme("governance")])
    make_project(themes=[make_theme("governance")])
    html = client.get(url).content.decode()
    assert '<rect width="33.3" height="10"/>' in html  # Climate: 2 of 6 (not "33,3")


def test_empty_catalogue_renders(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No published project yet." in response.content.decode()


def test_statistics_query_count_is_fixed(client, catalogue, django_assert_num_queries):
    # totals aggregate, themes, Länder, countries, regions, phases, the timeline's span (no
    # project has dates here, so no years to count), the network's pairs.
    with django_assert_num_queries(8):
        client.get(URL)
    for _ in range(5):
        make_project(countries=[make_country("UG"), make_country("GH")])
    with django_assert_num_queries(8):
        client.get("/en/statistics/?again")
