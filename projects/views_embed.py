"""Embeddable views for the Länder's own websites: a filtered project list and a project card.

These are the only pages other sites may frame (`embeddable`); every other page keeps
X-Frame-Options: DENY and `frame-ancestors 'none'`.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from blp_portal.lib.security import frameable
from projects.filters import project_filter
from projects.models import Project
from projects.querystring import with_filters
from projects.views import list_context

# Projects per page of the embedded list (it links to the full list for more).
EMBED_PER_PAGE = 10


def embeddable(view):
    """Any site may frame this view: no X-Frame-Options, and `frame-ancestors *` in the CSP.

    The one place that opens framing; blp_portal.lib.security.frameable writes the site's policy
    with `frame-ancestors *` into the response, where the page cache keeps it.
    """
    return xframe_options_exempt(frameable(view))


@require_GET
@embeddable
def embed_list(request):
    """A small list of the projects the same filters as the list page select."""
    filterset = project_filter(request.GET)
    context = list_context(request, filterset, per_page=EMBED_PER_PAGE)
    context["portal_url"] = with_filters(reverse("projects:list"), request.GET)
    return render(request, "embed/list.html", context)


@require_GET
@embeddable
def embed_card(request, slug):
    """One project as a card."""
    project = get_object_or_404(Project.objects.published().with_list_data(), slug=slug)
    return render(request, "embed/card.html", {"project": project})
