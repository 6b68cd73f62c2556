"""sitemap.xml: published projects, themes, Länder, partner countries, pages and overviews.

Every section is listed in German and English (i18n) with hreflang alternates. Projects come
from Project.objects.published(), the one gate for public content.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pages.models import Page
from partners.models import Land, PartnerCountry
from projects.models import Project
from themes.models import Theme


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ProjectSitemap(_Bilingual):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Project.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at


class ThemeSitemap(_Bilingual):
    priority = 0.6

    def items(self):
        return Theme.objects.order_by("pk")


class LandSitemap(_Bilingual):
    priority = 0.6

    def items(self):
        return Land.objects.order_by("pk")


class CountrySitemap(_Bilingual):
    priority = 0.5

    def items(self):
        return PartnerCountry.objects.order_by("pk")


class PageSitemap(_Bilingual):
    priority = 0.4

    def items(self):
        return Page.objects.order_by("pk")

    def lastmod(self, page):
        return page.updated_at


class OverviewSitemap(_Bilingual):
    """Pages without an object: home, project list, overviews, statistics."""

    priority = 0.7
    changefreq = "weekly"

    def items(self):
        return ["home", "projects:list", "partners:laender", "partners:countries", "statistics"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "overviews": OverviewSitemap,
    "projects": ProjectSitemap,
    "themes": ThemeSitemap,
    "laender": LandSitemap,
    "countries": CountrySitemap,
    "pages": PageSitemap,
}
