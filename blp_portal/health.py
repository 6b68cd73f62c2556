"""/healthz for load balancers and monitoring: can this app server reach its database and cache?"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    key, value = "healthz:probe", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    return cache.get(key) == value


CHECKS = {"database": _database, "cache": _cache}


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
