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
    assert '<html lang="en"' in html
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


def home_transfer_sizes(client):
    """Bytes a first visit to the home page transfers, per file: the page gzipped at level 1 (the
    proxy's cheapest setting), the static text files at level 9 (whitenoise's pre-compressed
    copies), fonts and images as they are; the fonts are the ones the stylesheet names."""
    import gzip
    import posixpath
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    html = client.get("/de/").content
    assets = set(re.findall(rb'(?:href|src)="/static/([^"?#]+)"', html))
    for css in [name for name in assets if name.endswith(b".css")]:
        text = Path(finders.find(css.decode())).read_bytes()
        folder = posixpath.dirname(css.decode())
        for url in re.findall(rb'url\("?([^")]+\.woff2)"?\)', text):
            assets.add(posixpath.normpath(posixpath.join(folder, url.decode())).encode())
    sizes = {"html": len(gzip.compress(html, 1))}
    for name in assets:
        data = Path(finders.find(name.decode())).read_bytes()
        compressible = name.endswith((b".css", b".js", b".svg"))
        sizes[name.decode()] = len(gzip.compress(data, 9)) if compressible else len(data)
    return sizes


def test_home_page_with_all_its_assets_weighs_under_150_kb(client, demo_data):
    """Issue 3's page-weight budget, issue 14's measure: what a first visit transfers (HTML, every
    stylesheet, script, image and font), compressed as production serves it."""
    sizes = home_transfer_sizes(client)
    # the stylesheet, the logo, at least the six theme icons and KERN's two font files
    assert len(sizes) >= 11, sizes
    assert sum(1 for name in sizes if name.endswith(".woff2")) == 2, sizes
    assert sum(sizes.values()) < 150 * 1024, sizes


def test_home_page_repeat_visit_weighs_under_40_kb(client, demo_data):
    """A repeat visit fetches the page again; the static files (hashed names, far-future cache
    headers from whitenoise) come from the browser cache."""
    assert home_transfer_sizes(client)["html"] < 40 * 1024
