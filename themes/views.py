from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from blp_portal.lib.slugs import with_either_slug
from projects.models import Project
from projects.pagetags import catalogue
from themes.models import Theme


@require_GET
def theme_index(request):
    """/de/themen/: every theme and cross-cutting topic with its number of published projects
    (1 query), the parent that the theme pages' addresses imply."""
    catalogue(request)
    published = Project.objects.published()
    themes = Theme.objects.annotate(
        n=Count("projects", filter=Q(projects__in=published), distinct=True),
        n_topic=Count("topic_projects", filter=Q(topic_projects__in=published), distinct=True),
    )
    focus, temporary, topics = [], [], []
    for theme in themes:
        if theme.kind == Theme.Kind.TOPIC:
            theme.n = theme.n_topic
            topics.append(theme)
        else:
            (temporary if theme.is_temporary else focus).append(theme)
    context = {
        "heading": _("Themes"),
        "description": _(
            "The focus themes and cross-cutting topics of the Federal-Länder Programme and their "
            "projects."
        ),
        "focus_themes": focus,
        "temporary_themes": temporary,
        "topics": topics,
    }
    return render(request, "themes/index.html", context)


@require_GET
def theme_detail(request, slug):
    catalogue(request)
    theme = with_either_slug(Theme.objects.prefetch_related("phases"), slug)
    if theme is None:
        raise Http404("No such theme.")
    if request.path != theme.get_absolute_url():  # the other language's address
        return redirect(theme.get_absolute_url(), permanent=True)
    projects = Project.objects.published().for_theme(theme)
    context = {
        "theme": theme,
        "projects": projects.with_list_data().order_by("-published_at", "-id")[
            : settings.PROJECTS_PER_PAGE
        ],
        "project_count": projects.count(),
        "filter_param": "theme" if theme.kind == Theme.Kind.FOCUS else "topic",
    }
    return render(request, "themes/detail.html", context)
