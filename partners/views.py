from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from partners.maps import germany_map, highlights, world_map
from partners.models import Land, PartnerCountry
from projects.models import Project


def _highlight(items):
    """Map highlights for Länder or countries annotated with `n` (with_project_counts)."""
    return highlights((item, item.n) for item in items)


def _by_name(items):
    return sorted(items, key=lambda item: str(item.name).casefold())


@require_GET
def land_list(request):
    """All 16 Länder with their number of published projects, as a map and a list (1 query)."""
    laender = list(Land.objects.with_project_counts(Project.objects.published()))
    context = {"laender": laender, "map": germany_map(_highlight(laender))}
    return render(request, "partners/land_list.html", context)


@require_GET
def country_list(request):
    """All partner countries with their number of published projects, by world region.

    Projects that withhold their partner countries are not counted (1 query).
    """
    countries = _by_name(PartnerCountry.objects.with_project_counts(Project.objects.published()))
    regions = []
    for value, label in PartnerCountry.Region.choices:
        members = [c for c in countries if c.region == value]
        if members:
            regions.append({"label": label, "countries": members})
    context = {
        "regions": regions,
        "country_count": len(countries),
        "map": world_map(_highlight(countries)),
    }
    return render(request, "partners/country_list.html", context)


def _latest(projects):
    """The first page of `projects`, newest first, and how many there are."""
    return {
        "projects": projects.with_list_data().order_by("-published_at", "-id")[
            : settings.PROJECTS_PER_PAGE
        ],
        "project_count": projects.count(),
    }


def _lower_case_address(name, code):
    """A permanent redirect to the lower-case address of a page (one URL per page), or None."""
    if code != code.lower():
        return redirect(name, code=code.lower(), permanent=True)
    return None


@require_GET
def land_detail(request, code):
    if redirect_to := _lower_case_address("partners:land", code):
        return redirect_to
    land = get_object_or_404(Land, code=code.upper())
    projects = Project.objects.published().for_land(land)
    # The countries this Land works with, counted over this Land's published projects only.
    countries = _by_name(PartnerCountry.objects.involved_in(projects))
    context = {
        "land": land,
        **_latest(projects),
        "countries": countries,
    }
    return render(request, "partners/land.html", context)


@require_GET
def country_detail(request, code):
    if redirect_to := _lower_case_address("partners:country", code):
        return redirect_to
    country = get_object_or_404(PartnerCountry, code=code.upper())
    # for_country leaves out projects that withhold their partner countries
    projects = Project.objects.published().for_country(country)
    # The Länder involved, counted over this country's published projects only.
    laender = list(Land.objects.involved_in(projects))
    context = {
        "country": country,
        **_latest(projects),
        "laender": laender,
        "map": germany_map(_highlight(laender)),
    }
    return render(request, "partners/country.html", context)
