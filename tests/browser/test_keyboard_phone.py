"""Escape on the phone layout's disclosures (issue 14.3): the main menu behind "Menu" and the
filters behind "Filter (n)" close with Escape and give the focus back to their button; an
Escape that closes the search suggestions leaves the filters open."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}


def _escape_closes(page, toggle, inside):
    """Open the disclosure with its button, focus `inside` it, press Escape: closed, focus back."""
    toggle.click()
    expect(inside).to_be_visible()
    inside.focus()
    page.keyboard.press("Escape")
    expect(inside).to_be_hidden()
    expect(toggle).to_be_focused()


def test_escape_closes_the_phone_menu_and_returns_focus(site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/de/")
    projects = page.locator("#site-nav").get_by_role("link", name="Projekte", exact=True)
    _escape_closes(page, page.locator("#menu-toggle"), projects)


def test_escape_closes_the_filter_disclosure_and_returns_focus(site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/de/projekte/")
    search = page.get_by_role("searchbox", name="Suche")
    _escape_closes(page, page.locator("#filter-toggle"), search)


def test_escape_on_search_suggestions_keeps_the_filters_open(site, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/de/projekte/")
    page.locator("#filter-toggle").click()
    search = page.get_by_role("searchbox", name="Suche")
    search.press_sequentially("sachs", delay=30)
    expect(page.get_by_role("list", name="Vorschläge")).to_be_visible()
    page.keyboard.press("Escape")  # first Escape: the suggestions
    expect(page.get_by_role("list", name="Vorschläge")).to_have_count(0)
    expect(search).to_be_visible()
    expect(search).to_be_focused()
    page.keyboard.press("Escape")  # second: the disclosure
    expect(search).to_be_hidden()
