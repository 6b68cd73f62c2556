"""/healthz: database, cache and media checks, 200/503 JSON, never cached; request ids."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from blp_portal import health

pytestmark = pytest.mark.django_db

ALL_OK = {"status": "ok", "checks": {"database": "ok", "cache": "ok", "media": "ok"}}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert "no-store" in response["Cache-Control"]


class _RecordingCache:
    """The real cache, remembering the keys written."""

    def __init__(self, real):
        self.real, self.keys = real, []

    def set(self, key, *args, **kwargs):
        self.keys.append(key)
        return self.real.set(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_each_check_uses_its_own_probe_and_leaves_none_behind(client, _media_root, monkeypatch):
    recording = _RecordingCache(cache)
    monkeypatch.setattr(health, "cache", recording)
    for _ in range(2):
        assert client.get("/healthz").status_code == 200
    first, second = recording.keys
    assert first != second
    assert cache.get(first) is None and cache.get(second) is None
    assert list(_media_root.iterdir()) == []


class _SlowCache:
    """The real cache with a pause between write and read, as under load against Redis: a
    check that shares its key with another one reads the other's value."""

    def __init__(self, real):
        self.real = real

    def set(self, *args, **kwargs):
        self.real.set(*args, **kwargs)
        time.sleep(0.005)

    def __getattr__(self, name):
        return getattr(self.real, name)


CONCURRENT_CHECKS = 120
THREADS = 24  # below PostgreSQL's default max_connections, with the test's own connection


def test_concurrent_checks_all_answer_200(monkeypatch):
    monkeypatch.setattr(health, "cache", _SlowCache(cache))
    start = threading.Barrier(THREADS)

    def check(index):
        try:
            if index < THREADS:
                start.wait(timeout=10)
            response = Client().get("/healthz")
            return response.status_code, response.json()
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(check, range(CONCURRENT_CHECKS)))
    assert [status for status, _ in results] == [200] * CONCURRENT_CHECKS
    assert all(body == ALL_OK for _, body in results)


def test_failing_media_storage_gives_503(client, monkeypatch):
    class BrokenStorage:
        def save(self, *args, **kwargs):
            raise OSError("disk full: secret detail")

    monkeypatch.setattr(health, "default_storage", BrokenStorage())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "media": "error"}
    assert b"secret detail" not in response.content


def test_healthz_is_never_served_from_the_page_cache(client):
    for _ in range(2):
        response = client.get("/healthz")
        assert "X-Page-Cache" not in response
        assert "ETag" not in response


def test_healthz_is_not_language_prefixed(client):
    assert client.get("/de/healthz").status_code == 404


def _broken():
    raise ConnectionError("redis is gone: secret detail")


def test_failing_cache_gives_503_without_details(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "cache", _broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error", "media": "ok"},
    }
    assert b"secret detail" not in response.content


def test_failing_database_gives_503(client, monkeypatch):
    from django.db import OperationalError

    def broken_database():
        raise OperationalError("could not connect")

    monkeypatch.setitem(health.CHECKS, "database", broken_database)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


def test_healthz_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_request_id_from_the_proxy_is_kept_when_sane(client):
    response = client.get("/healthz", headers={"x-request-id": "nginx-4f2a9c"})
    assert response["X-Request-ID"] == "nginx-4f2a9c"


def test_request_id_from_the_proxy_is_replaced_when_malformed(client):
    response = client.get("/healthz", headers={"x-request-id": "bad id\u00e4<script>"})
    assert response["X-Request-ID"] != "bad id\u00e4<script>"
    assert len(response["X-Request-ID"]) == 32


def test_request_id_is_forgotten_after_the_response(client):
    from blp_portal.lib.logging import current_request_id

    client.get("/healthz")
    assert current_request_id() == "-"
