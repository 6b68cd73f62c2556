"""HTTP helpers of the open-data views: conditional requests, rate limit, licence header, 404.

Conditional requests: the validators (ETag, Last-Modified) follow the same dependency tags as
the page cache (blp_portal.lib.cachetags), read in one get_many and without a query: any change
of a project (or of a row that hangs on it) and of the reference data (themes, Länder,
countries, organisations, phases) changes them; a single project's answers follow that
project's row instead of every project. The same tags are declared for the page cache, which
keeps these validators with the answer. Last-Modified is when a set of versions was first
seen, so it is never earlier than the change that made it.
"""

import hashlib
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.validators import slug_re
from django.http import JsonResponse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import condition

from blp_portal.lib.cachetags import EVERYTHING, depends_on, every, row, versions
from blp_portal.lib.clients import client_ip  # noqa: F401  (client_ip: axes)
from blp_portal.lib.pagecache import limit_requests
from opendata.records import LICENCE
from projects.models import Project
from projects.pagetags import PROJECT, REFERENCE

# How long the first-seen time of a set of versions is kept (then it starts again: later).
VERSIONS_SEEN_SECONDS = int(timedelta(days=30).total_seconds())


def catalogue_tags(request, *args, **kwargs):
    """Every published project with all its fields, and the reference data."""
    return (every(PROJECT), REFERENCE)


def project_tags(request, slug, *args, **kwargs):
    """One project (one indexed query for its id), and the reference data; None: no such
    published project (the view answers 404, without validators)."""
    if not slug_re.match(slug):  # e.g. a NUL byte, which PostgreSQL refuses in a query
        return None
    pk = Project.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
    return None if pk is None else (row(PROJECT, pk), REFERENCE)


def _seen_at(key):
    """When an open-data response first saw these versions: never before the change that
    made them, so a Last-Modified from it is never too early."""
    cache_key = f"opendata:versions-seen:{key}"
    cache.add(cache_key, timezone.now(), timeout=VERSIONS_SEEN_SECONDS)
    return cache.get(cache_key) or timezone.now()


def _validators(request, tags_of, args, kwargs):
    """(ETag, Last-Modified); (None, None) where a version is missing (a dummy cache) or the
    object is not there, so no stale 304 can be given."""
    if not hasattr(request, "_opendata_validators"):
        request._opendata_validators = (None, None)
        tags = tags_of(request, *args, **kwargs)
        if tags is not None:
            depends_on(request, *tags)
            found = versions([EVERYTHING, *tags])
            if None not in found.values():
                parts = [request.path, request.GET.urlencode(), get_language() or ""]
                parts += [f"{key}={version}" for key, version in sorted(found.items())]
                etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
                request._opendata_validators = (etag, _seen_at(etag))
    return request._opendata_validators


def conditional(view=None, *, tags=catalogue_tags):
    """ETag and Last-Modified from the versions of `tags` (see the module doc); 304.
    `tags(request, *args, **kwargs)`: the tags the view's answer depends on."""

    def decorate(view):
        checked = condition(
            etag_func=lambda request, *a, **kw: _validators(request, tags, a, kw)[0],
            last_modified_func=lambda request, *a, **kw: _validators(request, tags, a, kw)[1],
        )(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = checked(request, *args, **kwargs)
            last_modified = _validators(request, tags, args, kwargs)[1]
            if last_modified is not None:
                # not a feed's own (its newest item's), which a renamed theme does not change
                response["Last-Modified"] = http_date(last_modified.timestamp())
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


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
    end). Logged-in users are not limited. The counter is blp_portal.lib.clients'. An answer
    the page cache keeps (the API's JSON) counts on each hit too (pagecache.limit_requests);
    the downloads stream and are never kept.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = settings.OPENDATA_RATE_LIMIT
        window = max(1, settings.OPENDATA_RATE_WINDOW)
        user = getattr(request, "user", None)
        if limit <= 0 or (user is not None and user.is_authenticated):
            return view(request, *args, **kwargs)
        refused = limit_requests(request, "opendata", limit, window)
        return refused or view(request, *args, **kwargs)

    return wrapper
