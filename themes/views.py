from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from projects.models import Project
from themes.models import Theme


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
