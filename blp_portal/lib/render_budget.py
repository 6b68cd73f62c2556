"""A per-client budget of uncached page renders: 429 with Retry-After beyond it.

Why: the project list's facets combine into more addresses than any cache holds; a crawler
that follows every combination makes the server render each one. The combinations are
noindex (projects.querystring), which polite crawlers respect; this budget bounds the others.

Where it sits in MIDDLEWARE: right after the page cache (blp_portal.lib.pagecache). A page-cache
hit, and a 304 the page cache answers from a cached page, return before they reach it and never
count. A 304 that does reach it was rendered in full to compare validators, so it counts like a
200 (with Redis in production: once per page until its content changes). It also sits
before sessions, language and CSRF, so its 429 touches no session and sets no cookie.

What counts: every other request, per client (blp_portal.lib.clients: client_ip behind the
trusted proxies, count_request's fixed window in the default cache, i.e. Redis in production).
Never counted: the admin, /healthz, static and media files, the addresses in
UNCACHED_RENDER_EXEMPT (a monitoring host, an office behind one NAT address), and /api/: the
API has its own rate limit (opendata.http, OPENDATA_RATE_*), and counting its requests here too
would let a client using its API allowance lock itself out of the HTML pages.

Three counters per client, so that a person never meets the budget:
- plain requests: UNCACHED_RENDER_BUDGET per UNCACHED_RENDER_WINDOW;
- htmx requests (HX-Request: the filter form and the search suggestions, which htmx asks for
  after each pause of 250 ms in typing, at most four a second): HTMX_SHARE times as many;
- requests with a session cookie: their own counter, so a logged-in editor never spends the
  budget of colleagues behind the same office address. Only a request beyond the budget
  has its session looked up: a real staff session passes, an invented cookie gets the 429.
The headers are easily sent by anyone, so each counter is bounded: a client that forges them
gets at most (2 + HTMX_SHARE) budgets of renders a window.

A proxy that is not declared (X-Forwarded-For from a loopback or private address while
TRUSTED_PROXY_COUNT is 0) would make all visitors one client with one budget, and the whole
site would answer 429: then the budget is not applied and a warning is logged, once per process.
"""

import functools
import ipaddress
import logging
import math
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template.loader import get_template
from django.utils import translation

from blp_portal.lib.clients import client_ip, count_request

logger = logging.getLogger(__name__)

# The search suggestions follow the typing (up to four a second): four times the budget.
HTMX_SHARE = 4
EXEMPT_PATHS = ("/admin/", "/healthz", "/api/")
TEMPLATE = "429.html"


def _now():
    return time.time()


def _exempt_paths():
    files = [settings.STATIC_URL, settings.MEDIA_URL]
    # A STATIC_URL or MEDIA_URL on another host (a CDN) never reaches the app at all.
    local = ["/" + url.lstrip("/") for url in files if url and "://" not in url]
    return EXEMPT_PATHS + tuple(local)


@functools.lru_cache(maxsize=8)
def _networks(entries):
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"UNCACHED_RENDER_EXEMPT must list IP addresses or networks: {exc}"
        ) from exc


def _exempt_client(address):
    networks = _networks(tuple(settings.UNCACHED_RENDER_EXEMPT))
    if not networks or not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


_warned = []


def _behind_undeclared_proxy(request):
    if settings.TRUSTED_PROXY_COUNT > 0 or "HTTP_X_FORWARDED_FOR" not in request.META:
        return False
    try:
        remote = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if not (remote.is_loopback or remote.is_private):
        return False  # a client on the internet could send the header itself
    if not _warned:
        _warned.append(True)
        logger.warning(
            "Uncached render budget not applied: X-Forwarded-For from %s, but "
            "TRUSTED_PROXY_COUNT is 0 (set it to the number of reverse proxies)",
            remote,
        )
    return True


def _counter(request, budget):
    """(scope, allowed renders) of the counter this request is counted in."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return "render-session", budget
    if "HTTP_HX_REQUEST" in request.META:
        return "render-htmx", budget * HTMX_SHARE
    return "render", budget


def _logged_in(request):
    """Whether the request's session cookie names a live session of a logged-in user."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return store.get(SESSION_KEY) is not None


def too_many_requests(request, retry_after):
    """The 429 page in the portal's layout, in the request's language, without database queries:
    rendered without the context processors (the footer's page links come from the database on
    a cold cache) and before the language, session and CSRF middlewares, so it sets no cookie."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        html = get_template(TEMPLATE).render(
            {"request": request, "LANGUAGE_CODE": language, "retry_after": retry_after}
        )
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


class UncachedRenderBudgetMiddleware:
    """Count each client's uncached renders per window; beyond the budget answer 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        budget = settings.UNCACHED_RENDER_BUDGET
        if budget <= 0 or request.path.startswith(_exempt_paths()):
            return self.get_response(request)
        address = client_ip(request)
        if _exempt_client(address) or _behind_undeclared_proxy(request):
            return self.get_response(request)
        window = max(1, settings.UNCACHED_RENDER_WINDOW)
        scope, allowed = _counter(request, budget)
        count, remaining = count_request(scope, request, window, now=_now())
        if count <= allowed or _logged_in(request):
            return self.get_response(request)
        retry_after = max(1, math.ceil(remaining))
        if count == allowed + 1:  # once per client and window: the log stays readable
            logger.warning(
                "Uncached render budget spent: %s made %d %s requests in %d s; "
                "429 until the window ends in %d s (%s %s)",
                address,
                allowed,
                scope,
                window,
                retry_after,
                request.method,
                request.path,
            )
        return too_many_requests(request, retry_after)
