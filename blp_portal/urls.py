import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from blp_portal import health, views
from blp_portal.sitemaps import SITEMAPS
from editorial.errors import permission_denied
from opendata.api import api as opendata_api
from projects.views_stats import statistics

admin.site.site_header = _("BLP Projektportal – editorial office")
admin.site.site_title = _("BLP Projektportal")
admin.site.index_title = _("Content")

urlpatterns = [
    # two-factor enrolment at a staff member's first log-in (accounts/enrolment.py)
    path("admin/two-factor/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # the admin's language choice (templates/admin/base_site.html posts to set_language)
    path("i18n/", include("django.conf.urls.i18n")),
    # database and cache check for load balancers; not language-prefixed, never cached
    path("healthz", health.healthz, name="healthz"),
    # robots.txt and sitemap.xml sit at the root, outside the language prefix
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # open data: read-only JSON API (OpenAPI at /api/openapi.json), IATI XML; language-neutral
    path("api/", include("opendata.api_urls")),
    path("api/", opendata_api.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("projects/"), include("projects.urls")),
    # embeddable list and card for the Länder's websites (projects/views_embed.py)
    path(_("embed/"), include("projects.urls_embed")),
    path(_("themes/"), include("themes.urls")),
    # project documents (PDF) of published projects, as downloads
    path(_("documents/"), include("projectmedia.urls")),
    path("", include("partners.urls")),
    path("", include("pages.urls")),
    path(_("statistics/"), statistics, name="statistics"),
    # open data: documentation, CSV/xlsx downloads, Atom feeds
    path(_("open-data/"), include("opendata.urls")),
    prefix_default_language=True,
)

handler400 = views.bad_request
handler403 = permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    from projectmedia.views import serve_media

    # serve_media adds the long cache header that the web server sets in production
    urlpatterns += static(settings.MEDIA_URL, serve_media, document_root=settings.MEDIA_ROOT)

# Last: an address without a language prefix (the sitemap's x-default /projekte/…) redirects to
# the visitor's language (blp_portal.views.unprefixed); anything else stays a 404 there. Media
# and static files are never pages: their addresses stay the web server's.
_FILES = [
    url.strip("/") for url in (settings.MEDIA_URL, settings.STATIC_URL) if url.startswith("/")
]
_PREFIXES = "|".join([code for code, _name in settings.LANGUAGES] + [re.escape(f) for f in _FILES])
urlpatterns += [
    re_path(rf"^(?P<path>(?!(?:{_PREFIXES})/).*)$", views.unprefixed, name="unprefixed")
]
