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
- ``CSPMiddleware``: django-csp's middleware with the policy of the settings built once per
  process, not for every response (its own build took a fifth of serving a cached page).
- ``frameable``: the decorator for embeddable pages (``/…/einbetten/…``). It writes the whole
  policy with ``frame-ancestors *`` into the response headers, which the page cache stores and
  replays, so a cached embed stays frameable.

HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy come from Django's
SecurityMiddleware (SECURE_* settings).
"""

from functools import lru_cache, wraps

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

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


# What makes a response's policy its own (django-csp's view decorators): built by the library.
_OWN_POLICY = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)
# header, the response attribute exempting from it, report-only
_HEADERS = ((HEADER, "_csp_exempt", False), (HEADER_REPORT_ONLY, "_csp_exempt_ro", True))


@lru_cache(maxsize=2)
def _settings_policy(report_only):
    """(policy, excluded path prefixes) of the enforced or the report-only setting."""
    if report_only:
        setting = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
    else:
        setting = settings.CONTENT_SECURITY_POLICY
    excluded = tuple((setting or {}).get("EXCLUDE_URL_PREFIXES") or ())
    return build_policy(report_only=report_only), excluded


def _forget_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policy.cache_clear()


setting_changed.connect(_forget_policy, dispatch_uid="blp-csp-policy")


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware; the policy of the settings is built once, not per response.

    A response with a policy of its own (django-csp's decorators), a request that used a nonce
    and DEBUG (django-csp leaves the debug pages alone) take the library's own way. Otherwise
    the same headers under the same conditions (tests/blp_portal/test_csp_middleware.py).
    """

    def process_response(self, request, response):
        own = any(hasattr(response, name) for name in _OWN_POLICY)
        if own or settings.DEBUG or isinstance(getattr(request, "_csp_nonce", None), str):
            return super().process_response(request, response)
        for header, exempt, report_only in _HEADERS:
            policy, excluded = _settings_policy(report_only)
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # as the library: a nonce asked for after the header is written is an error
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
