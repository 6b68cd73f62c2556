"""The cooperation network (projects.network): Länder × partner countries, counted in published
projects that show their partner countries, on the statistics page and a Land's or country's page."""

import datetime
import re

import pytest

from projects.models import Project
from projects.network import pair_counts
from tests.factories import make_country, make_land, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    saxony, bremen = make_land("DE-SN", "Sachsen", "Saxony"), make_land("DE-HB", "Bremen", "Bremen")
    uganda, ghana = make_country("UG"), make_country("GH")
    peru = make_country("PE", "latin_america_caribbean")
    make_project(
        laender=[saxony, bremen],
        countries=[uganda, ghana],
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2022, 1, 1),
    )
    make_project(laender=[saxony], countries=[uganda])
    make_project(laender=[bremen], countries=[peru])
    # not counted: withheld countries, drafts and projects in review
    make_project(laender=[saxony], countries=[peru], withheld_fields=["partner_countries"])
    make_project(laender=[saxony], countries=[ghana], state="draft")
    make_project(laender=[bremen], countries=[uganda], state="review")
    return {"saxony": saxony, "bremen": bremen, "uganda": uganda, "ghana": ghana, "peru": peru}


def named(counts, places):
    laender = {places[code].pk: code for code in ("saxony", "bremen")}
    countries = {places[code].pk: code for code in ("uganda", "ghana", "peru")}
    return {(laender[land], countries[country]): n for (land, country), n in counts.items()}


def test_pairs_count_published_projects_that_show_their_countries(catalogue):
    counts = pair_counts(Project.objects.published())
    assert named(counts, catalogue) == {
        ("saxony", "uganda"): 2,
        ("saxony", "ghana"): 1,
        ("bremen", "uganda"): 1,
        ("bremen", "ghana"): 1,
        ("bremen", "peru"): 1,
    }


def test_statistics_matrix_has_rows_of_laender_and_columns_of_countries(client, catalogue):
    network = client.get("/en/statistics/").context["network"]
    assert [node.label for node in network.laender] == ["Bremen", "Saxony"]
    assert [node.label for node in network.columns] == ["Ghana", "Peru", "Uganda"]
    cells = {
        str(row["head"].label): [cell["count"] for cell in row["cells"]] for row in network.rows
    }
    assert cells == {"Bremen": [1, 1, 1], "Saxony": [1, 0, 2]}
    # a zero cell is no link
    assert [cell["url"] for cell in network.rows[1]["cells"]][1] == ""


def test_every_matrix_link_lists_exactly_its_count(client, catalogue):
    network = client.get("/en/statistics/").context["network"]
    assert len(network.links) == 5
    for link in network.links:
        assert re.fullmatch(r"/en/projects/\?land=de-[a-z]{2}&country=[a-z]{2}", link.url)
        listed = client.get(link.url).context["result_count"]
        assert listed == link.count, link.url


def test_graphic_and_table_show_the_same_figures(client, catalogue):
    html = client.get("/en/statistics/").content.decode()
    section = html[html.index('id="network"') :]
    drawn = {
        (land, country): int(n)
        for land, country, n in re.findall(
            r"<title>(\w+) – (\w+): (\d+) projects?</title>", section
        )
    }
    table = section[section.index("<table") : section.index("</table>")]
    columns = re.findall(r'<th scope="col" class="num"><a href="[^"]+">(\w+)</a>', table)
    tabled = {}
    for land, cells in re.findall(
        r'<th scope="row"><a href="[^"]+">(\w+)</a></th>(.*?)</tr>', table
    ):
        counts = re.findall(r'<td class="num">(?:<a href="[^"]+">)?(\d+)', cells)
        tabled.update(
            ((land, country), int(n))
            for country, n in zip(columns, counts, strict=True)
            if n != "0"
        )
    assert drawn == tabled
    assert drawn[("Saxony", "Uganda")] == 2
    assert '<a href="/en/projects/?land=de-sn&amp;country=ug">2</a>' in table


def test_land_page_shows_its_row_with_links_to_the_filtered_list(client, catalogue):
    response = client.get("/en/states/de-sn/")
    network = response.context["network"]
    assert [(link.country.label, link.count) for link in network.links] == [
        ("Ghana", 1),
        ("Uganda", 2),
    ]  # the withheld Peru project and the draft are not counted
    html = response.content.decode()
    assert '<a href="/en/projects/?land=de-sn&amp;country=ug">2</a>' in html
    assert '<a href="/en/projects/?land=de-sn&amp;country=pe">' not in html


def test_country_page_shows_its_column(client, catalogue):
    network = client.get("/en/countries/ug/").context["network"]
    assert [(link.land.label, link.count) for link in network.links] == [
        ("Bremen", 1),
        ("Saxony", 2),
    ]
    assert [row["head"].label for row in network.rows] == ["Bremen", "Saxony"]


def test_without_pairs_the_page_says_so(client):
    make_project(withheld_fields=["partner_countries"])
    response = client.get("/en/statistics/")
    assert not response.context["network"]
    assert "No published project names a partner country yet." in response.content.decode()


def test_query_counts_do_not_grow_with_the_data(client, catalogue, django_assert_num_queries):
    # statistics: totals, themes, Länder, countries, regions, phases, timeline span and
    # years, network pairs
    with django_assert_num_queries(9):
        client.get("/en/statistics/")
    # Land page: Land, projects + 4 prefetches, project count, partner countries with counts
    # (also the network row), timeline span and years
    with django_assert_num_queries(10):
        client.get("/en/states/de-sn/")
    with django_assert_num_queries(10):
        client.get("/en/countries/ug/")
    for code in ("NA", "ET", "MZ"):
        make_project(laender=[catalogue["saxony"]], countries=[make_country(code)])
    with django_assert_num_queries(9):
        client.get("/en/statistics/?again")
    with django_assert_num_queries(10):
        client.get("/en/states/de-sn/?again")
