"""sitemap.xml: published projects, themes, Länder, partner countries, pages and overviews.

Every section is listed in German and English (i18n) with hreflang alternates. Projects come
from Project.objects.published(), the one gate for public content.
"""

from django.contrib.sitemaps import GenericSitemap, Sitemap
from django.urls import reverse

from pages.models import Page
from partners.models import Land, PartnerCountry
from projects.models import Project
from themes.models import Theme


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class _BilingualRows(_Bilingual, GenericSitemap):
    """The rows of a queryset (Django's GenericSitemap) in both languages."""


def _rows(queryset, priority, changefreq=None, date_field=None):
    """The rows of `queryset` at their get_absolute_url(), in a stable order; `date_field`
    tells when a row last changed."""
    info = {"queryset": queryset.order_by("pk"), "date_field": date_field}
    return _BilingualRows(info, priority=priority, changefreq=changefreq)


class OverviewSitemap(_Bilingual):
    """Pages without an object: home, project list, overviews, statistics, open data."""

    priority = 0.7
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "projects:list",
            "themes:index",
            "partners:laender",
            "partners:countries",
            "statistics",
            "pages:about_index",
            "pages:legal_index",
            "opendata:index",
        ]

    def location(self, name):
        return reverse(name)


# Classes or instances: django.contrib.sitemaps takes either.
SITEMAPS = {
    "overviews": OverviewSitemap,
    "projects": _rows(
        Project.objects.published().only("slug", "updated_at"),
        priority=0.8,
        changefreq="monthly",
        date_field="updated_at",
    ),
    "themes": _rows(Theme.objects.all(), priority=0.6),
    "laender": _rows(Land.objects.all(), priority=0.6),
    "countries": _rows(PartnerCountry.objects.all(), priority=0.5),
    "pages": _rows(Page.objects.all(), priority=0.4, date_field="updated_at"),
}
