"""Atom feeds of newly published and updated projects: all, per theme, per Land.

Editor-entered text goes through records.xml_text: XML 1.0 cannot carry control characters.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from opendata.records import LICENCE_TEXT, xml_text
from partners.models import Land
from projects.models import Project
from themes.models import Theme

FEED_LENGTH = 50


class ProjectsFeed(Feed):
    feed_type = Atom1Feed
    feed_copyright = LICENCE_TEXT
    author_name = "BLP Projektportal"

    def title(self, obj):
        return _("BLP Projektportal: new and updated projects")

    def subtitle(self, obj):
        return _("Projects of the Bund-Länder-Programm, newest changes first.")

    def link(self, obj):
        return reverse("projects:list")

    def _projects(self, obj):
        return Project.objects.published()

    def items(self, obj):
        # One query: the latest changed published projects.
        return self._projects(obj).order_by("-updated_at", "-id")[:FEED_LENGTH]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        # Atom's <summary type="html">: readers render it as HTML, so the plain text is escaped.
        return escape(xml_text(item.summary))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class ThemeProjectsFeed(ProjectsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("BLP Projektportal: projects on %(theme)s") % {"theme": xml_text(obj.name)}

    def link(self, obj):
        return obj.get_absolute_url()

    def _projects(self, obj):
        return Project.objects.published().for_theme(obj)


class LandProjectsFeed(ProjectsFeed):
    def get_object(self, request, code):
        return get_object_or_404(Land, code=code.upper())

    def title(self, obj):
        return _("BLP Projektportal: projects with %(land)s") % {"land": xml_text(obj.name)}

    def link(self, obj):
        return obj.get_absolute_url()

    def _projects(self, obj):
        return Project.objects.published().for_land(obj).distinct()
