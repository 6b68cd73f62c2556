"""About and legal pages: views, navigation (cached), admin, demo data."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from pages.models import Page
from pages.nav import NAV_CACHE_KEY

pytestmark = pytest.mark.django_db


def make_page(slug="ziele", kind="about", order=1, **overrides):
    fields = {
        "title_de": slug.title(),
        "title_en": f"{slug.title()} EN",
        "body_de": "<p>Deutscher Text</p>",
        "body_en": "<p>English text</p>",
    }
    fields.update(overrides)
    return Page.objects.create(slug=slug, kind=kind, order=order, **fields)


def test_about_page_in_english(client):
    make_page("ziele", title_en="Goals", body_en="<h2>Aims</h2><p>English text</p>")
    response = client.get("/en/about/ziele/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Goals</h1>" in html
    assert "<h2>Aims</h2><p>English text</p>" in html
    assert "not yet available in English" not in html


def test_legal_page_has_its_own_address(client):
    make_page("impressum", kind="legal", title_en="Legal notice")
    assert client.get("/en/legal/impressum/").status_code == 200
    # an about page is not reachable under the legal prefix and vice versa
    assert client.get("/en/about/impressum/").status_code == 404
    make_page("ziele")
    assert client.get("/en/legal/ziele/").status_code == 404


def test_unknown_page_is_404(client):
    assert client.get("/en/about/gibt-es-nicht/").status_code == 404


def test_missing_english_text_shows_german_with_notice_and_lang(client):
    make_page("umsetzung", title_en="", body_en="")
    html = client.get("/en/about/umsetzung/").content.decode()
    assert "This text is not yet available in English; the German version is shown." in html
    assert '<h1 lang="de">Umsetzung</h1>' in html
    assert '<div class="content-body" lang="de"><p>Deutscher Text</p></div>' in html


def test_german_page_never_shows_the_notice(client):
    make_page("umsetzung", title_en="", body_en="")
    html = client.get("/en/about/umsetzung/").content.decode()
    assert "fallback-notice" in html
    assert "fallback-notice" not in client.get("/de/").content.decode()


def test_script_written_into_the_database_is_not_rendered(client):
    page = make_page("ziele")
    Page.objects.filter(pk=page.pk).update(body_en="<p>x</p><script>alert(1)</script>")
    html = client.get("/en/about/ziele/").content.decode()
    assert "alert(1)" not in html


def test_header_lists_about_pages_and_footer_lists_legal_pages_in_order(client):
    make_page("umsetzung", order=2, title_en="Implementation")
    make_page("ziele", order=1, title_en="Goals")
    make_page("impressum", kind="legal", order=1, title_en="Legal notice")
    make_page("datenschutz", kind="legal", order=2, title_en="Privacy policy")
    html = client.get("/en/").content.decode()
    header, footer = html.split('<footer class="site-footer">')
    assert header.index('href="/en/about/ziele/"') < header.index('href="/en/about/umsetzung/"')
    assert "Legal notice" not in header
    assert footer.index('href="/en/legal/impressum/"') < footer.index(
        'href="/en/legal/datenschutz/"'
    )
    assert "Goals" not in footer


def test_navigation_title_without_english_is_german_and_marked(client):
    make_page("methodik", title_en="")
    assert (
        '<a href="/en/about/methodik/" lang="de">Methodik</a>'
        in client.get("/en/").content.decode()
    )


def test_navigation_costs_no_query_once_cached(client, django_assert_num_queries):
    make_page("ziele")
    cache.delete(NAV_CACHE_KEY)
    client.get("/en/")  # another address, so the whole-page cache does not answer below
    # 1 page: the navigation comes from the cache.
    with django_assert_num_queries(1):
        client.get("/en/about/ziele/")


def test_navigation_costs_one_query_on_a_cold_cache(client, django_assert_num_queries):
    make_page("ziele")
    cache.delete(NAV_CACHE_KEY)
    # 1 page, 1 navigation pages.
    with django_assert_num_queries(2):
        client.get("/en/about/ziele/")


def test_saving_or_deleting_a_page_refreshes_the_navigation_at_once(client):
    page = make_page("ziele", title_en="Goals")
    assert "Goals" in client.get("/en/").content.decode()
    page.title_en = "Aims"
    page.save()
    assert "Aims" in client.get("/en/legal/x/").content.decode()  # a 404 has the header too
    page.delete()
    assert 'href="/en/about/ziele/"' not in client.get("/en/legal/y/").content.decode()


def test_admin_edits_german_and_english(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-123456")
    client.force_login(user)
    page = make_page("ziele")
    response = client.get(f"/admin/pages/page/{page.pk}/change/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="body_de"' in html and 'name="body_en"' in html
    listing = client.get("/admin/pages/page/?q=ziele")
    assert listing.status_code == 200
    assert "Ziele" in listing.content.decode()


def test_demo_data_loads_the_pages_idempotently(settings):
    settings.DEBUG = True
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    about = list(Page.objects.filter(kind="about").values_list("slug", flat=True))
    legal = list(Page.objects.filter(kind="legal").values_list("slug", flat=True))
    assert about == [
        "ziele",
        "umsetzung",
        "vernetzung-innovation",
        "partner-finanzierung",
        "methodik",
    ]
    assert legal == ["impressum", "datenschutz", "barrierefreiheit"]
    assert all(page.body_en for page in Page.objects.all())


def test_demo_pages_are_linked_from_every_page(client, demo_data):
    html = client.get("/de/").content.decode()
    for slug in ("ziele", "umsetzung", "vernetzung-innovation", "partner-finanzierung"):
        assert f'/about/{slug}/"' in html or f'/ueber/{slug}/"' in html
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        assert f'/legal/{slug}/"' in html or f'/rechtliches/{slug}/"' in html


def test_theme_without_english_text_shows_notice(client):
    from tests.factories import make_theme

    make_theme("governance", name_en="", short_text_de="Kurz.", long_text_de="Lang.")
    html = client.get("/en/themes/governance/").content.decode()
    assert "This text is not yet available in English" in html
    assert '<h1 lang="de">Governance</h1>' in html
    assert '<div lang="de"><p>Lang.</p></div>' in html
