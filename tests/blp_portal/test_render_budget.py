"""The budget of uncached renders per client (blp_portal/lib/render_budget.py): 429 beyond it,
never for a person clicking through the catalogue, for page-cache hits or for staff."""

import logging
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from blp_portal.lib import render_budget
from tests.factories import make_land, make_project, make_theme

pytestmark = pytest.mark.django_db

WINDOW_START = 1_800_000_000.0  # a multiple of 60: the first second of a window
LIST = "/de/projekte/"


class Clock:
    def __init__(self):
        self.now = WINDOW_START

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """A fixed window only resets when the clock crosses its end: the tests move the clock."""
    clock = Clock()
    monkeypatch.setattr(render_budget, "_now", clock)
    return clock


@pytest.fixture(autouse=True)
def _budget_on(settings):
    """The production defaults (the test suite switches the budget off in tests/settings.py)."""
    settings.UNCACHED_RENDER_BUDGET = 120
    settings.UNCACHED_RENDER_WINDOW = 60
    settings.UNCACHED_RENDER_EXEMPT = []
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def catalogue(db):
    sachsen = make_land("DE-SN", "Sachsen", "Saxony")
    bayern = make_land("DE-BY", "Bayern", "Bavaria")
    water = make_theme("wasser")
    health = make_theme("gesundheit")
    make_project(title_de="Wasser für Kampala", themes=[water], laender=[sachsen])
    make_project(title_de="Gesundheit in Kenia", themes=[health], laender=[bayern])
    return {"themes": [water.slug, health.slug], "laender": ["DE-SN", "DE-BY"]}


def _anonymous(address="203.0.113.7"):
    return Client(REMOTE_ADDR=address)


def _statuses(client, paths, **headers):
    return [client.get(path, **headers).status_code for path in paths]


def test_a_person_browsing_with_filters_and_suggestions_never_meets_the_budget(catalogue, clock):
    """A minute of intense use from one address, all inside one window: 40 list views with
    filters (every other one as htmx asks for it after a click), and the suggestions of 30
    pauses in typing, each an uncached render."""
    person = _anonymous()
    filters = [
        f"?theme={theme}&land={land}&status={status}&page={page}"
        for theme in catalogue["themes"]
        for land in catalogue["laender"]
        for status in ("ongoing", "completed")
        for page in range(1, 6)
    ]
    with translation.override("de"):
        suggestions = reverse("projects:suggestions")
    statuses = []
    for number, query in enumerate(filters[:40]):
        clock.now = WINDOW_START + number
        htmx = {"HTTP_HX_REQUEST": "true"} if number % 2 else {}
        statuses += _statuses(person, [LIST + query], **htmx)
    for number, typed in enumerate("Wasser für Kampala und Gesundheit in K"[:30]):
        clock.now = WINDOW_START + 40 + number / 2
        statuses += _statuses(person, [f"{suggestions}?q=Wa{typed}"], HTTP_HX_REQUEST="true")
    assert len(statuses) == 70
    assert set(statuses) == {200}


def test_beyond_the_budget_429_with_retry_after_until_the_next_window(settings, clock):
    settings.UNCACHED_RENDER_BUDGET = 3
    crawler = _anonymous()
    clock.now = WINDOW_START + 15
    assert _statuses(crawler, [f"{LIST}?page={n}" for n in range(1, 6)]) == [
        200,
        200,
        200,
        429,
        429,
    ]
    refused = crawler.get(f"{LIST}?theme=x")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"  # seconds to the end of the window
    assert refused["Cache-Control"] == "no-store"
    clock.now = WINDOW_START + 59.2
    assert crawler.get(LIST)["Retry-After"] == "1"
    clock.now = WINDOW_START + 60
    assert _statuses(crawler, [LIST, LIST, LIST, LIST]) == [200, 200, 200, 429]


def test_page_cache_hits_and_their_304s_do_not_count(settings):
    settings.PAGE_CACHE_SECONDS = 300  # the tests' local-memory cache, one process
    settings.UNCACHED_RENDER_BUDGET = 3
    make_project(title_de="Wasser für Kampala")
    visitor = _anonymous()
    first = visitor.get(LIST)
    assert first["X-Page-Cache"] == "miss"
    hits = [visitor.get(LIST) for _ in range(10)]
    assert {(r.status_code, r["X-Page-Cache"]) for r in hits} == {(200, "hit")}
    revalidated = visitor.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304
    # One render so far: two more uncached renders are allowed, the third is refused.
    assert _statuses(visitor, [f"{LIST}?page=2", f"{LIST}?page=3", f"{LIST}?page=4"]) == [
        200,
        200,
        429,
    ]
    # The cached page is still served to the client over its budget: a hit costs nothing.
    assert visitor.get(LIST).status_code == 200


def test_clients_are_counted_separately_by_their_address(settings):
    settings.UNCACHED_RENDER_BUDGET = 2
    first, second = _anonymous("203.0.113.1"), _anonymous("203.0.113.2")
    assert _statuses(first, [LIST, LIST, LIST]) == [200, 200, 429]
    assert _statuses(second, [LIST, LIST]) == [200, 200]


def test_without_trusted_proxies_a_client_cannot_pose_as_another(settings):
    settings.UNCACHED_RENDER_BUDGET = 2
    client = _anonymous("93.184.216.34")  # a public address: no proxy could be in front
    spoofed = [f"198.51.100.{n}" for n in range(4)]
    statuses = [client.get(LIST, HTTP_X_FORWARDED_FOR=ip).status_code for ip in spoofed]
    assert statuses == [200, 200, 429, 429]


def test_an_undeclared_proxy_turns_the_budget_off_with_a_warning(settings, caplog, monkeypatch):
    """Behind nginx with TRUSTED_PROXY_COUNT=0 every visitor would share the proxy's budget."""
    settings.UNCACHED_RENDER_BUDGET = 2
    monkeypatch.setattr(render_budget, "_warned", [])
    proxy = _anonymous("127.0.0.1")
    with caplog.at_level(logging.WARNING, logger="blp_portal.lib.render_budget"):
        statuses = [
            proxy.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)
        ]
    assert set(statuses) == {200}
    warnings = [r.getMessage() for r in caplog.records if r.name == render_budget.__name__]
    assert len(warnings) == 1 and "TRUSTED_PROXY_COUNT" in warnings[0]
    # Without the header the same address is one client like any other.
    assert _statuses(proxy, [LIST, LIST, LIST]) == [200, 200, 429]


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    settings.UNCACHED_RENDER_BUDGET = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = _anonymous("10.0.0.2")
    assert proxy.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert proxy.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert proxy.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


def test_htmx_requests_have_a_larger_budget_of_their_own(settings):
    settings.UNCACHED_RENDER_BUDGET = 2
    visitor = _anonymous()
    allowed = 2 * render_budget.HTMX_SHARE
    htmx = _statuses(visitor, [LIST] * (allowed + 1), HTTP_HX_REQUEST="true")
    assert htmx == [200] * allowed + [429]
    assert _statuses(visitor, [LIST, LIST, LIST]) == [200, 200, 429]


def test_staff_with_a_session_are_never_limited(settings, admin_user):
    settings.UNCACHED_RENDER_BUDGET = 2
    staff = Client(REMOTE_ADDR="203.0.113.7")
    staff.force_login(admin_user)
    assert set(_statuses(staff, [f"{LIST}?page={n}" for n in range(1, 13)])) == {200}
    assert set(_statuses(staff, ["/admin/"] * 3)) == {200}
    # Colleagues behind the same office address still have their whole budget.
    assert _statuses(_anonymous("203.0.113.7"), [LIST, LIST, LIST]) == [200, 200, 429]


def test_an_invented_session_cookie_gets_no_free_pass(settings):
    settings.UNCACHED_RENDER_BUDGET = 2
    forger = _anonymous()
    forger.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert _statuses(forger, [LIST, LIST, LIST]) == [200, 200, 429]


def test_admin_health_check_api_and_files_are_never_counted(settings):
    settings.UNCACHED_RENDER_BUDGET = 1
    visitor = _anonymous()
    never_counted = ["/healthz", "/api/themes", "/admin/login/", "/static/css/x.css", "/media/x"]
    for path in never_counted * 3:
        assert visitor.get(path).status_code != 429, path
    assert _statuses(visitor, [LIST, LIST]) == [200, 429]


def test_exempt_addresses_and_networks_are_never_limited(settings):
    settings.UNCACHED_RENDER_BUDGET = 1
    settings.UNCACHED_RENDER_EXEMPT = ["192.0.2.10", "198.51.100.0/24"]
    for address in ("192.0.2.10", "198.51.100.77"):
        assert set(_statuses(_anonymous(address), [LIST] * 3)) == {200}
    assert _statuses(_anonymous("192.0.2.11"), [LIST, LIST]) == [200, 429]


def test_off_with_a_budget_of_zero(settings):
    settings.UNCACHED_RENDER_BUDGET = 0
    assert set(_statuses(_anonymous(), [LIST] * 5)) == {200}


class _Document(HTMLParser):
    """Tags opened and closed in order (void elements aside), and the elements seen."""

    VOID = {"meta", "link", "img", "br", "input", "hr", "source"}

    def __init__(self):
        super().__init__()
        self.open, self.errors, self.seen, self.attrs = [], [], [], {}

    def handle_starttag(self, tag, attrs):
        self.seen.append(tag)
        self.attrs.setdefault(tag, dict(attrs))
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"unexpected </{tag}>")


def _document(html):
    document = _Document()
    document.feed(html)
    document.close()
    assert html.startswith("<!DOCTYPE html>")
    assert document.errors == [] and document.open == []
    for once in ("html", "head", "title", "body", "main", "h1"):
        assert document.seen.count(once) == 1, once
    return document


@pytest.mark.parametrize(
    ("path", "language", "heading", "retry"),
    [
        (LIST, "de", "Zu viele Anfragen", "Bitte versuchen Sie es in 45 Sekunden erneut."),
        ("/en/projects/", "en", "Too many requests", "Please try again in 45 seconds."),
    ],
)
def test_the_429_page_is_a_valid_page_in_the_visitors_language_without_cookies_or_queries(
    settings, clock, django_assert_num_queries, path, language, heading, retry
):
    settings.UNCACHED_RENDER_BUDGET = 1
    visitor = _anonymous()
    clock.now = WINDOW_START + 15
    visitor.get(path)
    with django_assert_num_queries(0):
        response = visitor.get(path)
    assert response.status_code == 429
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Language"] == language
    assert not response.cookies and "Set-Cookie" not in response
    html = response.content.decode()
    document = _document(html)
    assert document.attrs["html"]["lang"] == language
    assert heading in html and retry in html
    assert '<meta name="robots" content="noindex">' in html


def test_one_second_left_is_said_in_the_singular(settings, clock):
    settings.UNCACHED_RENDER_BUDGET = 1
    visitor = _anonymous()
    clock.now = WINDOW_START + 59
    visitor.get(LIST)
    assert "in 1 Sekunde erneut" in visitor.get(LIST).content.decode()


def test_the_first_refusal_of_a_window_is_logged_once(settings, caplog):
    settings.UNCACHED_RENDER_BUDGET = 1
    visitor = _anonymous("203.0.113.5")
    with caplog.at_level(logging.WARNING, logger="blp_portal.lib.render_budget"):
        _statuses(visitor, [LIST + "?q=secret+words"] * 4)
    records = [r for r in caplog.records if r.name == "blp_portal.lib.render_budget"]
    assert len(records) == 1
    message = records[0].getMessage()
    assert "203.0.113.5" in message and LIST in message
    assert "secret" not in message  # the path only, never the query a visitor typed
