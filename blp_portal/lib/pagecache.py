"""Whole-page cache for anonymous visitors, with ETag/Last-Modified and 304 responses.

How it stays fresh: a page is stored with the versions of the dependency tags it declared while
it was made (blp_portal.lib.cachetags: that project, the lists of projects, the navigation …);
a hit reads them with one get_many (Redis MGET) and is served only if none has changed since.
A save bumps only the tags of what it changed, so editing one project leaves the other
projects' pages, the content pages and (for a detail-only field) the lists cached. A page that
declares no tags is stale after any content write. A page made while content was written is
not stored (it may show the state before the write).

What is never cached: requests other than GET/HEAD; htmx requests (HX-Request); requests
carrying a session, messages or Authorization credential (logged-in editors always have a
session cookie); responses that set a cookie, add a message, use a CSRF token, are not 200, are
streamed, say `private`/`no-cache`/`no-store`, or vary on anything but language, cookie,
encoding and HX-Request. Paths in
PAGE_CACHE_EXCLUDED_PATHS (the admin, /healthz) are left alone. The API is cached like the pages;
a view may bring its own ETag/Last-Modified (the open-data views), which are kept, and a rate
limit (`limit_requests`), which a hit counts as well.

Where it sits in MIDDLEWARE: second, right after the request id, before the security headers,
the CSP, WhiteNoise, sessions, language, CSRF, auth and messages. A hit then skips all of them;
what they add to a page (the security headers and the CSP, Content-Language, Content-Length,
X-Frame-Options, Vary) is part of the stored response, because a page is stored on its way out
through them; only the request id is added afresh to each hit. On that way out the request
still shows whether the session, the messages or the CSRF cookie were touched, and the response
whether one of them set a cookie. Static and uploaded files pass it by (their paths are in
PAGE_CACHE_EXCLUDED_PATHS), so WhiteNoise serves them as before. The page's language comes
from the request the same way LocaleMiddleware finds it (get_language_from_request: the URL
prefix, else cookie and Accept-Language).
"""

import hashlib
import math
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from blp_portal.lib import cachetags
from blp_portal.lib.clients import count_request

# HX-Request: a page that htmx may also ask for in part; only the full page (no HX-Request
# header: htmx requests are never served nor stored) is kept.
# Origin: the API's CORS headers follow the request's Origin, which is part of the page's key.
CACHEABLE_VARY = {"accept-encoding", "accept-language", "cookie", "hx-request", "origin"}
MESSAGES_COOKIE = "messages"
# Response headers the cache does NOT store: a hit replays all others. The request id comes
# afresh from the middleware before the cache, Date from the server.
SKIPPED_HEADERS = {"set-cookie", "date", "x-page-cache", "x-request-id"}
# Pages each server process also keeps in its own memory, most recently used first. A copy is
# served under the same condition as the shared entry (its tag versions are still current, one
# MGET), so it is never staler than the shared cache; it only saves fetching and unpickling the
# page from Redis on every hit, which cost as much as the rest of a hit together.
LOCAL_ENTRIES = 256


class _LocalPages:
    """A small LRU of page entries for this process (threads of one worker share it)."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            item = self.entries.get(key)
            if item is None:
                return None
            entry, expires = item
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry, seconds):
        with self.lock:
            self.entries[key] = (entry, time.monotonic() + seconds)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def drop(self, key):
        with self.lock:
            self.entries.pop(key, None)


_local = _LocalPages(LOCAL_ENTRIES)


def _cache():
    return caches["default"]


def check_page_cache_is_shared(app_configs=None, **kwargs):
    """System check: no page cache in a cache that only one process sees.

    A page cached in local memory lives in one server process; a change saved by another
    process (a second gunicorn worker, a management command) bumps the tag versions in *its*
    memory only, so the page stays stale for up to PAGE_CACHE_SECONDS.
    """
    from django.core.cache.backends.locmem import LocMemCache
    from django.core.checks import Error

    if settings.PAGE_CACHE_SECONDS > 0 and isinstance(_cache(), LocMemCache):
        return [
            Error(
                f"PAGE_CACHE_SECONDS is {settings.PAGE_CACHE_SECONDS}, but the default cache "
                "is local memory, which each process keeps for itself: a change made by "
                "another process would not be seen until the page expires.",
                hint="Set CACHE_URL to a shared Redis, or PAGE_CACHE_SECONDS=0.",
                id="blp_portal.E001",
            )
        ]
    return []


def _page_key(request):
    url = f"{request.build_absolute_uri()} {request.META.get('HTTP_ORIGIN', '')}".encode()
    language = translation.get_language_from_request(request, check_path=True)
    return f"page:{language}:{hashlib.sha256(url).hexdigest()}"


def _request_is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_HX_REQUEST" in request.META:
        # htmx asks for part of a page under the page's own URL: never the cached full page,
        # and its part never in the cache for the full page's visitors.
        return False
    excluded = settings.PAGE_CACHE_EXCLUDED_PATHS
    if request.path.startswith(tuple(excluded)):
        return False
    return not _carries_credentials(request)


def _carries_credentials(request):
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
        or "HTTP_AUTHORIZATION" in request.META
    )


def _response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - CACHEABLE_VARY:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "added_new", False))


def _etag(content):
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _build_response(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    return response


def _freeze(response, etag, last_modified, tags, rate_limit):
    headers = [(n, v) for n, v in response.items() if n.lower() not in SKIPPED_HEADERS]
    return {
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
        "etag": etag,
        "last_modified": last_modified,
        "tags": tags,
        "rate_limit": rate_limit,
    }


def _validators(response):
    """The view's own ETag and Last-Modified (the open-data views'), else from the content and
    now (a feed's own Last-Modified is its newest item's, older than a renamed theme in it)."""
    etag, last_modified = response.get("ETag"), None
    if etag:
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    else:
        etag = _etag(response.content)
    last_modified = last_modified or time.time()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return etag, last_modified


def limit_requests(request, scope, limit, window):
    """Count the request against its client's budget (blp_portal.lib.clients); over `limit` in
    the window: the 429 answer (JSON, Retry-After), else None. The limit is noted on the
    request, so that the page cache counts each hit of the stored answer as well."""
    request.page_cache_rate_limit = (scope, limit, window)
    count, remaining = count_request(scope, request, window, now=time.time())
    if count <= limit:
        return None
    response = JsonResponse(
        {"detail": "Too many requests: please wait before trying again."}, status=429
    )
    response["Retry-After"] = str(max(1, math.ceil(remaining)))
    return response


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the page cache; answer If-None-Match/If-Modified-Since."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            response = self.get_response(request)
            self._after_uncached(request, response)
            return response

        seconds = settings.PAGE_CACHE_SECONDS
        key = _page_key(request) if seconds else None
        if key:
            hit = self._from_cache(request, key)
            if hit is not None:
                return hit
            # Compared after rendering: a write in between may not have been seen by the page.
            before = cachetags.versions([cachetags.CONTENT])
        response = self.get_response(request)
        if not _response_is_cacheable(request, response):
            return response
        etag, last_modified = _validators(response)
        # Browsers may keep the page but must ask again (and get a 304) each time; a shared cache
        # in front (CDN, proxy) may answer for SHARED_CACHE_SECONDS and revalidate in the
        # background as long again. A visitor with a session cookie gets a different answer.
        shared = settings.SHARED_CACHE_SECONDS
        if shared > 0:
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=shared, stale_while_revalidate=shared
            )
        else:
            patch_cache_control(response, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ("Cookie",))
        if key:
            self._store(request, key, response, etag, last_modified, before, seconds)
            response["X-Page-Cache"] = "miss"
        return self._conditional(request, response, etag, last_modified)

    def _from_cache(self, request, key):
        entry = _local.get(key)
        if entry is not None and not cachetags.unchanged(entry["tags"]):
            _local.drop(key)
            entry = None
        if entry is None:
            entry = _cache().get(key)
            if entry is None or not cachetags.unchanged(entry["tags"]):
                return None
            _local.put(key, entry, settings.PAGE_CACHE_SECONDS)
        if entry["rate_limit"]:
            refused = limit_requests(request, *entry["rate_limit"])
            if refused is not None:
                return refused
        response = _build_response(entry)  # carries its ETag and Last-Modified
        response["X-Page-Cache"] = "hit"
        return self._conditional(request, response, entry["etag"], entry["last_modified"])

    @staticmethod
    def _store(request, key, response, etag, last_modified, before, seconds):
        declared = cachetags.declared_tags(request)
        # A page that names no tags shows anything: any content write makes it stale.
        tags = {cachetags.EVERYTHING, *(declared or [cachetags.CONTENT])}
        current = cachetags.versions([cachetags.CONTENT, *tags])
        if (
            current[cachetags.TAG_KEY + cachetags.CONTENT]
            != before[cachetags.TAG_KEY + cachetags.CONTENT]
        ):
            return  # content was written while the page was made: it may show the old state
        stored = {cachetags.TAG_KEY + tag: current[cachetags.TAG_KEY + tag] for tag in tags}
        rate_limit = getattr(request, "page_cache_rate_limit", None)
        entry = _freeze(response, etag, last_modified, stored, rate_limit)
        _cache().set(key, entry, seconds)
        _local.put(key, entry, seconds)

    @staticmethod
    def _conditional(request, response, etag, last_modified):
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )

    @staticmethod
    def _after_uncached(request, response):
        if _carries_credentials(request):
            # A logged-in page must never be kept by a shared cache (proxy, CDN).
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
