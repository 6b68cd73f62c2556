"""Strict readers for settings taken from the environment.

A malformed value raises ImproperlyConfigured instead of being guessed at.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


_ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def parse_database_url(url):
    """Turn postgres://user:pw@host:port/name or sqlite:///path into a DATABASES entry."""
    parts = urlsplit(url)
    engine = _ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(f"DATABASE_URL has an unsupported scheme: {parts.scheme!r}")
    if engine.endswith("sqlite3"):
        path = parts.path[1:] if parts.path.startswith("//") else parts.path
        return {"ENGINE": engine, "NAME": unquote(path) or ":memory:"}
    try:
        port = parts.port
    except ValueError as exc:
        raise ImproperlyConfigured("DATABASE_URL has a malformed port") from exc
    options = dict(parse_qsl(parts.query))
    # A page's queries are short and the server answers many pages at once: parallel workers
    # only take cores from the other requests, and on a small machine they made the facet
    # counting slower, not faster (BENCHMARKS.md). A URL's own ?options=… replaces this.
    options.setdefault("options", "-c max_parallel_workers_per_gather=0")
    return {
        "ENGINE": engine,
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


_CACHE_BACKENDS = {
    "redis": "blp_portal.lib.redis_cache.SharedClientRedisCache",
    "rediss": "blp_portal.lib.redis_cache.SharedClientRedisCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def parse_cache_url(url):
    """Turn redis://[:password@]host:6379/0, rediss://…, locmem:// or dummy:// into a CACHES entry."""
    scheme = urlsplit(url).scheme
    backend = _CACHE_BACKENDS.get(scheme)
    if backend is None:
        raise ImproperlyConfigured(f"CACHE_URL has an unsupported scheme: {scheme!r}")
    if scheme.startswith("redis"):
        return {"BACKEND": backend, "LOCATION": url}
    return {"BACKEND": backend}
