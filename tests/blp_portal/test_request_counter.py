"""The per-client request counter (blp_portal.lib.clients.count_request) behind the API's rate
limit and the feedback form: on Redis one round trip (SharedClientRedisCache.count_in_window),
elsewhere Django's add() and incr(); both count the same."""

import os
import uuid

import pytest
import redis
from django.core.cache.backends.locmem import LocMemCache
from django.test import RequestFactory

from blp_portal.lib import clients
from blp_portal.lib.redis_cache import SharedClientRedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_cache():
    """A cache on the Redis server at REDIS_URL under a key prefix of its own."""
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache._cache.get_client(write=True).ping()
    except redis.ConnectionError:
        reason = f"no Redis server at {REDIS_URL}"
        if os.environ.get("BLP_REQUIRE_EXTERNAL") == "1":
            pytest.fail(reason + "; BLP_REQUIRE_EXTERNAL=1 requires it")
        pytest.skip(reason)
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
        client.delete(key)


def test_a_counter_counts_in_one_transaction_and_expires(redis_cache):
    assert [redis_cache.count_in_window("k", 60) for _ in range(3)] == [1, 2, 3]
    client = redis_cache._cache.get_client(write=True)
    assert 0 < client.ttl(redis_cache.make_key("k")) <= 60
    assert redis_cache.get("k") == 3  # Django reads the counter as it wrote it


def test_a_counter_made_with_add_and_incr_counts_on(redis_cache):
    redis_cache.add("k", 0, timeout=60)
    assert redis_cache.incr("k") == 1
    assert redis_cache.count_in_window("k", 60) == 2


def _counts(monkeypatch, cache, times):
    monkeypatch.setattr(clients, "cache", cache)
    request = RequestFactory().get("/api/projects", REMOTE_ADDR="203.0.113.7")
    other = RequestFactory().get("/api/projects", REMOTE_ADDR="203.0.113.8")
    found = [clients.count_request("api", request, 60, now=1000.0)[0] for _ in range(times)]
    found.append(clients.count_request("api", other, 60, now=1000.0)[0])
    found.append(clients.count_request("api", request, 60, now=1061.0)[0])  # the next window
    return found


def test_redis_and_other_caches_count_alike(monkeypatch, redis_cache):
    def slow_path(*args, **kwargs):
        raise AssertionError("Redis counts with count_in_window(), not add() and incr()")

    monkeypatch.setattr(redis_cache, "add", slow_path)
    monkeypatch.setattr(redis_cache, "incr", slow_path)
    on_redis = _counts(monkeypatch, redis_cache, 3)
    elsewhere = _counts(monkeypatch, LocMemCache(f"counter-{uuid.uuid4().hex}", {}), 3)
    assert on_redis == elsewhere == [1, 2, 3, 1, 1]
