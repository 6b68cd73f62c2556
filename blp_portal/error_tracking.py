"""The optional error tracker: Sentry, or GlitchTip (same protocol, can be self-hosted).

With SENTRY_DSN set, `init_error_tracker()` (called from PortalConfig.ready()) starts sentry-sdk
with the Django integration: unhandled exceptions in views and ERROR log lines reach the
tracker, each tagged with the request id that the JSON log lines carry
(blp_portal/lib/logging.py), so an event leads to the request's log lines and back.

No personal data is sent: no cookies, user, IP address or forwarding headers
(send_default_pii off), no request bodies (the admin's form data), no local variables of the
stack frames, and no performance traces. Without SENTRY_DSN sentry-sdk is never initialised and
nothing leaves the server; errors are only logged (as JSON in production, with the request id).
"""

from django.conf import settings

from blp_portal.lib.logging import current_request_id


def _tag_request_id(event, hint):
    """before_send: the request id as a tag (the same id as X-Request-ID and the log lines)."""
    request_id = current_request_id()
    if request_id != "-":
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def tracker_options():
    """The keyword arguments for sentry_sdk.init (one place, so the tests can read them)."""
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": settings.SENTRY_DSN,
        "environment": settings.SENTRY_ENVIRONMENT,
        "release": settings.SENTRY_RELEASE or None,
        "integrations": [DjangoIntegration()],
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "before_send": _tag_request_id,
    }


def init_error_tracker():
    """Start the tracker when SENTRY_DSN is set; True if it was started."""
    if not settings.SENTRY_DSN:
        return False
    import sentry_sdk

    sentry_sdk.init(**tracker_options())
    return True
