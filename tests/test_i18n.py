"""Language switch and translation smoke tests."""

import pytest
from django.utils import translation

from tests.factories import make_project, make_theme

pytestmark = pytest.mark.django_db


def test_locale_smoke():
    with translation.override("de"):
        assert translation.gettext("Projects") == "Projekte"
    with translation.override("en"):
        assert translation.gettext("Projects") == "Projects"


def test_language_switch_links_to_same_page_with_filters(client):
    make_theme("governance")
    html = client.get("/de/projekte/?theme=governance").content.decode()
    assert 'href="/en/projects/?theme=governance"' in html


def test_language_switch_on_detail_page(client):
    project = make_project()
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert f'href="/de/projekte/{project.slug}/"' in html


def test_content_follows_the_language_with_german_fallback(client):
    project = make_project(title_de="Nur Deutsch", title_en="")
    other = make_project(title_de="Deutsch", title_en="English")
    html = client.get("/en/projects/").content.decode()
    assert "English" in html
    assert "Nur Deutsch" in html  # no English title: the German one is shown
    assert project.slug and other.slug
