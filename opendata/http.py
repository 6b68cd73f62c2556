"""HTTP helpers of the open-data views: conditional requests, rate limit, licence header, 404.

Conditional requests: the validators (ETag, Last-Modified) follow the portal's content
*generation* (blp_portal.lib.pagecache), which every saved, deleted or re-linked content object
bumps: renaming a theme, a Land or an organisation, editing a phase or a page changes them as
well as any change of a project. They also include the max(updated_at) and the number of the
published projects, which change even with writes that send no signals (queryset.update()).
"""

import hashlib
import math
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import condition

from blp_portal.lib.clients import client_ip, count_request  # noqa: F401  (client_ip: axes)
from blp_portal.lib.pagecache import current_generation
from opendata.records import LICENCE, stamp

# How long the first-seen time of a content generation is kept (then it starts again: later).
GENERATION_SEEN_SECONDS = int(timedelta(days=30).total_seconds())


def _generation_seen_at(generation):
    """When an open-data response first saw this content generation: never before the change
    that started it, so a Last-Modified from it is never too early."""
    key = f"opendata:generation-seen:{generation}"
    cache.add(key, timezone.now(), timeout=GENERATION_SEEN_SECONDS)
    return cache.get(key) or timezone.now()


def _validators(request):
    """(ETag, Last-Modified) of the published content; (None, None) where there is no content
    generation (a dummy cache), so no stale 304 can be given. One aggregate query per request."""
    if not hasattr(request, "_opendata_validators"):
        generation = current_generation()
        if generation is None:
            request._opendata_validators = (None, None)
        else:
            data = stamp()
            last = max(filter(None, [data["last"], _generation_seen_at(generation)]))
            key = "|".join(
                [
                    request.path,
                    request.GET.urlencode(),
                    get_language() or "",
                    str(generation),
                    data["last"].isoformat() if data["last"] else "-",
                    str(data["count"]),
                ]
            )
            etag = hashlib.sha256(key.encode()).hexdigest()[:32]
            request._opendata_validators = (etag, last)
    return request._opendata_validators


def _etag(request, *args, **kwargs):
    return _validators(request)[0]


def _last_modified(request, *args, **kwargs):
    return _validators(request)[1]


def conditional(view):
    """ETag and Last-Modified from the published content (see the module doc); 304."""
    return condition(etag_func=_etag, last_modified_func=_last_modified)(view)


def not_found():
    """The API's 404: the same JSON body as the ninja operations' (opendata.api)."""
    return JsonResponse(
        {"detail": "Not found.", "errors": []},
        status=404,
        content_type="application/json; charset=utf-8",
    )


def with_licence(view):
    """A Link header (rel="license") on every open-data response."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response

    return wrapper


def rate_limited(view):
    """Anonymous requests per client address (client_ip) and fixed window (OPENDATA_RATE_*).

    One counter per client for the API and the full downloads (CSV, xlsx, IATI XML): a client
    that fetches the whole catalogue as files spends the same budget as one that pages through
    the API. Over the limit: 429 with a JSON body and Retry-After (seconds to the window's
    end). Logged-in users are not limited. The counter is blp_portal.lib.clients'. The
    downloads stream, so the page cache never answers them in the limiter's place.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = settings.OPENDATA_RATE_LIMIT
        window = max(1, settings.OPENDATA_RATE_WINDOW)
        user = getattr(request, "user", None)
        if limit <= 0 or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        count, remaining = count_request("opendata", request, window, now=time.time())
        if count > limit:
            retry_after = max(1, math.ceil(remaining))
            response = JsonResponse(
                {"detail": "Too many requests: please wait before trying again."}, status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
        return view(request, *args, **kwargs)

    return wrapper
