"""/healthz for load balancers and monitoring: can this app server reach its database, cache
and media storage?

Every check works on its own probe: the cache and media checks write a key or file with a
random name, read it back and remove it, so concurrent checks (several workers, several app
servers behind one load balancer, one shared Redis and bucket) never see each other's values.
"""

import logging
import secrets

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

PROBE_PREFIX = "healthz"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    token = secrets.token_hex(16)
    key = f"{PROBE_PREFIX}:probe:{token}"
    try:
        cache.set(key, token, timeout=30)
        return cache.get(key) == token
    finally:
        cache.delete(key)


def _media():
    """Write, read back and delete a small file with a unique name in the media storage."""
    token = secrets.token_hex(16)
    # At the top of the storage, so no directory is left behind.
    name = default_storage.save(f".{PROBE_PREFIX}-{token}.txt", ContentFile(token.encode("ascii")))
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read() == token.encode("ascii")
    finally:
        default_storage.delete(name)


CHECKS = {"database": _database, "cache": _cache, "media": _media}


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok", ...} when every check passes, else 503 naming the failed check.

    Error details go to the log only, never into the public answer.
    """
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "error"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
