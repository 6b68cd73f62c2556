"""Facet counts of the project list: for each value of a facet, how many projects the selection
would give with that value ticked.

The other facets' selections stay, the facet's own are replaced (disjunctive faceting). ONE
query counts every facet and the result: the selection is a common table expression that each
facet's grouped count joins (a UNION ALL), so neither the filters and the search run again per
facet nor do the selection's ids travel to Python and back. A facet with a ticked value counts
without its own selection: it gets a second table expression, the selection without that
facet, in the same query.
"""

import unicodedata
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, F
from django.db.models.signals import post_delete, post_save

from partners.models import Land, Organisation, PartnerCountry
from projects import facet_rows
from projects.models import Phase, Project, withholds
from themes.models import SustainableDevelopmentGoal, Theme

# --- The options of the facets over reference tables ----------------------------------------
# Themes, topics, Länder, partner countries, phases and SDGs change a few times a year but were
# read on every list page (six queries and ~90 model instances). Each process keeps them under
# a version token in Django's cache; saving or deleting one of these rows drops the token (now
# and after the commit), so every process reloads on its next request. Without a shared cache
# another process sees the change after OPTIONS_SECONDS, as the navigation (pages/nav.py).
OPTIONS_KEY = "projects:facet-options"
OPTIONS_SECONDS = 300
_options = {"version": None, "rows": {}}


def options_version():
    version = cache.get(OPTIONS_KEY)
    if version is None:
        cache.add(OPTIONS_KEY, uuid.uuid4().hex, OPTIONS_SECONDS)
        version = cache.get(OPTIONS_KEY)
    return version


def facet_options(name, queryset, version):
    """The objects of facet `name` (its filter's `queryset`, in its order), kept per process
    under `version` (options_version(), read once per request)."""
    if _options["version"] != version:
        _options.update(version=version, rows={})
    rows = _options["rows"]
    if name not in rows:
        # a copy: `queryset` may be a filter class's own, which would keep the first result
        rows[name] = list(queryset.all())
    return rows[name]


def _drop_options():
    cache.delete(OPTIONS_KEY)


def _options_changed(sender, using="default", **kwargs):
    _drop_options()
    transaction.on_commit(_drop_options, using=using)  # at once outside a transaction


# Organisations: the search matches their names over the kept rows (projects/search.py).
for _model in (Theme, Land, PartnerCountry, Phase, SustainableDevelopmentGoal, Organisation):
    post_save.connect(_options_changed, sender=_model, dispatch_uid=f"facet-options-{_model}")
    post_delete.connect(_options_changed, sender=_model, dispatch_uid=f"facet-options-x{_model}")


# Project relation -> its column in projects_facet_values (PostgreSQL, migration 0013).
VALUE_ARRAYS = {
    "themes": "themes",
    "topics": "topics",
    "land_roles": "laender",
    "partner_countries": "countries",
    "sdgs": "sdgs",
}


def sort_key(label):
    """Alphabetical order that puts umlauts next to their base letter (Ä with A)."""
    return unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode().lower()


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool

    @property
    def disabled(self):
        """Nothing to find with this value; a ticked value stays enabled so it can be unticked."""
        return self.count == 0 and not self.selected


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)


class FacetCounting:
    """The facet counts of a FilterSet's selection (a mixin of projects.filters.ProjectFilter).

    Uses the FilterSet's `narrow()` (the selection without one facet), `selected()` (the
    ticked URL values of a facet) and `url_value()`.
    """

    # Facets in the order the filter form shows them.
    FACETS = ("theme", "topic", "land", "country", "region", "status", "phase", "sdg", "gender")
    # Facets counted over a relation of Project: the relation whose rows link a project to the
    # facet's value (region: the partner countries' regions).
    LINKS = {
        "theme": "themes",
        "topic": "topics",
        "land": "land_roles",
        "country": "partner_countries",
        "region": "partner_countries",
        "sdg": "sdgs",
    }
    # Facets counted from a column of Project.
    COLUMNS = {"status": "status", "phase": "phase_id", "gender": "gender_marker"}
    # The maps show the whole result: these are counted within the selection even when ticked.
    MAP_FACETS = ("land", "country")
    # Facets whose options are listed in the alphabetical order of their labels.
    LABEL_SORTED = ("theme", "topic", "land", "country")

    def result_count(self):
        """How many projects the filters select: counted with the facets (no COUNT of its own)."""
        return self._selection_counts()[""].get("", 0)

    def _selection_counts(self):
        """{key: {value as text: count}} of every facet, in ONE query.

        Keys: "" holds the number of selected projects (under ""); a facet's name its counts
        within the selection (facets without a ticked value, and the maps' facets); "~" and a
        ticked facet's name its counts without its own selection; "#page" the first page's
        project ids with their places, where the query read them (first_page_ids()). A project
        that withholds a facet's field is not counted by that facet (as the filter does not
        match it).
        """
        if not hasattr(self, "_selection_count_cache"):
            ticked = [name for name in self.FACETS if self.selected(name)]
            within = [n for n in self.FACETS if n not in ticked or n in self.MAP_FACETS]
            sets = [("selection", None, within)]
            sets += [(f"without_{name}", name, [name]) for name in ticked]
            sql, params = self._counts_sql(sets)
            counts = {"": {}}
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(sql, params)
                for key, value, count in cursor.fetchall():
                    counts.setdefault(key, {})[value] = count
            self._selection_count_cache = counts
        return self._selection_count_cache

    def _counts_sql(self, sets):
        """(SQL, params) counting the sets [(table, facet left out or None, facets counted)].

        On PostgreSQL a selection of facets alone reads the narrow rows (projects/facet_rows.py)
        and a set of at most one ticked value reads the pair counts, with no scan at all. Where
        the selection's rows are scanned, and the list is newest first, the scan also gives the
        first page's ids.
        """
        rows = facet_rows.conditions(self) if self._arrays() else None
        anchors = {}
        if rows is not None:
            anchors = {table: facet_rows.anchor(rows, without) for table, without, _ in sets}
        scanned = [(table, without) for table, without, _ in sets if not anchors.get(table)]
        if rows is not None:
            tables, params = facet_rows.tables(self, rows, scanned)
        else:
            tables, params = self._selection_tables(scanned)
        if anchors.get("selection"):
            total = facet_rows.pair_total_sql(anchors["selection"])
        else:
            total = ("SELECT '', '', COUNT(*) FROM selection", [])
        parts = [total]
        for table, without, names in sets:
            key = "~{}" if without else "{}"
            for name in names:
                if anchors.get(table):
                    parts.append(facet_rows.pair_counts_sql(anchors[table], name, key.format(name)))
                else:
                    parts.append((self._count_sql(table, name, key.format(name)), []))
        if rows is not None and not anchors.get("selection") and self.sort_order() == "newest":
            parts.append(facet_rows.first_page_sql(settings.PROJECTS_PER_PAGE))
        for _sql, part_params in parts:
            params = [*params, *part_params]
        union = " UNION ALL ".join(sql for sql, _ in parts)
        return (f"WITH {', '.join(tables)} {union}" if tables else union), params

    def first_page_ids(self):
        """The ids of the list's first page (settings.PROJECTS_PER_PAGE projects, in order) if
        the counts' query, already run, read them; else None (the page query reads them)."""
        if not hasattr(self, "_selection_count_cache"):
            return None
        page = self._selection_count_cache.get("#page")
        if page is None:
            return None
        return [int(pk) for pk, _place in sorted(page.items(), key=lambda item: item[1])]

    def _selection_tables(self, sets):
        """(["name AS (SQL)", ...], params) of the sets [(table, facet left out or None)]."""
        tables, params = [], []
        for table, without in sets:
            sql, table_params = self._selection_sql(without)
            tables.append(f"{table} AS ({self._with_value_arrays(sql)})")
            params.extend(table_params)
        return tables, params

    def _selection_sql(self, without=None):
        """(SQL, params): the selection (without facet `without`) with the columns counted."""
        queryset = self.narrow(self.queryset.all(), without=without).order_by()
        columns = {"sel_id": F("pk")}
        columns.update({f"sel_{name}": F(column) for name, column in self.COLUMNS.items()})
        for name in self.FACETS:
            withheld = getattr(self.filters[name], "withheld", None)
            if withheld:
                columns[f"sel_hides_{name}"] = ExpressionWrapper(
                    withholds(withheld), output_field=BooleanField()
                )
        return queryset.annotate(**columns).values(*columns).query.sql_with_params()

    def _arrays(self):
        """PostgreSQL keeps each project's link values as arrays (projects_facet_values,
        migration 0013): one join by primary key instead of one hashed link table per facet."""
        return connections[self.queryset.db].vendor == "postgresql"

    def _with_value_arrays(self, sql):
        if not self._arrays():
            return sql
        arrays = ", ".join(f"fv.{column} AS sel_{column}" for column in VALUE_ARRAYS.values())
        return (
            f"SELECT s.*, {arrays} FROM ({sql}) AS s "
            "LEFT JOIN projects_facet_values fv ON fv.project_id = s.sel_id"
        )

    def _count_sql(self, table, name, key):
        """SELECT `key`, value as text, count: facet `name` over the projects in `table`."""
        quote = connections[self.queryset.db].ops.quote_name
        hidden = getattr(self.filters[name], "withheld", None)
        where = f"WHERE NOT {table}.sel_hides_{name} " if hidden else ""
        if name in self.COLUMNS:
            value, source = f"{table}.sel_{name}", table
        elif self._arrays():  # unnest in the select list: no function scan per project
            project, value = "linked.sel_id", "linked.value"
            array = f"sel_{VALUE_ARRAYS[self.LINKS[name]]}"
            source = f"(SELECT sel_id, unnest({array}) AS value FROM {table} {where}) AS linked"
            where = ""
        else:
            project, value, link = self._link_columns(name)
            source = f"{link} INNER JOIN {table} ON {table}.sel_id = {project}"
        if name == "region":  # a project with two countries in one region counts once
            countries = quote(PartnerCountry._meta.db_table)
            region = f"{countries}.{quote('region')}"
            return (
                f"SELECT '{key}', {region}, COUNT(DISTINCT {project}) FROM {source} "
                f"INNER JOIN {countries} ON {countries}.{quote('id')} = {value} {where}"
                f"GROUP BY {region}"
            )
        return (
            f"SELECT '{key}', CAST({value} AS TEXT), COUNT(*) FROM {source} {where}GROUP BY {value}"
        )

    def _link_columns(self, name):
        """(project column, value column, table) of the rows linking projects to facet `name`."""
        quote = connections[self.queryset.db].ops.quote_name
        relation = Project._meta.get_field(self.LINKS[name])
        if relation.many_to_many:
            link = relation.remote_field.through._meta
            project, value = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        else:  # land_roles: ProjectLand, one row per project and Land
            link = relation.related_model._meta
            project, value = relation.field.name, "land"
        table = quote(link.db_table)
        return (
            f"{table}.{quote(link.get_field(project).column)}",
            f"{table}.{quote(link.get_field(value).column)}",
            table,
        )

    def facet_counts(self, name, conjunctive=False):
        """[(object or value, count)] of facet `name`, in the order of its choices or queryset.

        Without a ticked value, or `conjunctive`: within the full selection; else without the
        facet's own selection.
        """
        key = name if conjunctive or not self.selected(name) else f"~{name}"
        cache = self.__dict__.setdefault("_facet_cache", {})
        if key not in cache:
            counts = self._selection_counts().get(key, {})
            choices = self.filters[name].extra.get("choices")
            if choices:
                cache[key] = [(value, counts.get(str(value), 0)) for value, _label in choices]
            else:
                options = self.options(name)
                cache[key] = [(obj, counts.get(str(obj.pk), 0)) for obj in options]
        return cache[key]

    def options(self, name):
        """The objects of facet `name` over a reference table (facet_options: kept per
        process, the version read once per request)."""
        if "_options_version" not in self.__dict__:
            self._options_version = options_version()
        return facet_options(name, self.filters[name].queryset, self._options_version)

    def facets(self):
        """Every facet with its options, labels in the active language, counts, ticks."""
        if not hasattr(self, "_facets"):
            self._facets = [self._facet(name) for name in self.FACETS]
        return self._facets

    def _facet(self, name):
        selected = self.selected(name)
        choices = dict(self.filters[name].extra.get("choices") or [])
        options = []
        for item, count in self.facet_counts(name):
            if choices:
                value, label = str(item), str(choices[item])
            else:
                value = self.url_value(name, item)
                label = self.form.fields[name].label_from_instance(item)
            options.append(FacetOption(value, str(label), count, value in selected))
        if name in self.LABEL_SORTED:
            options.sort(key=lambda option: sort_key(option.label))
        return Facet(name, str(self.filters[name].label), options)

    def map_counts(self, name):
        """[(object, count)] of the WHOLE filtered result for the maps (country or land).

        The facet counts' query counts these within the full selection (MAP_FACETS).
        """
        return [(obj, n) for obj, n in self.facet_counts(name, conjunctive=True) if n]
