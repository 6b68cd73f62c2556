"""Every address of the sitemap answers for German and English browsers: the unprefixed
x-default URLs redirect to the visitor's language."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _sitemap_paths(client):
    xml = client.get("/sitemap.xml").content.decode()
    urls = set(re.findall(r"<loc>([^<]+)</loc>", xml)) | set(re.findall(r'href="([^"]+)"', xml))
    return sorted({urlsplit(url).path for url in urls})


@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_every_sitemap_url_answers_for_each_browser_language(demo_data, language):
    client = Client(headers={"accept-language": language})
    paths = _sitemap_paths(client)
    unprefixed = [p for p in paths if not p.startswith(("/de/", "/en/"))]
    assert unprefixed, "the sitemap's x-default addresses"
    assert len(paths) > 60
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
    for path in unprefixed:
        final = client.get(path, follow=True).redirect_chain[-1][0]
        # French browsers get the default language, German
        assert final.startswith(f"/{'en' if language == 'en' else 'de'}/"), (path, final)


@pytest.mark.parametrize(
    ("language", "target"),
    [("en", "/en/projects/?theme=governance"), ("de", "/de/projekte/?theme=governance")],
)
def test_unprefixed_address_redirects_to_the_visitors_language(client, language, target):
    response = client.get("/projekte/?theme=governance", headers={"accept-language": language})
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_the_language_cookie_wins_over_the_browser(client):
    client.cookies["django_language"] = "en"
    response = client.get("/statistik/", headers={"accept-language": "de"})
    assert response["Location"] == "/en/statistics/"


@pytest.mark.parametrize("path", ["/gibt-es-nicht/", "/projekte/a/b/c/", "/en/nothing/"])
def test_unknown_unprefixed_address_is_a_404(client, path):
    assert client.get(path, follow=True).status_code == 404
