import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_land, make_project, make_theme

pytestmark = pytest.mark.django_db


def _de(name, *args):
    """The German address of a feed (translated segment: /de/offene-daten/…)."""
    with translation.override("de"):
        return reverse(name, args=args)


def test_feed_lists_published_projects_only(client):
    make_project(title_de="Öffentlich", slug="public")
    for state in ("draft", "review", "archived"):
        make_project(state=state, title_de=f"Geheim {state}", slug=f"hidden-{state}")
    response = client.get(_de("opendata:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert "Öffentlich" in content and "Geheim" not in content
    assert "<rights>Lizenz/Licence: CC BY 4.0" in content
    assert "<updated>" in content


def test_theme_and_land_feeds(client):
    make_project(themes=[make_theme("governance")], title_de="Verwaltung", slug="gov")
    make_project(
        themes=[make_theme("umwelt")],
        title_de="Klima",
        slug="env",
        laender=[make_land("DE-BW", "Baden-Württemberg")],
    )
    theme_feed = client.get(_de("opendata:theme_feed", "umwelt")).content.decode()
    assert "Klima" in theme_feed and "Verwaltung" not in theme_feed
    land_feed = client.get(_de("opendata:land_feed", "de-sn")).content.decode()
    assert "Verwaltung" in land_feed and "Klima" not in land_feed


def test_unknown_theme_or_land_feed_is_404(client):
    assert client.get(_de("opendata:theme_feed", "nope")).status_code == 404
    assert client.get(_de("opendata:land_feed", "xx")).status_code == 404


def test_feed_answers_304(client):
    make_project()
    first = client.get("/en/open-data/feed/")
    assert (
        client.get("/en/open-data/feed/", headers={"if-none-match": first["ETag"]}).status_code
        == 304
    )
