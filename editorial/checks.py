"""System checks of the editorial office's settings, run at start-up (manage.py, migrate)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def check_portal_base_url(app_configs=None, **kwargs):
    """In production the e-mails' links need the portal's public https address."""
    if settings.DEBUG:
        return []
    url = settings.PORTAL_BASE_URL
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.netloc:
        return []
    return [
        checks.Error(
            f"PORTAL_BASE_URL must be the portal's public https address, not {url!r}.",
            hint="Set PORTAL_BASE_URL, e.g. https://portal.example.org (docs/deployment.md).",
            id="editorial.E001",
        )
    ]
