"""The project list: filters alone and combined, bad input, drafts, pagination, query count."""

import pytest

from projects.models import Project
from tests.factories import make_country, make_land, make_phase, make_project, make_theme

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


def titles(response):
    return sorted(p.title for p in response.context["projects"])


@pytest.fixture
def catalogue():
    governance = make_theme("governance")
    climate = make_theme("umwelt-klima-energie")
    digital = make_theme("digitalisierung", kind="topic")
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    uganda, namibia = make_country("UG"), make_country("NA")
    pilot = make_phase("pilot", 2015, 2019)
    return {
        "a": make_project(title_de="A", themes=[governance], laender=[saxony], countries=[uganda]),
        "b": make_project(
            title_de="B", themes=[climate], topics=[digital], laender=[bremen], countries=[namibia]
        ),
        "c": make_project(
            title_de="C",
            themes=[governance, climate],
            laender=[bremen, saxony],
            countries=[namibia],
            status=Project.Status.COMPLETED,
            phase=pilot,
        ),
        "draft": make_project(title_de="Entwurf", themes=[governance], state="draft"),
    }


def test_list_shows_published_projects_only(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["A", "B", "C"]
    assert "Entwurf" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=governance", ["A", "C"]),
        ("topic=digitalisierung", ["B"]),
        ("land=de-sn", ["A", "C"]),
        ("land=DE-HB", ["B", "C"]),
        ("country=na", ["B", "C"]),
        ("status=completed", ["C"]),
        ("phase=pilot", ["C"]),
        ("theme=governance&land=de-hb", ["C"]),
        ("theme=governance&theme=umwelt-klima-energie", ["A", "B", "C"]),
        ("theme=umwelt-klima-energie&country=na&status=ongoing", ["B"]),
        ("land=de-sn&land=de-hb&phase=blp-iii", ["A", "B"]),
    ],
)
def test_filters_alone_and_combined(client, catalogue, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["result_count"] == len(expected)


def test_project_in_two_matching_themes_is_listed_once(client, catalogue):
    response = client.get(f"{LIST}?theme=governance&theme=umwelt-klima-energie&land=de-sn")
    assert titles(response) == ["A", "C"]


def test_filter_matching_nothing_gives_empty_list_with_message(client, catalogue):
    make_land("DE-BE", "Berlin")
    response = client.get(f"{LIST}?land=de-be")
    assert response.status_code == 200
    assert titles(response) == []
    assert "Kein veröffentlichtes Projekt" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["land=xx", "theme=nope", "status=unknown", "phase=%00", "country=zz&land=de-sn"]
)
def test_malformed_filter_is_ignored_with_a_message(client, catalogue, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert response.context["invalid_filters"]
    assert "ignoriert" in response.content.decode()


def test_unknown_parameter_is_ignored(client, catalogue):
    response = client.get(f"{LIST}?foo=bar")
    assert response.status_code == 200
    assert titles(response) == ["A", "B", "C"]


# a number past the end shows the last page (tests/projects/test_list_addresses.py)
@pytest.mark.parametrize("page", ["0", "abc", "-1", "1.5"])
def test_bad_page_number_is_404_not_500(client, catalogue, page):
    assert client.get(f"{LIST}?page={page}").status_code == 404


def test_pagination_keeps_filters_in_links(client, settings):
    settings.PROJECTS_PER_PAGE = 2
    governance = make_theme("governance")
    for _ in range(5):
        make_project(themes=[governance])
    response = client.get(f"{LIST}?theme=governance&page=2")
    html = response.content.decode()
    assert len(response.context["projects"]) == 2
    assert "?theme=governance&amp;page=3" in html
    assert "?theme=governance&amp;page=1" in html


def test_checked_filters_are_shown_checked_and_clear_link_present(client, catalogue):
    html = client.get(f"{LIST}?land=de-sn").content.decode()
    assert 'value="de-sn"' in html
    assert 'value="de-sn" id="id_land_' in html or "checked" in html
    assert 'href="/de/projekte/">Alle Filter' in html


def test_list_query_count_is_fixed_for_50_projects(client, django_assert_num_queries):
    governance = make_theme("governance")
    for _ in range(50):
        make_project(themes=[governance])
    # 1 page of projects (with phase; the theme in the URL is found among the kept themes
    # below), 1 query for the links of the cards' themes, topics, Länder and countries
    # (projects.card_data), 1 query that counts every facet and the results within the
    # selection (no COUNT of its own), 6 lists of facet values (themes, topics, Länder,
    # countries, phases, SDGs; status, regions and gender marker are choices; kept after this
    # first request, see test_facet_options.py); the maps reuse the Land and country counts.
    with django_assert_num_queries(9):
        response = client.get(f"{LIST}?theme=governance")
    assert response.context["result_count"] == 50


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["A", "B", "C"]),
        ("?status=completed", ["C"]),
        ("?status=ongoing&status=completed&theme=governance", ["A", "C"]),
        ("?land=de-hb&status=planned", []),
    ],
)
def test_result_count_comes_from_the_selection_without_a_count_query(
    client, catalogue, django_assert_max_num_queries, query, expected
):
    # the facets count the selection anyway; the number of results comes from that query
    with django_assert_max_num_queries(30) as captured:
        response = client.get(f"{LIST}{query}")
    assert titles(response) == expected
    assert response.context["result_count"] == len(expected)
    assert response.context["page"].paginator.count == len(expected)
    assert not [q["sql"] for q in captured.captured_queries if '"__count"' in q["sql"]]
