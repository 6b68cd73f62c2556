"""Hints around a search (projects/search_hints.py): why a project matched, "Did you mean …?"
and the filter for a query that names a Land, partner country or theme. Over the demo catalogue,
the same on SQLite and PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


def get(client, params, path=LIST):
    response = client.get(path, params)
    assert response.status_code == 200
    return response


def reasons(response):
    return {p.slug: p.search_reasons for p in response.context["projects"]}


def test_a_land_match_says_so_on_the_card(client, demo_data):
    response = get(client, {"q": "Sachsen"})
    found = reasons(response)
    assert found["sachsen-uganda-arzneipflanzen"] == [("Land", "Sachsen")]
    assert '<span class="tag tag-reason">Land: Sachsen</span>' in response.content.decode()


def test_a_partner_country_match_is_named(client, demo_data):
    found = reasons(get(client, {"q": "Ugnada"}))
    assert [(str(label), value) for label, value in found["sachsen-uganda-arzneipflanzen"]] == [
        ("Partnerland", "Uganda")
    ]
    html = get(client, {"q": "Uganda"}).content.decode()
    assert "Partnerland: Uganda" in html


def test_a_theme_match_is_named_in_the_visitors_language(client, demo_data):
    html = get(client, {"q": "Governance"}).content.decode()
    assert "Gefunden über" in html and "Themenschwerpunkt: Governance" in html
    html = get(client, {"q": "Governance"}, "/en/projects/").content.decode()
    assert "Found by" in html and "Theme: Governance" in html


def test_a_withheld_partner_country_is_no_reason(client, demo_data):
    project = Project.objects.get(slug="sachsen-uganda-arzneipflanzen")
    project.withheld_fields = ["partner_countries"]
    project.save()
    response = get(client, {"q": "Uganda Sachsen"})
    for found in reasons(response).values():
        assert all(value != "Uganda" for _, value in found)
    assert "Partnerland: Uganda" not in response.content.decode()


def test_a_plain_word_gives_no_name_reason(client, demo_data):
    found = reasons(get(client, {"q": "Bergbau"}))
    assert found and all(value == [] for value in found.values())


def test_a_land_query_offers_its_filter_without_the_query(client, demo_data):
    response = get(client, {"q": "Sachsen", "sort": "title", "page": "1"})
    offer = response.context["filter_offer"]
    assert offer["url"] == "/de/projekte/?sort=title&land=de-sn"
    html = response.content.decode()
    assert "Nur Projekte mit Land „Sachsen“ anzeigen" in html
    assert 'href="/de/projekte/?sort=title&amp;land=de-sn"' in html
    # no offer when the Land has no project in the selection
    assert "filter_offer" not in get(client, {"q": "Sachsen", "status": "planned"}).context


@pytest.mark.parametrize(
    ("q", "url"),
    [
        ("Uganda", "/de/projekte/?country=ug"),
        ("Governance", "/de/projekte/?theme=governance"),
        ("Digitalisierung", "/de/projekte/?topic=digitalisierung"),
    ],
)
def test_a_country_or_theme_query_offers_its_filter(client, demo_data, q, url):
    assert get(client, {"q": q}).context["filter_offer"]["url"] == url


@pytest.mark.parametrize("q", ["Sachsen Uganda", "Bergbau", "Sachsen", "Wasser"])
def test_no_offer_for_other_queries_or_a_filter_already_set(client, demo_data, q):
    params = {"q": q, "land": "DE-SN"} if q == "Sachsen" else {"q": q}
    assert "filter_offer" not in get(client, params).context


def test_did_you_mean_corrects_an_unknown_word_and_keeps_the_filters(client, demo_data):
    response = get(client, {"q": "Arznaipflamsen", "sort": "title", "page": "1"})
    assert response.context["result_count"] == 0
    hint = response.context["did_you_mean"]
    assert hint["q"] == "arzneipflanzen"
    assert hint["url"] == "/de/projekte/?q=arzneipflanzen&sort=title"
    html = response.content.decode()
    assert 'Meinten Sie <a href="/de/projekte/?q=arzneipflanzen&amp;sort=title">' in html
    assert get(client, {"q": hint["q"]}).context["result_count"] == 1


def test_did_you_mean_only_when_nothing_is_found_and_something_is_close(client, demo_data):
    assert "did_you_mean" not in get(client, {"q": "Bergbau"}).context
    assert "did_you_mean" not in get(client, {"q": "xqzvwk"}).context
    # a typo the search corrects itself finds projects; with a filter that leaves none, the
    # same correction would find none either: no suggestion
    context = get(client, {"q": "Arznaipflansen", "status": "planned"}).context
    assert context["result_count"] == 0 and "did_you_mean" not in context


def test_did_you_mean_in_a_phrase_of_several_words(client, demo_data):
    hint = get(client, {"q": "Bargbeu Sachsen"}).context["did_you_mean"]
    assert hint["q"] == "bergbau Sachsen"


def test_did_you_mean_never_suggests_withheld_words(client, demo_data):
    project = Project.objects.get(slug="sachsen-uganda-arzneipflanzen")
    project.withheld_fields = ["description"]
    project.description_de = "Zauberwortquelle"
    project.save()
    context = get(client, {"q": "Zauberwortquele"}).context
    assert context["result_count"] == 0
    assert "did_you_mean" not in context


def queries(client, params, path=LIST):
    with CaptureQueriesContext(connection) as captured:
        get(client, params, path)
    return len(captured)


def test_did_you_mean_costs_one_query_only_when_nothing_is_found(client, demo_data):
    queries(client, {})  # the first list page loads the facet options, kept afterwards
    queries(client, {"q": "abc"})  # the first search the organisations, kept likewise
    # "xyz": nothing found, too short for the plan's vocabulary query and for a suggestion
    none = queries(client, {"q": "xyz"})
    # + the plan's vocabulary query (five letters or more) + the suggestion's vocabulary query
    assert queries(client, {"q": "Arznaipflamsen"}) == none + 2
    assert queries(client, {"q": "Qqqqqqqqqq"}) == none + 2
    # found: no suggestion query (the plan's vocabulary query only)
    assert "did_you_mean" not in get(client, {"q": "Arzneipflanzen"}).context


SUGGEST = "/de/projekte/search/suggestions/"


def test_suggestions_list_projects_and_names_as_links(client, demo_data, django_assert_num_queries):
    with django_assert_num_queries(2):  # the project titles; themes and partner countries
        html = get(client, {"q": "sach"}, SUGGEST).content.decode()
    assert 1 <= len(re.findall(r'href="/de/projekte/[a-z0-9-]+/"', html)) <= 5
    assert 'href="/de/projekte/?land=de-sn"' in html and "Sachsen-Anhalt" in html
    html = get(client, {"q": "arznei"}, SUGGEST).content.decode()
    assert 'href="/de/projekte/sachsen-uganda-arzneipflanzen/"' in html
    html = get(client, {"q": "ugan"}, SUGGEST).content.decode()
    assert 'href="/de/projekte/?country=ug"' in html
    html = get(client, {"q": "govern"}, SUGGEST).content.decode()
    assert 'href="/de/projekte/?theme=governance"' in html
    html = get(client, {"q": "Digital"}, "/en/projects/search/suggestions/").content.decode()
    assert 'href="/en/projects/?topic=digitalisierung"' in html


def test_suggestions_need_two_letters_and_cost_no_query_before(client, demo_data):
    assert queries(client, {"q": "s"}, SUGGEST) == 0
    assert get(client, {"q": "s"}, SUGGEST).content.decode().strip() == ""


def test_suggestions_show_no_draft_and_no_withheld_country(client, demo_data):
    project = Project.objects.get(slug="sachsen-uganda-arzneipflanzen")
    project.withheld_fields = ["partner_countries"]
    project.save()
    Project.objects.filter(slug="sachsen-mosambik-bergbausicherheit").update(
        publication_state=Project.PublicationState.DRAFT
    )
    assert "country=ug" not in get(client, {"q": "uganda"}, SUGGEST).content.decode()
    html = get(client, {"q": "bergbau"}, SUGGEST).content.decode()
    assert "sachsen-mosambik-bergbausicherheit" not in html
