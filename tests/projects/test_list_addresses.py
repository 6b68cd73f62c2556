"""The list's one address per selection: empty parameters dropped, a page past the end, the
htmx results never from or into the page cache, a reversed year range."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from tests.factories import make_project

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("?q=&sort=newest&from=", LIST),
        ("?q=&sort=newest&from=&to=", LIST),
        ("?q=wasser&sort=relevance&to=", f"{LIST}?q=wasser"),
        ("?q=wasser&sort=newest&from=", f"{LIST}?q=wasser&sort=newest"),
        ("?theme=governance&theme=&from=2020&page=", f"{LIST}?theme=governance&from=2020"),
        ("?q=+", LIST),
    ],
)
def test_empty_parameters_redirect_to_the_clean_address(client, query, clean):
    response = client.get(f"{LIST}{query}")
    assert response.status_code == 302
    assert response["Location"] == clean
    assert client.get(clean).status_code == 200


@pytest.mark.parametrize("query", ["", "?theme=governance", "?sort=title", "?q=x&sort=newest"])
def test_clean_addresses_are_not_redirected(client, query):
    assert client.get(f"{LIST}{query}").status_code == 200


def test_the_filter_script_drops_empty_fields_before_htmx_sends_them():
    # the list script (without it, the server's redirect above does the same)
    script = Path(finders.find("js/list.js")).read_text(encoding="utf-8")
    assert "htmx:configRequest" in script
    assert 'value.trim() !== ""' in script


@pytest.fixture
def five_projects(settings):
    settings.PROJECTS_PER_PAGE = 2
    return [make_project(title_de=f"P{n}") for n in range(5)]


@pytest.mark.parametrize("page", ["4", "99", "99999999999999999999"])
def test_a_page_past_the_end_shows_the_last_page_with_a_note(client, five_projects, page):
    response = client.get(f"/en/projects/?page={page}")
    assert response.status_code == 200
    assert response.context["page"].number == 3
    assert len(response.context["projects"]) == 1
    assert "this is its last page, page 3" in response.content.decode()


def test_a_page_within_the_list_has_no_note(client, five_projects):
    response = client.get("/en/projects/?page=3")
    assert response.context["page"].number == 3
    assert "this is its last page" not in response.content.decode()


def test_page_past_the_end_costs_no_extra_query(client, five_projects, django_assert_num_queries):
    client.get(f"{LIST}?page=3")  # warm caches (navigation, content types, facet options)
    # the page, the links of its cards, the counting query
    with django_assert_num_queries(3):
        client.get(f"{LIST}?page=3")
    with django_assert_num_queries(3):
        client.get(f"{LIST}?page=9")


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["default"].clear()


HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "catalogue"}


def test_htmx_results_never_come_from_the_page_cache(client, page_cache, five_projects):
    url = f"{LIST}?theme=governance"
    full = client.get(url)
    assert full["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    part = client.get(url, **HTMX)
    assert "X-Page-Cache" not in part
    html = part.content.decode()
    assert "<html" not in html and 'id="catalogue"' in html
    assert "HX-Request" in part["Vary"]


def test_htmx_results_never_go_into_the_page_cache(client, page_cache, five_projects):
    url = f"{LIST}?theme=governance"
    client.get(url, **HTMX)
    full = client.get(url)
    assert full["X-Page-Cache"] == "miss"
    assert "<html" in full.content.decode()


def test_language_switch_keeps_the_filters_after_htmx_on_a_cached_url(
    client, page_cache, five_projects
):
    url = f"{LIST}?theme=governance&from=2020"
    client.get(url)  # the full page is now cached
    html = client.get(url, **HTMX).content.decode()
    # the out-of-band language switch carries the filters to the English list
    with translation.override("en"):
        english = reverse("projects:list")
    assert f'href="{english}?theme=governance&amp;from=2020"' in html
    assert 'hx-swap-oob="true"' in html or "data-hx-swap-oob" in html
