"""Canonical and hreflang links, Open Graph, favicon, print stylesheet, robots.txt, sitemap.xml."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from pages.models import Page
from tests.factories import make_country, make_land, make_project, make_theme

pytestmark = pytest.mark.django_db


def meta(html, prop):
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_canonical_and_hreflang_links_are_absolute_and_point_to_both_languages(client):
    project = make_project()
    html = client.get(f"/en/projects/{project.slug}/?utm=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver/en/projects/{project.slug}/">' in html
    assert (
        f'<link rel="alternate" hreflang="de" href="http://testserver/de/projekte/{project.slug}/?utm=x">'
        in html
    )
    assert f'hreflang="en" href="http://testserver/en/projects/{project.slug}/?utm=x"' in html
    assert (
        f'hreflang="x-default" href="http://testserver/de/projekte/{project.slug}/?utm=x"' in html
    )


def test_open_graph_tags_of_a_project(client):
    project = make_project(title_en="Medicinal plants", summary_en="Plants that heal.")
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert meta(html, "og:title") == "Medicinal plants"
    assert meta(html, "og:description") == "Plants that heal."
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == f"http://testserver/en/projects/{project.slug}/"
    assert meta(html, "og:locale") == "en_GB"
    assert meta(html, "og:locale:alternate") == "de_DE"
    image = meta(html, "og:image")
    assert image.startswith("http://testserver/static/images/og-image")
    assert image.endswith(".png")


def test_open_graph_defaults_on_the_german_home_page(client):
    html = client.get("/de/").content.decode()
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:locale") == "de_DE"
    assert meta(html, "og:title")
    assert meta(html, "og:description")


def test_favicons_print_stylesheet_and_og_image_exist(client):
    html = client.get("/de/").content.decode()
    assert 'rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml"' in html
    assert 'rel="icon" href="/static/icons/favicon-32.png"' in html
    # one stylesheet for screen and print (its @media print part hides navigation and filters)
    assert html.count('rel="stylesheet"') == 1
    assert "@media print" in Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
    for path in (
        "icons/favicon.svg",
        "icons/favicon-32.png",
        "icons/apple-touch-icon.png",
        "images/og-image.png",
    ):
        assert finders.find(path), path


def test_robots_txt_allows_all_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *\n" in text
    assert "Allow: /\n" in text
    assert "Sitemap: http://testserver/sitemap.xml\n" in text


def test_sitemap_lists_published_projects_in_both_languages_but_no_draft(client):
    published = make_project(slug="veroeffentlicht")
    make_project(slug="geheimer-entwurf", state="draft")
    make_project(slug="in-pruefung", state="review")
    make_theme("governance")
    make_land("DE-SN")
    make_country("UG")
    Page.objects.create(slug="impressum", kind="legal", title_de="Impressum")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"<loc>http://testserver/de/projekte/{published.slug}/</loc>" in xml
    assert f"<loc>http://testserver/en/projects/{published.slug}/</loc>" in xml
    assert "geheimer-entwurf" not in xml
    assert "in-pruefung" not in xml
    # alternates for both languages and x-default
    assert (
        f'<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/projects/{published.slug}/"/>'
        in xml
    )
    assert 'hreflang="x-default"' in xml
    for path in (
        "/en/themes/governance/",
        "/en/states/de-sn/",
        "/en/countries/ug/",
        "/en/legal/impressum/",
        "/en/statistics/",
        "/en/states/",
        "/en/countries/",
        "/en/projects/",
        "/de/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml, path


def test_sitemap_query_count_does_not_grow_with_projects(client, django_assert_num_queries):
    for _ in range(3):
        make_project()
    # projects, themes, Länder, countries, pages: one query per section (the overview
    # section needs none; "?x" keeps the page cache from answering the second request).
    with django_assert_num_queries(5):
        client.get("/sitemap.xml")
    for _ in range(10):
        make_project()
    with django_assert_num_queries(5):
        client.get("/sitemap.xml?x")
