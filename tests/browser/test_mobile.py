"""Mobile first (issue 14, point 2), in Chromium at 320, 375 and 1280 px: the first result of a
theme list within the first phone screen, no page that scrolls sideways, the "Filter (n)"
disclosure with and without JavaScript, the main menu behind one button on phones."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PAGE_IDS, public_pages

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
NARROW = {"width": 320, "height": 640}


def _de(text):
    with translation.override("de"):
        return translation.gettext(text)


def _list_url(query=""):
    with translation.override("de"):
        return reverse("projects:list") + query


@pytest.fixture
def browse(chromium):
    """browse(viewport, javascript=True) -> a page in a fresh context; all closed at the end."""
    contexts = []

    def open_page(viewport, javascript=True):
        context = chromium.new_context(
            viewport=viewport, locale="de-DE", java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def _first_result_top(page):
    return page.evaluate(
        "document.querySelector('section.results .cards > li').getBoundingClientRect().top"
        " + window.scrollY"
    )


def test_first_result_of_a_theme_list_is_on_the_first_phone_screen(site, browse):
    page = browse(PHONE)
    page.goto(site + _list_url("?theme=governance"))
    top = _first_result_top(page)
    assert 0 < top < PHONE["height"] - 100, top  # its title is readable, not just its border
    # the filters wait behind their button, the sort sits with the results
    expect(page.locator("#filter-form")).to_be_hidden()
    expect(page.locator("#filter-toggle")).to_have_text(
        _de("Filter (%(counter)s)") % {"counter": 1}
    )
    expect(page.locator("section.results #id_sort")).to_be_visible()


def test_no_page_scrolls_sideways_on_a_phone(site, browse):
    """Every public page type at 320 and 375 px (one demo catalogue for all: it is slow to load)."""
    wide = {}
    for width in (320, 375):
        page = browse({"width": width, "height": 640})
        for page_id in PAGE_IDS:
            path, status = public_pages()[page_id]
            response = page.goto(site + path)
            assert response.status == status, page_id
            # with the filters and the menu open too: their content must wrap as well
            for toggle in ("#filter-toggle", "#menu-toggle"):
                if page.locator(toggle).count():
                    page.locator(toggle).click()
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if widths[0] > widths[1]:
                wide[f"{page_id}@{width}"] = widths
    assert not wide, wide


def test_wide_tables_scroll_inside_their_own_box(site, browse):
    page = browse(NARROW)
    page.goto(site + public_pages()["statistics"][0])
    boxes = page.locator(".table-wrap, .chart")
    assert boxes.count() >= 2
    for box in boxes.all():
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    widths = page.evaluate(
        "[...document.querySelectorAll('.table-wrap, .chart')]"
        ".map((box) => [box.scrollWidth, box.clientWidth])"
    )
    assert any(scroll > client for scroll, client in widths), widths  # one does scroll


def test_filter_disclosure_without_javascript(site, browse):
    page = browse(PHONE, javascript=False)
    page.goto(site + _list_url())
    toggle = page.locator("#filter-toggle")
    expect(toggle).to_have_text(_de("Filter (%(counter)s)") % {"counter": 0})
    expect(page.locator("#filter-form")).to_be_hidden()
    toggle.click()
    expect(page.locator("#filter-form")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^Governance\s*\(")).check()
    page.locator("#filter-form").get_by_role("button", name=_de("Apply filters")).click()
    page.wait_for_url(re.compile(r"theme=governance"))
    expect(page.locator("#filter-toggle")).to_have_text(
        _de("Filter (%(counter)s)") % {"counter": 1}
    )
    assert _first_result_top(page) < PHONE["height"]
    # the sort without JavaScript: its own button submits the filter form, filters kept
    page.locator("#id_sort").select_option("title")
    page.locator(".results-sort-apply").click()
    page.wait_for_url(re.compile(r"sort=title"))
    assert "theme=governance" in page.url


def test_filter_disclosure_with_javascript_stays_open_while_filtering(site, browse):
    page = browse(PHONE)
    page.goto(site + _list_url())
    page.locator("#filter-toggle").click()
    page.get_by_role("checkbox", name=re.compile(r"^Governance\s*\(")).check()
    page.wait_for_url(re.compile(r"theme=governance"))
    # htmx swapped the catalogue: the disclosure is open again and counts the new filter
    expect(page.locator("#filter-toggle")).to_have_text(
        _de("Filter (%(counter)s)") % {"counter": 1}
    )
    expect(page.locator("#filter-form")).to_be_visible()
    # sorting with the results reloads in place and keeps the filter
    page.locator("#id_sort").select_option("title")
    page.wait_for_url(re.compile(r"sort=title"))
    assert "theme=governance" in page.url


def test_desktop_shows_filters_and_menu_without_buttons(site, browse):
    page = browse(DESKTOP)
    page.goto(site + _list_url())
    expect(page.locator("#filter-form")).to_be_visible()
    expect(page.locator("#filter-toggle")).to_be_hidden()
    expect(page.locator("#site-nav")).to_be_visible()
    expect(page.locator("#menu-toggle")).to_be_hidden()


@pytest.mark.parametrize("javascript", [True, False])
def test_main_menu_collapses_behind_one_button_on_phones(site, browse, javascript):
    page = browse(PHONE, javascript=javascript)
    page.goto(site + "/de/")
    projects_link = page.locator("#site-nav").get_by_role("link", name=_de("Projects"))
    expect(projects_link).to_be_hidden()
    page.locator("#menu-toggle").click()
    expect(projects_link).to_be_visible()
    projects_link.click()
    page.wait_for_url(re.compile(re.escape(_list_url()) + "$"))


def test_unavailable_facet_options_are_readable_and_checkboxes_keep_their_size(site, browse):
    page = browse(NARROW)
    page.goto(site + _list_url("?theme=governance"))
    page.locator("#filter-toggle").click()
    disabled = page.locator(".check-disabled .kern-label").first
    expect(disabled).to_be_visible()
    assert "line-through" not in disabled.evaluate("(e) => getComputedStyle(e).textDecorationLine")
    # KERN fades disabled options to 40 %: ours stay fully opaque in the muted (AA) colour
    assert disabled.evaluate("(e) => getComputedStyle(e).opacity") == "1"
    sizes = page.evaluate(
        "[...document.querySelectorAll('#filter-form .kern-form-check__checkbox')]"
        ".map((box) => Math.round(box.getBoundingClientRect().width))"
    )
    assert sizes and len(set(sizes)) == 1, sizes
