"""Keyboard and screen readers (issue 14.3): skip links, Escape closes menus and disclosures and
returns the focus, the focus and a live announcement after filtering and paging, and paging
without JavaScript lands on the results heading."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}


def test_skip_links_reach_content_and_results(site, page):
    page.goto(f"{site}/de/projekte/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Zum Inhalt springen")).to_be_focused()
    page.keyboard.press("Tab")
    to_results = page.get_by_role("link", name="Zu den Ergebnissen springen")
    expect(to_results).to_be_focused()
    expect(to_results).to_be_in_viewport()  # shown while focused
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_be_focused()
    # the next Tab goes on from the results, not from the top of the page
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.getElementById('results-heading').compareDocumentPosition("
        "document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING"
    )


def test_other_pages_have_only_the_content_skip_link(site, page):
    page.goto(f"{site}/de/")
    expect(page.locator("a.skip-link")).to_have_count(1)


def test_escape_closes_the_about_menu_and_returns_focus(site, page):
    page.goto(f"{site}/de/")
    about = page.locator(".nav-sub summary")
    about.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".nav-sub details")).to_have_attribute("open", "")
    page.keyboard.press("Tab")  # into the menu's first link
    expect(page.locator(".nav-sub details a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".nav-sub details")).not_to_have_attribute("open", "")
    expect(about).to_be_focused()
    # the main menu around it is always shown on a wide screen: Escape leaves it alone
    page.keyboard.press("Escape")
    expect(page.get_by_role("link", name="Projekte", exact=True).first).to_be_visible()


def test_focus_and_announcement_after_filtering(site, page):
    page.goto(f"{site}/de/projekte/")
    status = page.locator("#results-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")
    search = page.get_by_role("searchbox", name="Suche")
    search.fill("Wasser")
    search.press("Enter")
    page.wait_for_url(re.compile(r"q=Wasser"))
    heading = page.locator("#results-heading")
    expect(heading).to_have_text(re.compile(r"^\d+ Projekte? für „Wasser“$"))
    expect(heading).to_be_focused()
    expect(status).to_have_text(heading.inner_text().strip())


def test_ticking_a_box_announces_the_count_but_keeps_the_focus(site, page):
    page.goto(f"{site}/de/projekte/")
    status = page.locator("#results-status")
    box = page.get_by_role("checkbox", name=re.compile(r"^Sachsen")).first
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"land=de-sn"))
    expect(status).to_have_text(re.compile(r"^\d+ Projekte?$"))
    expect(page.get_by_role("checkbox", name=re.compile(r"^Sachsen")).first).to_be_focused()


def test_focus_and_announcement_after_paging(site, page, settings):
    settings.PROJECTS_PER_PAGE = 5
    page.goto(f"{site}/de/projekte/")
    status = page.locator("#results-status")
    next_link = page.locator(".pagination").get_by_role("link", name="Weiter")
    expect(next_link).to_have_attribute("href", re.compile(r"page=2#results-heading$"))
    next_link.click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(".pagination [aria-current=page]")).to_contain_text("Seite 2")
    expect(page.locator("#results-heading")).to_be_focused()
    expect(status).to_have_text(re.compile(r"Projekte, Seite 2 von \d+$"))


def test_paging_without_javascript_lands_on_the_results_heading(site, chromium, settings):
    settings.PROJECTS_PER_PAGE = 5
    context = chromium.new_context(java_script_enabled=False, locale="de-DE", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{site}/de/projekte/")
        page.locator(".pagination").get_by_role("link", name="Weiter").click()
        page.wait_for_url(re.compile(r"page=2#results-heading$"))
        heading = page.locator("#results-heading")
        expect(heading).to_be_in_viewport()
        assert page.evaluate("document.querySelector(':target').id") == "results-heading"
    finally:
        context.close()
