"""Who is asking, and how often: the client's address behind trusted proxies and a fixed-window
request counter per client, shared by the open-data rate limit and the public feedback form."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def _ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address, behind TRUSTED_PROXY_COUNT reverse proxies.

    Each trusted proxy appends the address it was connected from to X-Forwarded-For, so the
    client is the entry that many places from the end; entries before it are whatever the
    client sent and are never trusted. Without proxies (the default), or with a header that is
    too short or malformed, REMOTE_ADDR. Also django-axes' AXES_CLIENT_IP_CALLABLE.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= proxies:
            address = _ip(forwarded[-proxies])
            if address:
                return address
    return remote


def count_request(scope, request, window, now=None):
    """Count this request of its client in the current fixed window of `window` seconds.

    Returns (count so far including this one, seconds until the window ends). The counter
    lives in the default cache, so all app servers that share Redis share it; `scope` keeps the
    budgets of different features apart.
    """
    window = max(1, window)
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    key = f"{scope}:rate:{window_start}:{client_ip(request) or 'unknown'}"
    counter = getattr(cache, "count_in_window", None)  # Redis: one round trip
    if counter is not None:
        return counter(key, window + 1), window_start + window - now
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count, window_start + window - now
