"""What a visitor does in the browser: theme icon -> filtered list -> more filters -> Back -> EN."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from projects.models import Project
from themes.models import Theme

pytestmark = pytest.mark.django_db(transaction=True)


def _de(text):
    with translation.override("de"):
        return translation.gettext(text)


def _titles(queryset, language):
    """Titles in the list's order, in the given language (modeltranslation picks the field)."""
    with translation.override(language):
        return [p.title for p in queryset.order_by("-published_at", "-id")]


def _shown_titles(page):
    return page.locator("section.results li.card h3").all_inner_texts()


def _filters(url):
    """The filter values in a list URL; the form also sends its empty fields and the sort."""
    return sorted((k, v) for k, v in parse_qsl(urlsplit(url).query) if v and k != "sort")


def _wait_for_filters(page, *expected):
    page.wait_for_url(lambda url: _filters(url) == sorted(expected))


def _checkbox(page, label):
    """A filter checkbox by its label; the label goes on with the count, "Sachsen (3 …)"."""
    return page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(label)}\s*\("))


def _english_link(page):
    return page.get_by_role("navigation", name=_de("Language")).get_by_role(
        "link", name=re.compile(r"^EN\b")
    )


def _results_heading(page):
    return page.locator("#results-heading")


def test_theme_icon_leads_to_filtered_list_and_filters_combine(site, page):
    governance = Theme.objects.get(slug="governance")
    published = Project.objects.published()
    in_theme = published.filter(themes=governance)
    in_theme_and_saxony = in_theme.filter(land_roles__land__code="DE-SN")
    assert 0 < in_theme_and_saxony.count() < in_theme.count(), "demo data no longer fits this test"

    page.goto(f"{site}/de/")
    page.get_by_role("link", name=re.compile(rf"^{governance.name_de}\b")).click()

    # the list, filtered to the theme: every card carries the theme
    _wait_for_filters(page, ("theme", "governance"))
    expect(page.get_by_role("heading", level=1)).to_have_text(_de("Projects"))
    cards = page.locator("section.results li.card")
    expect(cards).to_have_count(in_theme.count())
    for card in cards.all():
        expect(card.locator(".tags")).to_contain_text(governance.name_de)
    assert _shown_titles(page) == _titles(in_theme, "de")
    expect(_checkbox(page, governance.name_de)).to_be_checked()

    # tick a Land (with JavaScript the list follows at once), then apply as well: both filters
    # hold, and sending the same filters again adds no second history entry (Back below)
    _checkbox(page, "Sachsen").check()
    _wait_for_filters(page, ("theme", "governance"), ("land", "de-sn"))
    with page.expect_response(lambda response: "land=de-sn" in response.url):
        page.get_by_role("button", name=_de("Apply filters")).click()
    _wait_for_filters(page, ("theme", "governance"), ("land", "de-sn"))
    expect(_results_heading(page)).to_have_text(re.compile(rf"^{in_theme_and_saxony.count()}\b"))
    assert _shown_titles(page) == _titles(in_theme_and_saxony, "de")

    # Back shows the theme-only list again
    page.go_back()
    _wait_for_filters(page, ("theme", "governance"))
    expect(_results_heading(page)).to_have_text(re.compile(rf"^{in_theme.count()}\b"))
    assert _shown_titles(page) == _titles(in_theme, "de")

    # the language switch keeps the filters and shows English UI and English titles
    _english_link(page).click()
    with translation.override("en"):
        english_list = reverse("projects:list")
    _wait_for_filters(page, ("theme", "governance"))
    assert urlsplit(page.url).path == english_list
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    expect(_checkbox(page, governance.name_en)).to_be_checked()
    assert _shown_titles(page) == _titles(in_theme, "en")
    assert _titles(in_theme, "en") != _titles(in_theme, "de")


def test_language_switch_follows_filters_changed_in_place(site, page):
    with translation.override("de"):
        page.goto(site + reverse("projects:list") + "?theme=governance")
    _checkbox(page, "Sachsen").check()
    _wait_for_filters(page, ("theme", "governance"), ("land", "de-sn"))
    expect(_english_link(page)).to_have_attribute("href", re.compile(r"land=de-sn"), timeout=2000)


def _focused(page):
    """A short description of the element that has the keyboard focus."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
                    value: el.value || "", cls: el.className || "",
                    text: (el.innerText || "").trim(), checked: !!el.checked};
        }"""
    )


def _tab_until(page, wanted, limit=80):
    """Press Tab until `wanted(focused)` holds; returns the focus path on the way there."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        path.append(_focused(page))
        if wanted(path[-1]):
            return path
    raise AssertionError(f"not reached with {limit} Tab presses; focus went: {path}")


def test_keyboard_only_filtering(site, page):
    with translation.override("de"):
        list_url = site + reverse("projects:list")
    page.goto(list_url)

    # the skip link comes first, then the language switch, then the filter checkboxes
    path = _tab_until(page, lambda el: el["type"] == "checkbox")
    assert path[0]["cls"] == "skip-link", path[0]
    assert path[0]["text"] == _de("Skip to content")
    switch = [i for i, el in enumerate(path) if el["text"].startswith("EN")]
    assert switch, f"language switch never focused: {path}"
    assert 0 < switch[0] < len(path) - 1

    # Space ticks the focused checkbox
    checkbox = path[-1]
    assert not checkbox["checked"]
    page.keyboard.press("Space")
    assert _focused(page)["checked"]

    # Tab on to the apply button; Enter submits the filter form
    _tab_until(page, lambda el: el["tag"] == "button" and el["type"] == "submit")
    list_path = urlsplit(list_url).path
    with page.expect_request(lambda r: r.method == "GET" and urlsplit(r.url).path == list_path):
        page.keyboard.press("Enter")
    _wait_for_filters(page, (checkbox["name"], checkbox["value"]))
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)


def test_skip_link_moves_focus_to_main_content(site, page):
    page.goto(f"{site}/de/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # the next stop is inside the main content, not back in the header
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def _focused_link(page):
    """The href and class of the focused element (SVG links included)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {href: el.getAttribute("href") || "", cls: el.getAttribute("class") || ""};
        }"""
    )


def test_keyboard_reaches_the_map_links_and_the_language_switch(site, page):
    with translation.override("de"):
        laender_url = site + reverse("partners:laender")
        saxony = reverse("partners:land", args=["de-sn"])
    with translation.override("en"):
        saxony_en = reverse("partners:land", args=["de-sn"])
    page.goto(laender_url)

    # Tab reaches Saxony's area on the SVG map of Germany; Enter opens the Land page
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = _focused_link(page)
        if focused["href"] == saxony and "geo-map-link" in focused["cls"]:
            break
    else:
        raise AssertionError("the map link of Sachsen never got the keyboard focus")
    page.keyboard.press("Enter")
    page.wait_for_url(site + saxony)

    # on the new page, Tab reaches the language switch; Enter changes to English
    page.keyboard.press("Tab")
    _tab_until(page, lambda el: el["text"].startswith("EN"))
    page.keyboard.press("Enter")
    page.wait_for_url(site + saxony_en)
    assert page.locator("html").get_attribute("lang") == "en"
