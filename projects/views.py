from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from partners.maps import germany_map, highlights, world_map
from projects.card_data import DETAIL_RELATIONS, attach_card_data, attach_detail_relations
from projects.facet_markup import chips
from projects.filters import ProjectFilter, project_filter
from projects.models import Project
from projects.pagetags import catalogue, project_page
from projects.querystring import indexable, tidy_query, with_filters, without_page
from projects.search import active_language
from projects.search_hints import did_you_mean, filter_offer
from projects.search_suggest import suggestions
from projects.updates import ProjectUpdate


def _page_or_404(request, queryset, per_page=None, count=None):
    """(page, past_end): the page asked for, or the last page if the number is past the end.

    A list shrinks between visits (a filter, a project withdrawn): a bookmarked page 5 of a
    list of now 3 pages shows page 3 and says so (`past_end`). A page number that is not a
    number, or below 1, is a 404, not a silent page 1.
    `count`: the number of objects if the caller knows it (no COUNT query then).
    """
    paginator = Paginator(queryset, per_page or settings.PROJECTS_PER_PAGE)
    if count is not None:
        paginator.count = count  # a cached_property: once set, it is not computed
    number = request.GET.get("page", 1)
    try:
        return paginator.page(number), False
    except PageNotAnInteger as exc:
        raise Http404(str(exc)) from exc
    except EmptyPage as exc:
        if int(number) < 1:  # validate_number has read it as an integer
            raise Http404(str(exc)) from exc
        return paginator.page(paginator.num_pages), True


def _is_results_request(request):
    """htmx asks for the results only; a history restore needs the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _page_projects(filterset, page_queryset, ids=None):
    """The projects of one page, with what their cards show (projects.card_data).

    `ids`: the page's project ids, in order, if known (the facet counts' query read them).
    A search chooses the page's ids in a narrow query first (PostgreSQL: from the covering
    index of migration 0012), then reads those rows: sorting the wide rows of every match by
    rank took 40 ms of a search on 10,000 projects. Other lists are read at once (newest
    first comes from an index already).
    """
    if ids is None and filterset.search:
        ids = list(page_queryset.values_list("pk", flat=True))
    if ids is not None:
        rows = Project.objects.select_related("phase").filter(pk__in=ids)
        if filterset.search:
            rows = filterset.search.annotate_highlights(rows)
        found = {project.pk: project for project in rows}
        projects = [found[pk] for pk in ids if pk in found]
    else:
        projects = list(page_queryset.select_related("phase"))
    if not attach_card_data(projects, filterset):
        lookups = Project.objects.with_list_data()._prefetch_related_lookups
        prefetch_related_objects(projects, *lookups)
    return projects


def list_context(request, filterset, per_page=None, count=None):
    """The page of projects (with search highlights) that the list and the embed show.

    `count`: the number of selected projects, if known (else the paginator counts them).
    """
    page, past_end = _page_or_404(request, filterset.qs, per_page, count)
    first = page.number == 1 and per_page in (None, settings.PROJECTS_PER_PAGE)
    ids = filterset.first_page_ids() if first else None
    projects = _page_projects(filterset, page.object_list, ids)
    if filterset.search:
        for project in projects:
            filterset.search.highlight(project)
    return {
        "filter": filterset,
        "page": page,
        "page_past_end": past_end,
        "years_swapped": filterset.years_swapped,
        "projects": projects,
        "result_count": page.paginator.count,
        "invalid_filters": filterset.invalid_parameters(),
        "has_filters": bool(filterset.active_names()),
        "search": filterset.search,
        "sort": filterset.sort_order(),
    }


def _search_hints(request, filterset, context):
    """The one-click filter for a query that names a Land, partner country, theme or topic, and
    "Did you mean …?" when nothing is found (one vocabulary query, only then)."""
    search = filterset.search
    if not search:
        return {}
    hints = {}
    list_url = reverse("projects:list")
    offer = filter_offer(search, context["facets"])
    if offer and not offer[1].selected:
        facet, option = offer
        query = without_page(request.GET)
        query.pop("q", None)
        query.appendlist(facet.name, option.value)
        hints["filter_offer"] = {
            "label": facet.label,
            "value": option.label,
            "url": with_filters(list_url, query),
        }
    if not context["result_count"]:
        corrected = did_you_mean(search)
        if corrected:
            query = without_page(request.GET)
            query["q"] = corrected
            hints["did_you_mean"] = {"q": corrected, "url": with_filters(list_url, query)}
    return hints


@require_GET
def project_list(request):
    """The public catalogue with facets, search and maps; the URL holds the whole state.

    With JavaScript, htmx reloads only the filters and results (HX-Request header).
    """
    clean = tidy_query(request.GET)
    if clean is not None:
        # one address per list: no empty parameters, no default sort (form without JS, old links)
        return redirect(with_filters(request.path, clean))
    filterset = project_filter(request.GET)
    catalogue(request, all_fields=bool(filterset.search))  # a search reads the descriptions
    context = list_context(request, filterset, count=filterset.result_count())
    embed_url = with_filters(reverse("embed:list"), request.GET)
    context.update(
        facets=filterset.facets(),
        chips=chips(filterset, request.GET),
        world_map=world_map(highlights(filterset.map_counts("country"))),
        germany_map=germany_map(highlights(filterset.map_counts("land"))),
        embed_url=request.build_absolute_uri(embed_url),
        indexable=indexable(request.GET),
    )
    context.update(_search_hints(request, filterset, context))
    if _is_results_request(request):
        # the language links in the header follow the new filters (an out-of-band swap)
        response = render(request, "projects/_catalogue_response.html", context)
    else:
        response = render(request, "projects/list.html", context)
    # The same URL gives the whole page or the results: caches must keep them apart (the page
    # cache neither serves nor stores htmx requests, blp_portal.lib.pagecache).
    patch_vary_headers(response, ["HX-Request"])
    return response


# Parts of a project page that many projects lack: the project's row says (EXISTS) which it
# has, and only those cost a query; the others are marked fetched and empty. "documents" (PDF
# attachments) is a relation of the projectmedia app, named here only.
OPTIONAL_PARTS = ("links", "results", "documents")


def _part_rows(relation):
    """All rows of the model of a project's `relation` (its default manager)."""
    return Project._meta.get_field(relation).related_model._default_manager


def _empty(relation):
    """A prefetch that marks `relation` fetched and empty, without a query."""
    return Prefetch(relation, queryset=_part_rows(relation).none())


def _detail_project(slug):
    """The published project with everything its page shows; the successor in its row. Its
    themes, topics, Länder, partner countries and SDGs come from the facets' kept objects
    (projects.card_data), with a prefetch only when one of them changed since."""
    queryset = Project.objects.published().with_detail_data()
    lookups, relations = [], []
    for lookup in queryset._prefetch_related_lookups:
        name = getattr(lookup, "prefetch_through", lookup)
        if name in DETAIL_RELATIONS:
            relations.append(lookup)
        elif name not in OPTIONAL_PARTS:
            lookups.append(lookup)
    has = {
        f"has_{name}": Exists(_part_rows(name).filter(project=OuterRef("pk")))
        for name in OPTIONAL_PARTS
    }
    has["has_updates"] = Exists(ProjectUpdate.objects.published().filter(project=OuterRef("pk")))
    project = get_object_or_404(
        queryset.prefetch_related(None)
        .prefetch_related(*lookups)
        .select_related("successor")
        .annotate(**has),
        slug=slug,
    )
    parts = [name if getattr(project, f"has_{name}") else _empty(name) for name in OPTIONAL_PARTS]
    if not project.has_updates:  # else the template's one query for the published ones
        parts.append(_empty("updates"))
    if not attach_detail_relations(project, ProjectFilter):
        parts += relations
    prefetch_related_objects([project], *parts)
    return project


@require_GET
def project_detail(request, slug):
    project = _detail_project(slug)
    successor = getattr(project, "successor", None)
    if successor is not None and not successor.is_public:
        successor = None
    predecessor = (
        project.predecessor if project.predecessor and project.predecessor.is_public else None
    )
    project_page(request, project, project.predecessor, successor)
    context = {"project": project, "predecessor": predecessor, "successor": successor}
    return render(request, "projects/detail.html", context)


@require_GET
def search_suggestions(request):
    """A small HTML fragment of links for the text typed in the search box (htmx; two queries)."""
    found = suggestions(request.GET.get("q", ""), active_language())
    response = render(request, "projects/_suggestions.html", {"suggestions": found})
    patch_vary_headers(response, ["HX-Request"])
    return response
