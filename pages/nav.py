"""The content pages shown in the header (about) and footer (legal, accessible formats).

Every page needs them, so they live in Django's cache instead of costing a query per request:
saving or deleting a Page rebuilds the cached list at once (write-through), and an entry
expires after NAV_CACHE_SECONDS so that other server processes with their own local-memory
cache pick up a change within that time.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import get_language

from blp_portal.lib.cachetags import depends_on, lists
from blp_portal.lib.slugs import localized_slug
from pages.models import Page

logger = logging.getLogger(__name__)

NAV_CACHE_KEY = "pages:nav:v2"
NAV_CACHE_SECONDS = 300
_FIELDS = ["kind", "slug", "slug_en", "title_de", "title_en"]


def _load():
    return list(Page.objects.order_by("kind", "order", "slug").values(*_FIELDS))


def remember(rows):
    """Store the page rows (dicts with _FIELDS) as the navigation's cached list."""
    cache.set(NAV_CACHE_KEY, rows, NAV_CACHE_SECONDS)


def nav_rows():
    rows = cache.get(NAV_CACHE_KEY)
    if rows is None:
        try:
            rows = _load()
        except DatabaseError:  # e.g. the 500 page while the database is down
            logger.exception("Navigation pages could not be loaded")
            return []
        remember(rows)
    return rows


@receiver([post_save, post_delete], sender=Page)
def _refresh(sender, **kwargs):
    remember(_load())


def site_pages(request):
    """Context processor: `about_pages`, `legal_pages` and `access_pages` (Leichte Sprache,
    sign language: footer and home page) as dicts (title, url, lang, slug)."""
    depends_on(request, lists(Page))  # a cached page shows the menus as they are now
    language = get_language() or "de"
    groups = {kind.value: [] for kind in Page.Kind}
    for row in nav_rows():
        title = row.get(f"title_{language}") or row["title_de"]
        entry = {
            "title": title,
            # the language of the title when it is not the page's language (German fallback)
            "lang": "de" if language != "de" and not row.get(f"title_{language}") else "",
            "url": reverse(
                f"pages:{row['kind']}", args=[localized_slug(row["slug"], row["slug_en"], language)]
            ),
            "slug": row["slug"],
        }
        groups.setdefault(row["kind"], []).append(entry)
    return {f"{kind}_pages": rows for kind, rows in groups.items()}
