"""Django's Redis cache backend, reusing one Redis client per server.

`django.core.cache.backends.redis` creates a new `redis.Redis` object for every cache call, and
each new object registers its ~170 response callbacks. A page-cache hit makes two cache calls
(the content generation, then the page), so building clients took about a quarter of a hit's
time (cProfile: 0.15 of 0.65 s for 500 hits, BENCHMARKS.md). A `redis.Redis` object is
thread-safe and holds no connection of its own (the pool does), so one per pool is enough.

Keys are not checked for memcached's limits either: Redis takes any key, and the check (a
warning only, a lazy-settings lookup per key) cost more than the MGET of a page-cache hit's
dependency tags itself.

`count_in_window()` counts a request in one round trip: Django's add() and incr() take three
(incr() asks whether the key exists first), which made an API hit, counted against the client's
rate limit, cost half as much again as a page hit.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # id(pool) -> redis.Redis; the pools live as long as this object

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedRedisCacheClient

    def validate_key(self, key):
        pass  # see the module's docstring

    def count_in_window(self, key, timeout):
        """Adds 1 to the counter `key` (created at 0 to live `timeout` seconds if missing) and
        returns it: SET NX and INCR in one transaction, one round trip."""
        key = self.make_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[1]
