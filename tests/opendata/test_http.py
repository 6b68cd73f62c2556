"""Conditional requests follow every published change; JSON 404 and HEAD under /api/; the
client address behind trusted reverse proxies (rate limit and admin lockout)."""

import datetime
import hashlib
from types import SimpleNamespace

import pytest
from axes.helpers import get_client_ip_address
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from opendata.http import client_ip
from tests.factories import make_organisation, make_project, make_theme
from tests.opendata.helpers import make_full_project

pytestmark = pytest.mark.django_db


def _theme_feed(slug):
    with translation.override("de"):
        return reverse("opendata:theme_feed", args=[slug])


def _later(monkeypatch, seconds=5):
    """Clocks a few seconds on (Last-Modified has whole seconds): the open-data views' and the
    page cache's, which stores the feeds."""
    now = timezone.now() + datetime.timedelta(seconds=seconds)
    monkeypatch.setattr("opendata.http.timezone.now", lambda: now)
    monkeypatch.setattr("blp_portal.lib.pagecache.time", SimpleNamespace(time=now.timestamp))


def _assert_fresh_after(client, url, change, monkeypatch, text):
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    change()
    _later(monkeypatch)
    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    assert by_etag.status_code == 200 and text in by_etag.content.decode(), url
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_date.status_code == 200, url


def _rename_theme(theme, name):
    def change():
        theme.name_de = name
        theme.save()

    return change


def test_renaming_a_theme_refreshes_the_theme_list(client, monkeypatch):
    theme = make_theme("governance", name_de="Regierungsführung")
    make_project(themes=[theme])
    change = _rename_theme(theme, "Gute Regierungsführung")
    _assert_fresh_after(client, "/api/themes?lang=de", change, monkeypatch, "Gute Reg")


def test_renaming_an_organisation_refreshes_the_project(client, monkeypatch):
    project = make_full_project(slug="full")
    organisation = make_organisation("uni-leipzig")

    def change():
        organisation.name_de = "Universität Leipzig (neu)"
        organisation.save()

    url = f"/api/projects/{project.slug}?lang=de"
    _assert_fresh_after(client, url, change, monkeypatch, "Leipzig (neu)")


def test_renaming_a_theme_refreshes_its_feed(client, monkeypatch):
    theme = make_theme("governance", name_de="Regierungsführung")
    make_project(themes=[theme])
    change = _rename_theme(theme, "Gute Regierungsführung")
    _assert_fresh_after(client, _theme_feed("governance"), change, monkeypatch, "Gute Reg")


def test_without_tag_versions_the_etag_is_the_contents(client, monkeypatch):
    """No tag versions (a dummy cache): the view gives no validators of its own; the page
    cache's ETag of the content itself stands in, which can never give a stale 304."""
    make_project()
    monkeypatch.setattr("opendata.http.versions", lambda tags: dict.fromkeys(tags))
    response = client.get("/api/themes")
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    assert response.status_code == 200 and response["ETag"] == f'"{digest}"'
    # a streamed download has no content to hash: no validators at all
    download = client.get("/api/iati/activities.xml")
    assert download.status_code == 200 and not download.has_header("ETag")
    assert not download.has_header("Last-Modified")


@pytest.mark.parametrize(
    "url",
    [
        "/api/",
        "/api/nope",
        "/api/projects/x/y",
        "/api/iati/projects/nope.xml",
        "/api/iati/projects/a.b.xml",
        "/api/iati/nope",
        "/api/projects/%00",  # its cache validators must not ask PostgreSQL for a NUL byte
        "/api/projects/a%00b",
    ],
)
def test_unknown_api_paths_give_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Not found."


def test_unknown_api_paths_are_404_for_every_method(client):
    for method in (client.post, client.put, client.patch, client.delete, client.head):
        assert method("/api/nope").status_code == 404


def test_head_on_api_endpoints_gives_headers_without_body(client):
    make_full_project(slug="full")
    for url in [
        "/api/projects",
        "/api/projects/full",
        "/api/themes",
        "/api/phases",
        "/api/iati/activities.xml",
        "/api/iati/projects/full.xml",
    ]:
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b"", url
        assert head["Content-Type"] == get["Content-Type"], url
        assert head["ETag"] == get["ETag"], url
    assert client.head("/api/projects/nope").status_code == 404
    assert "head" not in client.get("/api/openapi.json").json()["paths"]["/api/themes"]


def _request(remote="10.0.0.1", forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # no proxy configured: the header is not trusted
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # spoofed first entry ignored
        (2, "6.6.6.6, 198.51.100.7, 192.0.2.1", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),  # shorter than the proxy chain: misconfigured
        (1, "not-an-address", "10.0.0.1"),
        (1, None, "10.0.0.1"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_rate_limit_counts_each_client_behind_the_proxy(settings):
    settings.OPENDATA_RATE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert [first.get("/api/themes").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/api/themes").status_code == 200


def test_without_trusted_proxies_clients_behind_a_proxy_share_its_bucket(settings):
    settings.OPENDATA_RATE_LIMIT = 2
    clients = [
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}") for n in (1, 2, 3)
    ]
    assert [c.get("/api/themes").status_code for c in clients] == [200, 200, 429]


def test_admin_lockout_uses_the_same_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(forwarded="6.6.6.6, 198.51.100.7")
    assert get_client_ip_address(request) == "198.51.100.7"
