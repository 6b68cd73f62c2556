"""Search suggestions while typing: htmx loads a list of links under the search box; they are
reached with Tab, Escape closes them, and without JavaScript the form searches as before."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggestions_appear_and_are_reached_by_keyboard(site, page):
    page.goto(f"{site}/de/projekte/")
    search = page.get_by_role("searchbox", name="Suche")
    search.press_sequentially("sachs", delay=30)
    suggestions = page.get_by_role("list", name="Vorschläge")
    expect(suggestions).to_be_visible()
    land = suggestions.get_by_role("link", name="Sachsen", exact=True)
    expect(land).to_have_attribute("href", "/de/projekte/?land=de-sn")

    # Tab from the box reaches the first suggestion
    search.focus()
    page.keyboard.press("Tab")
    first = suggestions.get_by_role("link").first
    expect(first).to_be_focused()

    # Escape closes the list and returns to the box
    page.keyboard.press("Escape")
    expect(suggestions).to_have_count(0)
    expect(search).to_be_focused()

    # following a suggestion: the list filtered by the Land
    search.press_sequentially("en", delay=30)
    page.get_by_role("list", name="Vorschläge").get_by_role(
        "link", name="Sachsen", exact=True
    ).click()
    page.wait_for_url(re.compile(r"land=de-sn"))
    expect(page.locator("#results-heading")).to_contain_text("Projekte")


def test_search_works_without_javascript(site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{site}/de/projekte/")
        page.get_by_role("searchbox", name="Suche").fill("Arzneipflanzen")
        page.get_by_role("button", name="Filter anwenden").click()
        page.wait_for_url(re.compile(r"q=Arzneipflanzen"))
        expect(page.locator("section.results li.card")).to_have_count(1)
        expect(page.locator("#search-suggestions")).to_be_empty()
    finally:
        context.close()
