"""Every public page type, judged in chromium by axe-core and, as served, by the Nu Html Checker."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (
    PAGE_IDS,
    format_violations,
    format_vnu,
    public_pages,
)

# The live server needs committed data: every test that touches the database is transactional.
live_db = pytest.mark.django_db(transaction=True)

NARROW_AND_WIDE = [375, 1280]
LAYOUT_PAGES = ["home-de", "list", "detail"]


@live_db
@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_page_has_no_axe_violations(page_id, site, page, run_axe):
    """axe at desktop width, then at phone width (tables and charts scroll only there)."""
    path, status = public_pages()[page_id]
    response = page.goto(site + path)
    assert response.status == status
    report = []
    for width in reversed(NARROW_AND_WIDE):
        page.set_viewport_size({"width": width, "height": 800})
        violations = run_axe(page)
        if violations:
            report.append(f"at {width} px:\n{format_violations(violations)}")
    assert report == [], f"axe-core on {path}:\n" + "\n".join(report)


@live_db  # only the first of these loads the demo site (see html_check)
@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_served_html_is_valid(page_id, html_check):
    path, status = public_pages()[page_id]
    assert html_check.statuses[page_id] == status
    errors = html_check.errors(page_id)
    assert errors == [], f"Nu Html Checker on {path}:\n{format_vnu(errors)}"


@live_db
@pytest.mark.parametrize("width", NARROW_AND_WIDE)
def test_pages_do_not_scroll_sideways(width, site, page):
    page.set_viewport_size({"width": width, "height": 800})
    pages = public_pages()
    overflowing = {}
    for page_id in LAYOUT_PAGES:
        page.goto(site + pages[page_id][0])
        sizes = page.evaluate(
            """() => {
                const root = document.documentElement;
                const wide = [...document.body.querySelectorAll("*")]
                    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
                    .slice(0, 5)
                    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
                return {scroll: root.scrollWidth, client: root.clientWidth,
                        inner: window.innerWidth, wide};
            }"""
        )
        # clientWidth excludes a vertical scrollbar, so this is stricter than innerWidth
        if sizes["scroll"] > min(sizes["client"], sizes["inner"]):
            overflowing[page_id] = sizes
    assert overflowing == {}, f"horizontal scrolling at {width} px: {overflowing}"


@live_db
def test_public_pages_load_nothing_from_other_hosts(site, page):
    own = urlsplit(site).netloc
    foreign, failed = [], []

    def on_request(request):
        if _is_foreign(request.url, own):
            foreign.append(request.url)

    def on_response(response):
        # the 404 page's own document is meant to be a 404
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    for path, status in public_pages().values():
        assert page.goto(site + path).status == status
    assert foreign == [], "requests to other hosts"
    assert failed == [], "sub-resources that did not load"


def _is_foreign(url, own):
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return False
    return parts.netloc != own
