"""The index pages that the addresses and breadcrumbs imply: themes, about, legal."""

import pytest

from pages.models import Page
from tests.factories import make_project, make_theme

pytestmark = pytest.mark.django_db


def test_themes_index_lists_themes_and_topics_with_counts(client, django_assert_num_queries):
    governance = make_theme("governance", name_en="Governance")
    make_theme("gender", kind="topic", name_en="Gender")
    make_theme("ukraine", is_temporary=True, name_en="Ukraine")
    make_project(themes=[governance])
    make_project(themes=[governance], state="draft")
    client.get("/en/themes/")  # warm the navigation cache
    with django_assert_num_queries(1):
        response = client.get("/en/themes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<a href="/en/themes/governance/">Governance</a> <span class="count">1 project</span>'
        in html
    )
    assert '<a href="/en/themes/gender/">Gender</a> <span class="count">0 projects</span>' in html
    assert "Temporary themes" in html and "/en/themes/ukraine/" in html
    assert client.get("/de/themen/").status_code == 200


@pytest.mark.parametrize(
    ("kind", "german", "english"),
    [("about", "/de/ueber/", "/en/about/"), ("legal", "/de/rechtliches/", "/en/legal/")],
)
def test_page_index_lists_the_pages_of_its_kind(client, kind, german, english):
    Page.objects.create(slug="erste", kind=kind, title_de="Erste Seite", body_de="<p>Text eins</p>")
    Page.objects.create(slug="zweite", kind=kind, order=5, title_de="Zweite", body_de="<p>Zwei</p>")
    Page.objects.create(slug="andere", kind="access", title_de="Andere Art")
    response = client.get(german)
    assert response.status_code == 200
    html = response.content.decode().split("<h1>")[1].split("</main>")[0]  # not the menus
    assert html.index("Erste Seite") < html.index("Zweite")
    assert "Text eins" in html
    assert "Andere Art" not in html
    assert f'href="{german}erste/"' in html
    assert client.get(english).status_code == 200


def test_an_empty_index_says_so(client):
    assert "No page has been published here yet." in client.get("/en/legal/").content.decode()


def test_index_pages_are_in_the_sitemap(client):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/de/themen/", "/en/themes/", "/de/ueber/", "/de/rechtliches/", "/en/legal/"):
        assert f"<loc>http://testserver{path}</loc>" in xml, path


def test_breadcrumbs_lead_to_the_index_pages(client):
    make_theme("governance", name_en="Governance")
    Page.objects.create(slug="ziele", kind="about", title_de="Ziele", title_en="Goals")
    Page.objects.create(slug="leichte-sprache", kind="access", title_de="Leichte Sprache")
    theme = client.get("/en/themes/governance/").content.decode().split("</nav>")
    assert any('<a href="/en/themes/">Themes</a>' in part for part in theme)
    about = client.get("/de/ueber/ziele/").content.decode()
    assert '<li><a href="/de/ueber/">Über das Programm</a></li>' in about
    # accessible formats have no index page: no parent in the breadcrumbs
    access = client.get("/de/zugang/leichte-sprache/")
    assert access.status_code == 200
    crumbs = access.content.decode().split('class="breadcrumbs')[1].split("</nav>")[0]
    assert crumbs.count("<li>") == 2  # home and the page
