"""The facet counts' selection read from projects_facet_values alone (PostgreSQL).

When every filter of a request is a facet (theme, Land, status, ...: no search, no years), the
selection needs nothing but the narrow rows of migration projects 0014: each project's link
values as arrays and the columns its facets filter on. The selection is the rows that match
every ticked facet; a ticked facet's own counts take the rows that match all the others. The
wide project rows are not read at all, which is what made counting grow with the catalogue.

`conditions()` says whether a request can be answered this way; projects/facets.py falls back
to the general SQL (the filters' own querysets) where it cannot. A scanned selection also gives
the list's first page, newest first (`first_page_sql()`): the rows copy the publication time.
"""

from dataclasses import dataclass

from projects.models import Project

TABLE = "projects_facet_values"
# Columns of Project the facets count, as the row copies them (FacetCounting.COLUMNS).
COPIED = {"status": "status", "phase_id": "phase_id", "gender_marker": "gender_marker"}
# Link arrays of the row (facets.VALUE_ARRAYS maps Project relations to these).
ARRAYS = ("themes", "topics", "laender", "countries", "sdgs")


def _ids(filterset, name, values):
    return [obj.pk for obj in values]


def _region_countries(filterset, name, values):
    """The partner countries of the ticked world regions (from the kept facet options)."""
    return [country.pk for country in filterset.options("country") if country.region in values]


def _integers(filterset, name, values):
    return [int(value) for value in values]


def _texts(filterset, name, values):
    return [str(value) for value in values]


# facet -> (condition on a row, with one parameter; how the ticked values become it). Each is
# the same test as the facet's filter in projects/filters.py.
CONDITIONS = {
    "theme": ("themes && %s::bigint[]", _ids),
    "topic": ("topics && %s::bigint[]", _ids),
    "land": ("laender && %s::bigint[]", _ids),
    "country": ("countries && %s::bigint[]", _ids),
    "region": ("countries && %s::bigint[]", _region_countries),
    "sdg": ("sdgs && %s::bigint[]", _ids),
    "phase": ("phase_id = ANY(%s::bigint[])", _ids),
    "status": ("status = ANY(%s::text[])", _texts),
    "gender": ("gender_marker = ANY(%s::int[])", _integers),
}


@dataclass
class Ticked:
    """A ticked facet: its condition on a row (SQL with its params) and, when one value is
    ticked, that value as projects_facet_pairs writes it ("theme:3"), else None."""

    sql: str
    params: list
    item: str | None


def conditions(filterset):
    """{facet: Ticked} of the ticked facets, or None where the narrow rows cannot answer
    (a search, a year, a queryset other than all published projects)."""
    published = Project.objects.published().query.where
    if filterset.queryset.query.where != published:
        return None
    found = {}
    for name, value in filterset.values().items():
        if name == "sort":
            continue
        if name not in CONDITIONS:
            return None
        sql, parameter = CONDITIONS[name]
        withheld = getattr(filterset.filters[name], "withheld", None)
        if withheld:  # a project that withholds the field never matches (as the filter)
            sql = f"{sql} AND NOT hides_{withheld}"
        values = list(value)
        item = f"{name}:{getattr(values[0], 'pk', values[0])}" if len(values) == 1 else None
        found[name] = Ticked(f"({sql})", [parameter(filterset, name, values)], item)
    return found


# --- Sets of one ticked value: counted by projects_facet_pairs (migration 0015) -------------


def anchor(ticked, without):
    """The pair table's value whose pairs are the counts of the set that keeps every ticked
    facet but `without`: "*" (no facet left), the one value left, or None (count the rows)."""
    kept = [facet for name, facet in ticked.items() if name != without]
    if not kept:
        return "*"
    return kept[0].item if len(kept) == 1 else None


def pair_total_sql(anchor):
    """(SQL, params): how many projects the set of `anchor` holds, as the counts' "" row."""
    return "SELECT '', '', n FROM projects_facet_pairs WHERE a = %s AND b = %s", [anchor, anchor]


def pair_counts_sql(anchor, name, key):
    """(SQL, params): `key`, value, count of facet `name` over the set of `anchor`."""
    return (
        f"SELECT '{key}', substr(b, {len(name) + 2}), n FROM projects_facet_pairs "
        "WHERE a = %s AND starts_with(b, %s) AND n > 0",
        [anchor, f"{name}:"],
    )


# --- Other sets: one scan of the narrow rows each ------------------------------------------


def tables(filterset, ticked, sets):
    """(["name AS (SQL)", ...], params): the table expressions the counts read.

    `ticked` is conditions(); `sets` the facet counts' [(table, facet left out or None)]. Each
    set is one scan of the narrow table with the conditions of the ticked facets it keeps.
    """
    columns = ["project_id AS sel_id"]
    columns += [f"{column} AS sel_{name}" for name, column in _counted(filterset).items()]
    columns += [f"{array} AS sel_{array}" for array in ARRAYS]
    columns.append("published_at AS sel_published_at")
    found, params = [], []
    for table, without in sets:
        where = ["listed"]
        for name, facet in ticked.items():
            if name != without:
                where.append(facet.sql)
                params.extend(facet.params)
        found.append(
            f"{table} AS (SELECT {', '.join(columns)} FROM {TABLE} WHERE {' AND '.join(where)})"
        )
    return found, params


def first_page_sql(size):
    """(SQL, params): "#page", id as text, place of the selection's newest `size` projects,
    in the list's own order (newest first, then the higher id: ProjectFilter.filter_queryset)."""
    return (
        "SELECT '#page', CAST(sel_id AS TEXT), place FROM (SELECT sel_id, row_number() OVER "
        "(ORDER BY sel_published_at DESC, sel_id DESC) AS place FROM selection) AS page "
        "WHERE place <= %s",
        [size],
    )


def _counted(filterset):
    """sel_ name -> column of the row, for the facets counted from columns and the withheld
    flags (the names facets.FacetCounting._count_sql reads)."""
    counted = {name: COPIED[column] for name, column in filterset.COLUMNS.items()}
    for name in filterset.FACETS:
        withheld = getattr(filterset.filters[name], "withheld", None)
        if withheld:
            counted[f"hides_{name}"] = f"hides_{withheld}"
    return counted
