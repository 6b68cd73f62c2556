"""/healthz: database and cache checks, 200/503 JSON, never cached; request ids on responses."""

import pytest

from blp_portal import health

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


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
    assert response.json() == {"status": "error", "checks": {"database": "ok", "cache": "error"}}
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
