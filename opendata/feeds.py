"""Atom feeds of newly published and updated projects: all, per theme, per Land; with the
published updates of those projects (projects/updates.py) as entries of their own, and one feed
of a single project's updates.

Editor-entered text goes through records.xml_text: XML 1.0 cannot carry control characters.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from opendata.records import LICENCE_TEXT, xml_text
from partners.models import Land
from projects.models import Project
from projects.updates import ProjectUpdate
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

    def _updates(self, obj):
        return ProjectUpdate.objects.published().filter(project__in=self._projects(obj))

    def items(self, obj):
        # Two queries: the latest changed published projects and the latest published updates
        # of them (with their project), merged newest first.
        projects = list(self._projects(obj).order_by("-updated_at", "-id")[:FEED_LENGTH])
        updates = self._updates(obj).select_related("project").order_by("-updated_at", "-id")
        entries = projects + list(updates[:FEED_LENGTH])
        return sorted(entries, key=lambda entry: entry.updated_at, reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, ProjectUpdate):
            return _("Update of %(date)s: %(project)s") % {
                "date": formats.date_format(item.date),
                "project": xml_text(item.project.title),
            }
        return xml_text(item.title)

    def item_link(self, item):
        if isinstance(item, ProjectUpdate):
            return f"{item.project.get_absolute_url()}#update-{item.pk}"
        return item.get_absolute_url()

    def item_description(self, item):
        # Atom's <summary type="html">: readers render it as HTML, so the plain text is escaped.
        text = item.text if isinstance(item, ProjectUpdate) else item.summary
        return escape(xml_text(text))

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


class ProjectUpdatesFeed(ProjectsFeed):
    """The published updates of one published project (no feed for any other project)."""

    def get_object(self, request, slug):
        return get_object_or_404(Project.objects.published(), slug=slug)

    def title(self, obj):
        return _("BLP Projektportal: updates of %(project)s") % {"project": xml_text(obj.title)}

    def subtitle(self, obj):
        return xml_text(obj.summary)

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self._updates(obj).select_related("project")[:FEED_LENGTH]

    def _projects(self, obj):
        return Project.objects.published().filter(pk=obj.pk)
