"""Security headers on every response, and the one way to make a page frameable.

django-csp writes the Content-Security-Policy from settings.CONTENT_SECURITY_POLICY, the same
strict policy for the admin: Django 5.2's admin keeps its data in `<script type="application/json">`
blocks and data-* attributes, which CSP does not block, and modeltranslation's jQuery UI is
served from static/vendor (checked in Chromium: tests/browser/test_csp.py). This module
adds what django-csp does not cover:

- ``SecurityHeadersMiddleware``: Permissions-Policy, and X-Frame-Options consistent with the
  final CSP: DENY unless the page's policy opens ``frame-ancestors`` (Django's per-view
  exemption is an attribute of the response object and would be lost when the anonymous page
  cache replays a stored response).
- ``frameable``: the decorator for embeddable pages (``/…/einbetten/…``). It writes the whole
  policy with ``frame-ancestors *`` into the response headers, which the page cache stores and
  replays, so a cached embed stays frameable.

HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy come from Django's
SecurityMiddleware (SECURE_* settings).
"""

from functools import wraps

from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def _frame_ancestors(policy):
    for directive in policy.split(";"):
        name, _, value = directive.strip().partition(" ")
        if name == "frame-ancestors":
            return value.strip()
    return None


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; X-Frame-Options consistent with the final CSP.

    Django's XFrameOptionsMiddleware sets DENY; when the page's policy opens frame-ancestors
    (@frameable), the header is removed again, which also works on page-cache hits, where
    Django's per-view exemption (an attribute of the response object) is gone. Must sit before
    (outside) django-csp's CSPMiddleware in MIDDLEWARE so it sees the final policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        ancestors = _frame_ancestors(response.headers.get(HEADER, ""))
        if ancestors in (None, "'none'"):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        else:
            response.headers.pop("X-Frame-Options", None)
        return response


def frameable(view):
    """Allow any site to frame the pages of `view` (embeddable widgets).

    The full policy with ``frame-ancestors *`` goes straight into the response headers (django-csp
    leaves a header that is already set alone), so it survives the page cache.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers[HEADER] = build_policy(replace={"frame-ancestors": "*"})
        return response

    return wrapped
