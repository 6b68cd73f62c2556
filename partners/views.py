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


def _place_page(model, url_name):
    """The view of the page of one Land or partner country, found by the code in its address.

    The decorated view is called with the object; the view this returns takes the code from
    the URL and answers a code with capitals with a permanent redirect to the lower-case
    address (one URL per page).
    """

    def decorator(view):
        @require_GET
        @wraps(view)
        def page(request, code):
            if code != code.lower():
                return redirect(url_name, code=code.lower(), permanent=True)
            return view(request, get_object_or_404(model, code=code.upper()))

        return page

    return decorator


def _render_with_latest(request, template, projects, **context):
    """`template` with `context`, the first page of `projects` (newest first) and their number."""
    catalogue(request)
    latest = projects.with_list_data().order_by("-published_at", "-id")
    context["projects"] = latest[: settings.PROJECTS_PER_PAGE]
    context["project_count"] = projects.count()
    return render(request, template, context)


@_place_page(Land, "partners:land")
def land_detail(request, land):
    projects = Project.objects.published().for_land(land)
    # The countries this Land works with, counted over this Land's published projects only.
    countries = _by_name(PartnerCountry.objects.involved_in(projects))
    return _render_with_latest(
        request,
        "partners/land.html",
        projects,
        land=land,
        countries=countries,
        network=land_network(land, countries),
        timeline=timeline(projects, {"land": land.slug}),
    )


@_place_page(PartnerCountry, "partners:country")
def country_detail(request, country):
    # for_country leaves out projects that withhold their partner countries
    projects = Project.objects.published().for_country(country)
    # The Länder involved, counted over this country's published projects only.
    laender = list(Land.objects.involved_in(projects))
    return _render_with_latest(
        request,
        "partners/country.html",
        projects,
        country=country,
        laender=laender,
        map=germany_map(_highlight(laender)),
        network=country_network(country, laender),
        timeline=timeline(projects, {"country": country.slug}),
    )
