"""The list's filter form and sort select in KERN's form markup (issue 14.1): every field
carries KERN's classes, so the look comes from KERN and not from rules of our own."""

import pytest
from lxml import html

from tests.factories import make_land, make_project, make_theme

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


@pytest.fixture
def page(client):
    governance, climate = make_theme("governance"), make_theme("umwelt-klima-energie")
    make_land("DE-HB", "Bremen")  # no project: an unavailable option
    make_project(title_de="A", themes=[governance], laender=[make_land("DE-SN", "Sachsen")])
    make_project(title_de="B", themes=[climate])
    response = client.get(LIST)
    assert response.status_code == 200
    return html.fromstring(response.content)


def classes(element):
    return set(element.get("class", "").split())


def test_facet_checkboxes_are_kern_checks_with_their_labels(page):
    boxes = page.xpath('//form[@id="filter-form"]//input[@type="checkbox"]')
    assert len(boxes) >= 4
    for box in boxes:
        assert "kern-form-check__checkbox" in classes(box)
        assert "kern-form-check" in classes(box.getparent())
        (label,) = page.xpath(f'//label[@for="{box.get("id")}"]')
        assert "kern-label" in classes(label) and label.getparent() is box.getparent()
    unavailable = [box for box in boxes if box.get("disabled") is not None]
    assert unavailable and all("check-disabled" in classes(b.getparent()) for b in unavailable)
    for fieldset in page.xpath('//form[@id="filter-form"]//fieldset'):
        assert "kern-fieldset" in classes(fieldset)
        assert "kern-label" in classes(fieldset.find("legend"))


@pytest.mark.parametrize("name", ["q", "from", "to"])
def test_text_and_year_fields_are_kern_inputs_with_labels(page, name):
    (field,) = page.xpath(f'//form[@id="filter-form"]//input[@name="{name}"]')
    assert "kern-form-input__input" in classes(field)
    (label,) = page.xpath(f'//label[@for="{field.get("id")}"]')
    assert "kern-label" in classes(label)
    assert "kern-form-input" in classes(field.getparent())


def test_search_hint_is_a_kern_hint_named_by_the_field(page):
    (field,) = page.xpath('//input[@name="q"]')
    (hint,) = page.xpath(f'//*[@id="{field.get("aria-describedby")}"]')
    assert "kern-hint" in classes(hint)


def test_sort_select_sits_in_kern_select_wrapper(page):
    (select,) = page.xpath('//select[@name="sort"]')
    assert "kern-form-input__select" in classes(select)
    assert "kern-form-input__select-wrapper" in classes(select.getparent())
    assert select.get("form") == "filter-form"
