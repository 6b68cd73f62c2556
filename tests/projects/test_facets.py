"""Facets of the project list: disjunctive counts, disabled values, chips, period, sort, maps."""

import datetime

import pytest

from partners.models import PartnerCountry
from projects.filters import ProjectFilter
from projects.models import Project
from tests.factories import make_country, make_land, make_phase, make_project, make_theme
from themes.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


def titles(response):
    return sorted(p.title for p in response.context["projects"])


def counts(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {
        option.value: (option.count, option.selected, option.disabled) for option in facet.options
    }


@pytest.fixture
def catalogue():
    governance = make_theme("governance")
    climate = make_theme("umwelt-klima-energie")
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    uganda, namibia = make_country("UG"), make_country("NA")
    vietnam = make_country("VN", region=PartnerCountry.Region.ASIA)
    pilot = make_phase("pilot", 2015, 2019)
    sdg4 = SustainableDevelopmentGoal.objects.create(
        number=4, name_de="Bildung", name_en="Education"
    )
    a = make_project(
        title_de="A",
        themes=[governance],
        laender=[saxony],
        countries=[uganda],
        gender_marker=1,
        start_date=datetime.date(2015, 3, 1),
        end_date=datetime.date(2017, 6, 30),
    )
    a.sdgs.set([sdg4])
    return {
        "a": a,
        "b": make_project(
            title_de="B",
            themes=[climate],
            laender=[bremen],
            countries=[namibia, vietnam],
            gender_marker=2,
            start_date=datetime.date(2019, 1, 1),
        ),
        "c": make_project(
            title_de="C",
            themes=[governance, climate],
            laender=[bremen, saxony],
            countries=[namibia],
            status=Project.Status.COMPLETED,
            phase=pilot,
            gender_marker=0,
            start_date=datetime.date(2020, 5, 1),
            end_date=datetime.date(2022, 4, 30),
        ),
        "d": make_project(title_de="D", themes=[climate], laender=[saxony], countries=[vietnam]),
        "draft": make_project(title_de="Entwurf", themes=[governance], state="draft"),
    }


def test_counts_without_selection_count_every_published_project(client, catalogue):
    response = client.get(LIST)
    assert counts(response, "theme") == {
        "governance": (2, False, False),
        "umwelt-klima-energie": (3, False, False),
    }
    assert counts(response, "land") == {"de-hb": (2, False, False), "de-sn": (3, False, False)}
    assert counts(response, "region")["asia"] == (2, False, False)
    assert counts(response, "region")["sub_saharan_africa"] == (3, False, False)
    assert counts(response, "region")["europe"] == (0, False, True)
    assert counts(response, "status")["completed"] == (1, False, False)
    assert counts(response, "gender") == {
        "0": (1, False, False),
        "1": (1, False, False),
        "2": (1, False, False),
    }
    assert counts(response, "sdg") == {"4": (1, False, False)}


def test_counts_of_a_facet_ignore_its_own_selection_but_respect_the_others(client, catalogue):
    response = client.get(f"{LIST}?land=de-sn&theme=governance")
    assert titles(response) == ["A", "C"]
    # Land: what each Land would give together with the theme selection
    assert counts(response, "land") == {"de-hb": (1, False, False), "de-sn": (2, True, False)}
    # Theme: what each theme would give together with the Land selection
    assert counts(response, "theme") == {
        "governance": (2, True, False),
        "umwelt-klima-energie": (2, False, False),
    }
    # other facets: within the full selection
    assert counts(response, "status") == {
        "planned": (0, False, True),
        "ongoing": (1, False, False),
        "completed": (1, False, False),
    }


def test_zero_count_value_is_disabled_but_a_selected_one_stays_enabled(client, catalogue):
    response = client.get(f"{LIST}?status=completed&country=ug")
    assert titles(response) == []
    # Uganda gives nothing with "completed", but it is ticked: it must stay untickable
    assert counts(response, "country")["ug"] == (0, True, False)
    assert counts(response, "country")["na"] == (1, False, False)
    html = response.content.decode()
    assert 'value="ug" id="id_country_' in html
    ug_input = html.split('value="ug"')[1].split(">")[0]
    assert "checked" in ug_input and "disabled" not in ug_input
    vn_count = counts(client.get(f"{LIST}?status=completed"), "country")["vn"]
    assert vn_count == (0, False, True)


def test_disabled_option_is_rendered_disabled(client, catalogue):
    html = client.get(f"{LIST}?status=completed").content.decode()
    vn_input = html.split('value="vn"')[1].split(">")[0]
    assert "disabled" in vn_input


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("region=asia", ["B", "D"]),
        ("region=asia&region=sub_saharan_africa", ["A", "B", "C", "D"]),
        ("region=asia&theme=governance", []),
        ("sdg=4", ["A"]),
        ("gender=1&gender=2", ["A", "B"]),
        ("gender=0", ["C"]),
        ("from=2018&to=2021", ["B", "C"]),
        ("from=2016&to=2016", ["A"]),
        ("from=2023", ["B"]),
        ("to=2016", ["A"]),
        ("from=2018&to=2021&land=de-sn", ["C"]),
    ],
)
def test_new_filters_alone_and_combined(client, catalogue, query, expected):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_project_without_start_date_is_not_counted_once_a_period_is_set(client, catalogue):
    assert "D" in titles(client.get(LIST))
    assert "D" not in titles(client.get(f"{LIST}?from=2000&to=2100"))


@pytest.mark.parametrize(
    "query", ["from=abc", "to=99999", "sdg=99", "gender=7", "region=mars", "sort=x"]
)
def test_bad_new_parameter_is_ignored_with_a_message(client, catalogue, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert titles(response) == ["A", "B", "C", "D"]
    assert response.context["invalid_filters"]


def test_sort_orders(client, catalogue):
    def order(query):
        return [p.title for p in client.get(f"{LIST}?{query}").context["projects"]]

    assert order("") == ["D", "C", "B", "A"]  # newest first
    # the default order written out is the same list at its one address (a redirect)
    assert client.get(f"{LIST}?sort=newest")["Location"] == LIST
    assert order("sort=title") == ["A", "B", "C", "D"]
    # latest start first; without a start date last
    assert order("sort=start") == ["C", "B", "A", "D"]


def test_chips_remove_exactly_one_value(client, catalogue):
    response = client.get(f"{LIST}?land=de-sn&land=de-hb&theme=governance&page=1")
    html = response.content.decode()
    chips = {c.value: c.query.urlencode() for c in response.context["chips"]}
    assert chips == {
        "Sachsen": "land=de-hb&theme=governance",
        "Bremen": "land=de-sn&theme=governance",
        "Governance": "land=de-sn&land=de-hb",
    }
    assert 'href="/de/projekte/?land=de-hb&amp;theme=governance"' in html


def test_chip_for_search_and_period(client, catalogue):
    response = client.get(f"{LIST}?q=A&from=2018")
    chips = {c.query.urlencode() for c in response.context["chips"]}
    assert chips == {"from=2018", "q=A"}


def test_maps_show_the_whole_filtered_result_with_links_and_counts(client, catalogue, settings):
    settings.PROJECTS_PER_PAGE = 1  # the maps must not depend on the page
    response = client.get(f"{LIST}?theme=umwelt-klima-energie")
    world = {
        s["code"]: (s["url"], s["count"]) for s in response.context["world_map"]["highlighted"]
    }
    assert world == {"NA": ("/de/partnerlaender/na/", 2), "VN": ("/de/partnerlaender/vn/", 2)}
    germany = {
        s["code"]: (s["url"], s["count"]) for s in response.context["germany_map"]["highlighted"]
    }
    assert germany == {"DE-HB": ("/de/laender/de-hb/", 2), "DE-SN": ("/de/laender/de-sn/", 2)}
    html = response.content.decode()
    assert 'href="/de/partnerlaender/vn/"' in html
    assert 'class="geo-map' in html


def test_maps_with_a_country_selected_show_only_the_result_countries(client, catalogue):
    response = client.get(f"{LIST}?country=vn")
    world = {s["code"]: s["count"] for s in response.context["world_map"]["highlighted"]}
    # B (Namibia and Vietnam) and D (Vietnam): Uganda is not in the result
    assert world == {"NA": 1, "VN": 2}


def test_htmx_request_gets_only_the_catalogue_part(client, catalogue):
    response = client.get(f"{LIST}?land=de-sn", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="catalogue"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]
    # the header's language switch comes along, swapped out of band, with the new filters
    assert '<nav id="language-switch"' in html and 'data-hx-swap-oob="true"' in html
    assert 'href="/en/projects/?land=de-sn"' in html
    # a history restore needs the whole page
    restore = client.get(
        f"{LIST}?land=de-sn",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()


def test_full_page_has_htmx_from_our_own_static_files_and_no_inline_script(client, catalogue):
    html = client.get(LIST).content.decode()
    assert 'src="/static/js/vendor/htmx.min.js"' in html
    assert 'src="/static/js/list.js"' in html
    assert '"allowEval":false' in html and '"includeIndicatorStyles":false' in html
    assert "<script>" not in html and "style=" not in html
    assert 'hx-push-url="true"' in html
    assert 'href="/de/about/methodik/"' in html or 'href="/de/ueber/methodik/"' in html


def test_api_signature_qs_is_filtered_and_sorted(catalogue):
    from django.http import QueryDict

    filterset = ProjectFilter(
        QueryDict("theme=governance&sort=title"), queryset=Project.objects.published()
    )
    assert [p.title for p in filterset.qs] == ["A", "C"]
    assert [p.title for p in ProjectFilter(None, queryset=Project.objects.published()).qs] == [
        "D",
        "C",
        "B",
        "A",
    ]


def test_query_count_is_fixed_with_every_facet_search_and_period(
    client, catalogue, django_assert_num_queries
):
    query = (
        "q=A&theme=governance&topic=x&land=de-sn&country=ug&region=sub_saharan_africa"
        "&status=ongoing&phase=blp-iii&sdg=4&gender=1&from=2010&to=2030&sort=title"
    )
    # No look-ups validating the model values in the URL (theme, topic, Land, country, phase,
    # SDG: found among the kept facet values below; topic "x" is unknown), 1 page (a search:
    # the page's ids, then its rows), 1 query for the links of the cards' themes, topics,
    # Länder and countries, 1 query counting the result and every facet (each ticked one
    # without its own selection, Land and country also within the selection for the maps),
    # 6 lists of facet values
    # (themes, topics, Länder, countries, phases, SDGs; kept after the first list page) and
    # the organisations whose names the search looks at (kept likewise) = 11; on PostgreSQL
    # the search adds 1 query (the matching ids).
    from django.db import connection

    expected = 11 + (1 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(expected):
        response = client.get(f"{LIST}?{query}")
    assert titles(response) == ["A"]
