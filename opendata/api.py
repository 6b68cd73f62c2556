"""The read-only JSON API under /api/ (django-ninja, OpenAPI 3 at /api/openapi.json).

Every operation is rate limited for anonymous clients, answers conditional requests with 304
(ETag/Last-Modified from the published projects) and names the licence in a Link header.
Bad parameters give 400 with {"detail": …, "errors": [{"parameter": …, "message": …}]}.
"""

from contextlib import nullcontext

from django.core.paginator import EmptyPage, Paginator
from django.core.validators import slug_re
from django.db.models import prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_noop
from ninja import NinjaAPI, Query, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from opendata.http import catalogue_tags, conditional, project_tags, rate_limited, with_licence
from opendata.records import (
    LICENCE,
    list_prefetches,
    listed_records,
    project_record,
    public_projects,
    update_records,
)
from opendata.schemas import (
    API_INFO,
    ERRORS,
    LANG,
    CountryOut,
    LandOut,
    Language,
    OrganisationOut,
    PhaseOut,
    ProjectDetail,
    ProjectPage,
    ThemeOut,
    filter_parameters,
)
from partners.models import Land, Organisation, PartnerCountry
from projects.card_data import attach_card_data
from projects.filters import project_filter
from projects.models import Phase, Project
from themes.models import Theme

# The relations projects.card_data attaches to a page of projects from ONE query of the link
# tables and the filter options the process keeps (instead of four prefetches).
CARD_RELATIONS = ("themes", "topics", "land_roles", "partner_countries")
# Query parameters of the list that are not filters.
PAGING_PARAMETERS = {"page", "page_size", "lang"}
MAX_PAGE = 1_000_000

api = NinjaAPI(
    **API_INFO,
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


# --- Errors ---------------------------------------------------------------------------------


@api.exception_handler(ValidationError)
def _validation_error(request, exc):
    errors = [
        {
            "parameter": ".".join(str(part) for part in error.get("loc", ())[1:]) or "request",
            "message": str(error.get("msg", "invalid")),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Invalid parameters.", "errors": errors}, status=400
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found.", "errors": []}, status=404)


# --- Helpers --------------------------------------------------------------------------------


def _filter_data(request):
    data = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key not in PAGING_PARAMETERS:
            data.setlist(key, values)
    return data


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _in_language(lang):
    # Without `lang`, the language LocaleMiddleware took from Accept-Language stays active.
    return translation.override(lang) if lang else nullcontext()


def _api_view(func, depends):
    # rate limit outermost, then licence header, then ETag/Last-Modified (decorate_view applies
    # its decorators from the innermost)
    return decorate_view(conditional(tags=depends), with_licence, rate_limited)(func)


def _get(path, depends=catalogue_tags, **options):
    """A documented GET operation that answers HEAD too (the same view: headers, 304 and rate
    limit as for GET; the server sends no body). HEAD stays out of the OpenAPI document.
    `depends`: the page-cache tags of the answer (opendata.http.conditional)."""

    def register(func):
        view = _api_view(func, depends)
        api.get(path, **options)(view)
        api.api_operation(["HEAD"], path, response=options["response"], include_in_schema=False)(
            view
        )
        return view

    return register


def _reference(path, schema, summary):
    """A GET operation that lists reference data: the decorated function gives the rows (a
    list of `schema`) for the request, in the language the client asked for (`lang`)."""

    def register(rows):
        def view(request, lang: Language | None = LANG):
            with _in_language(lang):
                return Status(200, rows(request))

        # The name gives the OpenAPI operationId and the URL name (not functools.wraps: ninja
        # would read the parameters of `rows` through __wrapped__ and lose `lang`).
        view.__name__ = view.__qualname__ = rows.__name__
        response = {200: list[schema], **ERRORS}
        return _get(path, response=response, summary=summary, tags=["reference"])(view)

    return register


# --- Operations -----------------------------------------------------------------------------


@_get(
    "/projects",
    response={200: ProjectPage, **ERRORS},
    summary=gettext_noop("Published projects, filtered and paginated"),
    description=gettext_noop(
        "The same filters and search as the portal's project list. Several values of one "
        "filter combine with OR, different filters with AND. Unknown values give 400."
    ),
    openapi_extra={"parameters": filter_parameters()},
    tags=["projects"],
)
def list_projects(
    request,
    page: int = Query(1, ge=1, le=MAX_PAGE, description=gettext_noop("Page number, from 1")),
    page_size: int = Query(
        20, ge=1, le=100, description=gettext_noop("Projects per page, 1 to 100")
    ),
    lang: Language | None = LANG,
):
    with _in_language(lang):
        filterset = project_filter(_filter_data(request))
        queryset = listed_records(filterset.qs, without=CARD_RELATIONS)
        if filterset.is_bound and filterset.errors:
            errors = [
                {"parameter": name, "message": " ".join(str(m) for m in messages)}
                for name, messages in filterset.errors.items()
            ]
            return Status(400, {"detail": "Invalid filter values.", "errors": errors})
        paginator = Paginator(queryset, page_size)
        try:
            current = paginator.page(page)  # page 1 of an empty result is an empty page
        except EmptyPage:
            return Status(404, {"detail": "Page past the end.", "errors": []})
        projects = list(current.object_list)
        if not attach_card_data(projects, filterset):  # an object changed since it was kept
            prefetch_related_objects(projects, *list_prefetches(CARD_RELATIONS))
        # Rendered here, not validated against ProjectPage by ninja: the records are built in
        # the schema's shape (tests/opendata/test_api_shape.py checks that they validate and
        # serialise to the same JSON); validating a page of 20 full records cost about 5 ms.
        return api.create_response(
            request,
            {
                "count": paginator.count,
                "page": page,
                "page_size": page_size,
                "num_pages": paginator.num_pages if paginator.count else 0,
                "next": _page_url(request, page + 1) if current.has_next() else None,
                "previous": _page_url(request, page - 1) if current.has_previous() else None,
                "licence": LICENCE,
                "results": [project_record(p, request) for p in projects],
            },
            status=200,
        )


@_get(
    "/projects/{slug}",
    depends=project_tags,
    response={200: ProjectDetail, **ERRORS},
    summary=gettext_noop("One published project, its complete record"),
    tags=["projects"],
)
def project_detail(request, slug: str, lang: Language | None = LANG):
    # Not a slug (e.g. a NUL byte, which PostgreSQL refuses in a query): no such project.
    if not slug_re.match(slug):
        raise Http404
    with _in_language(lang):
        project = get_object_or_404(public_projects(), slug=slug)
        record = project_record(project, request)
        return Status(
            200, {**record, "updates": update_records(project, request), "licence": LICENCE}
        )


def _theme_out(request, theme):
    return {
        "slug": theme.slug,
        "name": theme.name,
        "short_text": theme.short_text,
        "url": request.build_absolute_uri(theme.get_absolute_url()),
    }


@_reference("/themes", ThemeOut, gettext_noop("Focus themes"))
def list_themes(request):
    return [_theme_out(request, t) for t in Theme.objects.focus()]


@_reference("/topics", ThemeOut, gettext_noop("Cross-cutting topics"))
def list_topics(request):
    return [_theme_out(request, t) for t in Theme.objects.topics()]


@_reference("/laender", LandOut, gettext_noop("The 16 German Länder"))
def list_laender(request):
    return [
        {
            "code": land.code,
            "name": land.name,
            "url": request.build_absolute_uri(land.get_absolute_url()),
        }
        for land in Land.objects.all()
    ]


def _visible_project_ids(field):
    """Published projects that do not withhold `field` (a subquery)."""
    return Project.objects.published().showing(field).values("pk")


@_reference(
    "/countries",
    CountryOut,
    gettext_noop("Partner countries of published projects (except where a project withholds them)"),
)
def list_countries(request):
    ids = _visible_project_ids("partner_countries")
    countries = PartnerCountry.objects.filter(projects__in=ids).distinct()
    rows = [
        {
            "code": c.code.code,
            "name": str(c.name),
            "region": {"code": c.region, "label": str(c.get_region_display())},
            "url": request.build_absolute_uri(c.get_absolute_url()),
        }
        for c in countries
    ]
    return sorted(rows, key=lambda row: row["name"])


@_reference(
    "/organisations",
    OrganisationOut,
    gettext_noop(
        "Organisations taking part in published projects (except where a project withholds them)"
    ),
)
def list_organisations(request):
    ids = _visible_project_ids("organisations")
    organisations = Organisation.objects.filter(participations__project__in=ids).distinct()
    return [
        {
            "key": o.key,
            "name": o.name,
            "acronym": o.acronym,
            "country": o.country.code,
            "kind": {"code": o.kind, "label": str(o.get_kind_display())},
            "website": o.website,
        }
        for o in organisations
    ]


@_reference("/phases", PhaseOut, gettext_noop("Programme phases"))
def list_phases(request):
    return [
        {
            "slug": p.slug,
            "short_name": p.short_name,
            "name": p.name,
            "start_year": p.start_year,
            "end_year": p.end_year,
        }
        for p in Phase.objects.all()
    ]


# Last: /api/ itself and any other path under it (every method) are a 404 with the JSON error
# body, like a missing project, instead of the portal's HTML page.
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


@api.api_operation(ALL_METHODS, "/", include_in_schema=False)
@decorate_view(rate_limited)
def api_root(request):
    raise Http404


@api.api_operation(ALL_METHODS, "/{path:rest}", include_in_schema=False)
@decorate_view(rate_limited)
def not_found(request, rest: str):
    raise Http404
