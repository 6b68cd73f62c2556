"""Content pages have an address in each language; the other language's address redirects."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from pages.models import Page

pytestmark = pytest.mark.django_db


def make_page(slug="ziele", slug_en="goals", **fields):
    fields = {"kind": "about", "title_de": "Ziele", "title_en": "Goals", **fields}
    return Page.objects.create(slug=slug, slug_en=slug_en, **fields)


def test_each_language_has_its_own_address():
    page = make_page()
    with translation.override("de"):
        assert page.get_absolute_url() == "/de/ueber/ziele/"
    with translation.override("en"):
        assert page.get_absolute_url() == "/en/about/goals/"


def test_without_an_english_slug_the_german_one_serves_both():
    page = make_page(slug_en="")
    with translation.override("en"):
        assert page.get_absolute_url() == "/en/about/ziele/"


@pytest.mark.parametrize(
    "old, new",
    [("/en/about/ziele/", "/en/about/goals/"), ("/de/ueber/goals/", "/de/ueber/ziele/")],
)
def test_the_other_languages_address_redirects(client, old, new):
    make_page()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_an_unknown_slug_or_another_kind_is_404(client):
    make_page()
    assert client.get("/en/about/nothing/").status_code == 404
    assert client.get("/en/legal/goals/").status_code == 404


def test_menus_link_to_the_address_of_the_active_language(client):
    make_page()
    page = client.get("/en/").content.decode()
    assert 'href="/en/about/goals/"' in page
    assert "/en/about/ziele/" not in page


def test_an_english_slug_may_not_name_another_page():
    make_page()
    other = Page(slug="umsetzung", slug_en="ziele", kind="about", title_de="Umsetzung")
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert "slug_en" in error.value.message_dict


def test_demo_pages_have_english_addresses(client, demo_data):
    assert not Page.objects.filter(slug_en="").exists()
    for page in Page.objects.all():
        with translation.override("en"):
            url = page.get_absolute_url()
        assert client.get(url).status_code == 200, url
        assert page.slug not in url or page.slug == page.slug_en
