"""HTTP helpers of the open-data views: conditional requests, rate limit, licence header."""

import hashlib
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import get_language
from django.views.decorators.http import condition

from opendata.records import LICENCE, stamp


def _request_stamp(request):
    # etag_func and last_modified_func share one aggregate query per request.
    if not hasattr(request, "_opendata_stamp"):
        request._opendata_stamp = stamp()
    return request._opendata_stamp


def _etag(request, *args, **kwargs):
    data = _request_stamp(request)
    last = data["last"].isoformat() if data["last"] else "-"
    key = "|".join(
        [request.path, request.GET.urlencode(), get_language() or "", last, str(data["count"])]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    return _request_stamp(request)["last"]


def conditional(view):
    """ETag and Last-Modified from max(updated_at) and the count of published projects; 304.

    The count is part of the ETag, so unpublishing a project that was not the latest change
    still gives a new ETag.
    """
    return condition(etag_func=_etag, last_modified_func=_last_modified)(view)


def with_licence(view):
    """A Link header (rel="license") on every open-data response."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response

    return wrapper


def _client(request):
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(view):
    """Anonymous requests per client address and fixed window (settings OPENDATA_RATE_*).

    Over the limit: 429 with a JSON body and Retry-After (seconds to the window's end).
    Logged-in users are not limited. The counter lives in the default cache, so all app
    servers that share Redis share it.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = settings.OPENDATA_RATE_LIMIT
        window = max(1, settings.OPENDATA_RATE_WINDOW)
        user = getattr(request, "user", None)
        if limit <= 0 or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        now = time.time()
        window_start = int(now // window) * window
        key = f"opendata:rate:{window_start}:{_client(request)}"
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
        if count > limit:
            retry_after = max(1, math.ceil(window_start + window - now))
            response = JsonResponse(
                {"detail": "Too many requests: please wait before trying again."}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        return view(request, *args, **kwargs)

    return wrapper
