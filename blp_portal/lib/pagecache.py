"""Whole-page cache for anonymous visitors, with ETag/Last-Modified and 304 responses.

How it stays fresh: every cached page is stored under the current content *generation*, a
number kept in the cache itself (so all app servers sharing Redis see the same one). Any saved,
deleted or re-linked content object bumps the generation (see `connect_signals`), and so does
any successful POST/PUT/PATCH/DELETE of a logged-in user (admin actions that use
`queryset.update()` send no signals). Pages of older generations are never read again and expire
after PAGE_CACHE_SECONDS.

What is never cached: requests other than GET/HEAD; htmx requests (HX-Request); requests
carrying a session, messages or Authorization credential (logged-in editors always have a
session cookie); responses that set a cookie, add a message, use a CSRF token, are not 200, are
streamed, say `private`/`no-cache`/`no-store`, or vary on anything but language, cookie,
encoding and HX-Request. Paths in
PAGE_CACHE_EXCLUDED_PATHS (the admin, /healthz) are left alone.

Where it sits in MIDDLEWARE: right after WhiteNoise, before sessions, language, CSRF, auth and
messages. A hit then skips those ten middlewares (a quarter of a hit's time, BENCHMARKS.md);
what they add to a page (Content-Language, Content-Length, X-Frame-Options, Vary) is part of the
stored response, because a page is stored on its way out through them. On that way out the
request still shows whether the session, the messages or the CSRF cookie were touched, and
the response whether one of them set a cookie. The middlewares before it (request id,
security headers, CSP) run on every hit. The page's language comes from the request the same
way LocaleMiddleware finds it (get_language_from_request: the URL prefix, else cookie and
Accept-Language).
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

GENERATION_KEY = "pagecache:generation"

# Apps whose rows are not public content: writes there never invalidate pages.
IGNORED_APPS = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "django_otp",
    "django_tasks_database",
    "otp_email",
    "otp_hotp",
    "otp_static",
    "otp_totp",
    "sessions",
}
# HX-Request: a page that htmx may also ask for in part; only the full page (no HX-Request
# header: htmx requests are never served nor stored) is kept.
CACHEABLE_VARY = {"accept-encoding", "accept-language", "cookie", "hx-request"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MESSAGES_COOKIE = "messages"
# Response headers the cache does NOT store: a hit replays all others. The request id and the
# security headers come afresh from the middlewares before the cache, Date from the server.
SKIPPED_HEADERS = {"set-cookie", "date", "x-page-cache", "x-request-id"}


def _cache():
    return caches["default"]


def check_page_cache_is_shared(app_configs=None, **kwargs):
    """System check: no page cache in a cache that only one process sees.

    A page cached in local memory lives in one server process; a change saved by another
    process (a second gunicorn worker, a management command) bumps the generation in *its*
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


def current_generation():
    """The content generation; a random start value if the cache has none (or lost it)."""
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Random, so that a generation lost to eviction never reuses old page keys.
        cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    """Make every cached page stale at once (call after writes that send no signals)."""
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, secrets.randbits(48), timeout=None)


def _bump_now_and_after_commit():
    # Now, so this process never serves the old page; and after the commit, so a page rendered
    # by another request from the not yet committed data does not survive in the cache.
    bump_generation()
    if connection.in_atomic_block:
        transaction.on_commit(bump_generation)


def _content_changed(sender, **kwargs):
    if sender._meta.app_label in IGNORED_APPS:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    _bump_now_and_after_commit()


def connect_signals():
    """Bump the generation whenever a content row is saved, deleted or (un)linked."""
    post_save.connect(_content_changed, dispatch_uid="blp_page_cache_save")
    post_delete.connect(_content_changed, dispatch_uid="blp_page_cache_delete")
    m2m_changed.connect(_content_changed, dispatch_uid="blp_page_cache_m2m")


def _page_key(request, generation):
    url = request.build_absolute_uri().encode()
    language = translation.get_language_from_request(request, check_path=True)
    return f"page:{generation}:{language}:{hashlib.sha256(url).hexdigest()}"


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


def _freeze(response, etag, last_modified):
    headers = [(n, v) for n, v in response.items() if n.lower() not in SKIPPED_HEADERS]
    return {
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
        "etag": etag,
        "last_modified": last_modified,
    }


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
        cache = _cache()
        key = _page_key(request, current_generation()) if seconds else None
        entry = cache.get(key) if key else None
        if entry is not None:
            response = _build_response(entry)  # carries its ETag and Last-Modified
            response["X-Page-Cache"] = "hit"
            return self._conditional(request, response, entry["etag"], entry["last_modified"])

        response = self.get_response(request)
        if not _response_is_cacheable(request, response):
            return response
        etag, last_modified = _etag(response.content), time.time()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
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
            cache.set(key, _freeze(response, etag, last_modified), seconds)
            response["X-Page-Cache"] = "miss"
        return self._conditional(request, response, etag, last_modified)

    @staticmethod
    def _conditional(request, response, etag, last_modified):
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )

    @staticmethod
    def _after_uncached(request, response):
        user = getattr(request, "user", None)
        if request.method in UNSAFE_METHODS and user is not None and user.is_authenticated:
            # Editors' writes may bypass model signals (queryset.update() in admin actions).
            if response.status_code < 400:
                _bump_now_and_after_commit()
        if _carries_credentials(request):
            # A logged-in page must never be kept by a shared cache (proxy, CDN).
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
