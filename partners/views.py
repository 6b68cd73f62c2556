from functools import wraps

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partners.maps import germany_map, highlights, world_map
from partners.models import Land, PartnerCountry
from projects.models import Project
from projects.network import country_network, land_network
from projects.pagetags import catalogue
from projects.timeline import timeline


def _highlight(items):
    """Map highlights for Länder or countries annotated with `n` (with_project_counts)."""
    return highlights((item, item.n) for item in items)


def _by_name(items):
    return sorted(items, key=lambda item: str(item.name).casefold())


@require_GET
def land_list(request):
    """All 16 Länder with their number of published projects, as a map and a list (1 query)."""
    catalogue(request)
    laender = list(Land.objects.with_project_counts(Project.objects.published()))
    context = {
        "heading": _("The Länder in the programme"),
        "crumb": _("Länder"),
        "description": _(
            "All 16 German Länder with their cooperation projects in the Federal-Länder Programme."
        ),
        "laender": laender,
        "map": germany_map(_highlight(laender)),
    }
    return render(request, "partners/land_list.html", context)


@require_GET
def country_list(request):
    """The partner countries with their number of published projects, by world region.

    A partner country is one with a published project (PartnerCountry.objects.partners_of, the
    one definition of the home page's figure and the statistics too); projects that withhold
    their partner countries are not counted (1 query).
    """
    catalogue(request)
    countries = _by_name(PartnerCountry.objects.partners_of(Project.objects.published()))
    regions = []
    for value, label in PartnerCountry.Region.choices:
        members = [c for c in countries if c.region == value]
        if members:
            regions.append({"label": label, "countries": members})
    context = {
        "heading": _("Partner countries"),
        "description": _(
            "The partner countries of the Federal-Länder Programme and their cooperation projects."
        ),
        "regions": regions,
        "country_count": len(countries),
        "map": world_map(_highlight(countries)),
    }
    return render(request, "partners/country_list.html", context)


def _place_page(model, name):
    """The view of the page of one Land or partner country (`name`: "land" or "country").

    The view takes the code from the URL and answers a code with capitals with a permanent
    redirect to the lower-case address (one URL per page). The decorated function is called
    with the place and returns its published projects and what its page shows besides them;
    the page adds the first page of those projects (newest first), their number and timeline.
    """

    def decorator(place_context):
        @require_GET
        @wraps(place_context)
        def page(request, code):
            if code != code.lower():
                return redirect(f"partners:{name}", code=code.lower(), permanent=True)
            place = get_object_or_404(model, code=code.upper())
            projects, context = place_context(place)
            catalogue(request)
            latest = projects.with_list_data().order_by("-published_at", "-id")
            context[name] = place
            context["projects"] = latest[: settings.PROJECTS_PER_PAGE]
            context["project_count"] = projects.count()
            context["timeline"] = timeline(projects, {name: place.slug})
            return render(request, f"partners/{name}.html", context)

        return page

    return decorator


@_place_page(Land, "land")
def land_detail(land):
    projects = Project.objects.published().for_land(land)
    # The countries this Land works with, counted over this Land's published projects only.
    countries = _by_name(PartnerCountry.objects.involved_in(projects))
    return projects, {"countries": countries, "network": land_network(land, countries)}


@_place_page(PartnerCountry, "country")
def country_detail(country):
    # for_country leaves out projects that withhold their partner countries
    projects = Project.objects.published().for_country(country)
    # The Länder involved, counted over this country's published projects only.
    laender = list(Land.objects.involved_in(projects))
    return projects, {
        "laender": laender,
        "map": germany_map(_highlight(laender)),
        "network": country_network(country, laender),
    }
