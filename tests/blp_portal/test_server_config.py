"""The app server's configuration: gunicorn.conf.py and the Redis cache client."""

import runpy
from pathlib import Path

import pytest
from django.db import connections

from blp_portal.lib.redis_cache import SharedClientRedisCache

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn_conf(monkeypatch):
    for name in ("GUNICORN_MAX_REQUESTS", "GUNICORN_PRELOAD", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_workers_are_forked_from_a_preloaded_app_and_recycled_rarely(gunicorn_conf):
    assert gunicorn_conf["preload_app"] is True
    # Recycling every few thousand requests replaced a worker every few seconds under load.
    assert gunicorn_conf["max_requests"] >= 50_000
    assert 0 < gunicorn_conf["max_requests_jitter"] < gunicorn_conf["max_requests"]


def test_preload_and_recycling_follow_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_PRELOAD", "0")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "2000")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["preload_app"] is False
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (2000, 200)


def test_a_worker_is_forked_without_the_masters_database_connections(gunicorn_conf, monkeypatch):
    # (SQLite's in-memory test database ignores close(), so the call itself is checked.)
    calls = []
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("close_all"))
    gunicorn_conf["pre_fork"](server=None, worker=None)
    assert calls == ["close_all"]


def test_redis_cache_reuses_one_client_per_server():
    # Building a client opens no connection: no Redis server is needed here.
    cache = SharedClientRedisCache("redis://127.0.0.1:6379/15", {})
    client = cache._cache.get_client("some-key")
    assert cache._cache.get_client("other-key") is client
    assert cache._cache.get_client("some-key", write=True) is client


def test_redis_cache_with_replicas_keeps_a_client_per_server():
    cache = SharedClientRedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})
    primary = cache._cache.get_client(write=True)
    replica = cache._cache.get_client()  # reads go to the other server
    assert replica is not primary
    assert cache._cache.get_client() is replica
    assert primary.connection_pool.connection_kwargs["port"] == 6379
    assert replica.connection_pool.connection_kwargs["port"] == 6380
