from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from projects.models import Project
from themes.models import Theme


@require_GET
def theme_index(request):
    """/de/themen/: every theme and cross-cutting topic with its number of published projects
    (1 query), the parent that the theme pages' addresses imply."""
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
    context = {"focus_themes": focus, "temporary_themes": temporary, "topics": topics}
    return render(request, "themes/index.html", context)


@require_GET
def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.prefetch_related("phases"), slug=slug)
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
