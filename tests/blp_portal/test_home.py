import pytest

from tests.factories import make_country, make_land, make_project, make_theme

pytestmark = pytest.mark.django_db


def test_root_redirects_to_german(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_home_shows_theme_icons_linking_to_filtered_lists(client):
    make_theme("governance", name_de="Governance")
    make_theme("pandemieresilienz", name_de="Pandemieresilienz", is_temporary=True)
    make_theme("digitalisierung", kind="topic", name_de="Digitalisierung")
    html = client.get("/de/").content.decode()
    assert 'href="/de/projekte/?theme=governance"' in html
    assert 'href="/de/projekte/?theme=pandemieresilienz"' in html
    assert 'href="/de/projekte/?topic=digitalisierung"' in html
    assert "theme-temporary" in html


def test_home_figures_count_published_projects_only(client):
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    make_project(laender=[saxony], countries=[make_country("UG")])
    make_project(laender=[saxony], countries=[make_country("UG")])
    make_project(laender=[bremen], countries=[make_country("NA")], state="draft")
    figures = client.get("/de/").context["figures"]
    assert figures["projects"] == 2
    assert figures["laender"] == 1
    assert figures["countries"] == 1


def test_home_does_not_show_draft_titles(client):
    make_project(title_de="Geheimer Entwurf", state="draft")
    assert "Geheimer Entwurf" not in client.get("/de/").content.decode()


def test_home_query_count_is_fixed(client, django_assert_num_queries):
    make_theme("governance")
    make_theme("pandemieresilienz", is_temporary=True)
    for _ in range(10):
        make_project()
    # themes (+ their phases), 1 aggregate, Länder count, countries count,
    # latest projects + 4 prefetches. The about/legal pages in header and footer come from
    # the cache (pages/nav.py), not from a query.
    with django_assert_num_queries(10):
        client.get("/de/")


def test_english_home_is_english(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Focus themes" in html
    assert 'hreflang="de"' in html


def test_the_500_page_has_the_portal_design_and_needs_no_database(rf, django_assert_num_queries):
    from django.core.cache import cache

    from blp_portal.views import server_error

    cache.clear()  # not even the cached header navigation may be needed
    with django_assert_num_queries(0):
        response = server_error(rf.get("/de/projekte/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    assert 'class="site-header"' in html and '<main id="main"' in html
    assert "Serverfehler" in html or "Server error" in html


def test_home_page_with_all_its_assets_weighs_under_150_kb(client, demo_data):
    """Issue 3's page-weight budget: the HTML and every stylesheet, script and image it loads."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    html = client.get("/de/").content
    assets = set(re.findall(rb'(?:href|src)="/static/([^"?#]+)"', html))
    # the stylesheet, the logo and at least the six theme icons
    assert len(assets) >= 8, assets
    sizes = {name: Path(finders.find(name.decode())).stat().st_size for name in assets}
    total = len(html) + sum(sizes.values())
    assert total < 150 * 1024, (total, sizes)
