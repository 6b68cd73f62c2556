"""Embeddable list and card: only these pages may be framed, by any site."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_land, make_project

pytestmark = pytest.mark.django_db

EMBED_LIST = "/en/embed/projects/"


@pytest.fixture
def projects():
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    return {
        "a": make_project(title_de="A", title_en="A", slug="a", laender=[saxony]),
        "b": make_project(title_de="B", title_en="B", slug="b", laender=[bremen]),
        "draft": make_project(title_de="Draft", slug="draft", state="draft"),
    }


def test_german_embed_urls():
    with translation.override("de"):
        assert reverse("embed:list").startswith("/de/")
        assert reverse("embed:card", args=["a"]).endswith("/projekte/a/")


def test_embedded_list_is_frameable_by_any_site(client, projects):
    response = client.get(EMBED_LIST)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_embedded_card_is_frameable_by_any_site(client, projects):
    response = client.get(f"{EMBED_LIST}a/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/de/projekte/", "/de/projekte/a/", "/de/", "/en/projects/"])
def test_every_other_page_denies_framing(client, projects, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors *" not in response.get("Content-Security-Policy", "")


def test_embedded_list_uses_the_list_filters_and_has_no_site_chrome(client, projects):
    response = client.get(EMBED_LIST, {"land": "de-hb"})
    html = response.content.decode()
    assert [p.title for p in response.context["projects"]] == ["B"]
    assert 'class="site-header"' not in html and "<nav" not in html
    assert 'href="/en/projects/b/" target="_blank" rel="noopener"' in html
    assert "Draft" not in html
    assert "<script" not in html and "style=" not in html


def test_embedded_list_links_to_the_full_list_when_there_are_more(client, projects, settings):
    for _ in range(11):
        make_project(title_en="More")
    html = client.get(EMBED_LIST, {"land": "de-sn"}).content.decode()
    assert 'href="/en/projects/?land=de-sn" target="_blank"' in html


def test_embedded_card_of_a_draft_or_unknown_project_is_404(client, projects):
    assert client.get(f"{EMBED_LIST}draft/").status_code == 404
    assert client.get(f"{EMBED_LIST}nope/").status_code == 404


def test_bad_filter_in_embed_is_not_a_500(client, projects):
    assert client.get(EMBED_LIST, {"land": "xx", "from": "x"}).status_code == 200
    assert client.get(EMBED_LIST, {"page": "0"}).status_code == 404
    # past the end: the last page, as on the list (tests/projects/test_list_addresses.py)
    assert client.get(EMBED_LIST, {"page": "99"}).context["page_past_end"]


def test_list_page_offers_an_embed_snippet_with_the_current_filters(client, projects):
    html = client.get("/en/projects/", {"land": "de-sn", "page": "1"}).content.decode()
    assert "<textarea" in html and "readonly" in html
    assert (
        "&lt;iframe src=&quot;http://testserver/en/embed/projects/?land=de-sn&quot;" in html
        or '&lt;iframe src="http://testserver/en/embed/projects/?land=de-sn"' in html
    )


def test_embed_query_count_is_fixed(client, projects, django_assert_num_queries):
    # 1 count, 1 page, 1 query for the links of the cards' themes, topics, Länder and
    # countries (projects.card_data), and on a cold cache the 4 lists of these objects, kept
    # afterwards (the Land in the URL is found among them: no look-up of its own); no facets
    # and no maps in the embed.
    with django_assert_num_queries(7):
        client.get(EMBED_LIST, {"land": "de-sn"})
    # card: the project with phase, 4 prefetches
    with django_assert_num_queries(5):
        client.get(f"{EMBED_LIST}a/")
