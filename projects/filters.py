"""The project list's filters: several values of one filter combine with OR, filters with AND.

`ProjectFilter(request.GET, queryset=Project.objects.published()).qs` is THE filtered, searched
and sorted project list: the HTML list, the embeds, the API and the exports all call it. The
list page also asks it for facet counts (`facets()`): for each value of a facet, how many
projects the selection would give with that value ticked (the other facets' selections stay,
this facet's own are replaced: disjunctive faceting). One query counts every facet and the
result (see "Facet counts" below).
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from partners.models import Land, PartnerCountry
from projects.models import Phase, Project, withholds
from projects.search import ProjectSearch, active_language
from themes.models import SustainableDevelopmentGoal, Theme


def _findable(projects, withheld):
    """`projects` without those that withhold `withheld` (a filter's `withheld`, or None)."""
    return projects.showing(withheld) if withheld else projects.all()


def _matching(queryset, path, value, withheld):
    """`queryset` narrowed to the projects with one of `value` at `path` (a relation of Project).

    A relation's rows are matched in its link table alone, `id IN (SELECT project_id FROM
    link ...)`: a project that matches two values is listed once without a DISTINCT, and the
    project table is not read a second time. Projects that withhold `withheld` never match.
    """
    queryset = _findable(queryset, withheld)
    relation, _, rest = path.partition("__")
    field = Project._meta.get_field(relation)
    if field.many_to_many:
        link, project, target = (
            field.remote_field.through,
            field.m2m_field_name(),
            field.m2m_reverse_field_name(),
        )
    elif field.one_to_many:  # land_roles__land: the rows of ProjectLand
        link, project, target = field.related_model, field.field.name, None
    else:  # a foreign key of Project itself (phase)
        return queryset.filter(**{f"{path}__in": value})
    lookup = "__".join(part for part in (target, rest) if part)
    return queryset.filter(pk__in=link.objects.filter(**{f"{lookup}__in": value}).values(project))


class CodeChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of several related objects, addressed in the URL by their code or slug.

    `path` is the relation from Project (matched by `_matching()`).
    """

    # The Project.WITHHOLDABLE_FIELDS name this relation reveals: projects that withhold it
    # are never matched nor counted by this filter (None: nothing to withhold).
    withheld = None

    def __init__(self, *args, path, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        self.path = path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return _matching(qs, self.path, value, self.withheld) if value else qs


def sort_key(label):
    """Alphabetical order that puts umlauts next to their base letter (Ä with A)."""
    return unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode().lower()


class LabelSortedIterator(ModelChoiceIterator):
    """Choices in the alphabetical order of their label in the active language."""

    def __iter__(self):
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: sort_key(choice[1]))


class LandChoiceField(forms.ModelMultipleChoiceField):
    iterator = LabelSortedIterator

    def clean(self, value):
        # URLs use de-bw; the database keeps DE-BW.
        value = [v.upper() for v in value] if isinstance(value, (list, tuple)) else value
        return super().clean(value)

    def prepare_value(self, value):
        if hasattr(value, "code"):
            return value.code.lower()
        return super().prepare_value(value)

    def label_from_instance(self, obj):
        return obj.name


class CountryChoiceField(forms.ModelMultipleChoiceField):
    iterator = LabelSortedIterator

    def clean(self, value):
        value = [v.upper() for v in value] if isinstance(value, (list, tuple)) else value
        return super().clean(value)

    def prepare_value(self, value):
        if hasattr(value, "code"):
            return str(value.code).lower()
        return super().prepare_value(value)

    def label_from_instance(self, obj):
        return obj.name


class LandFilter(CodeChoiceFilter):
    field_class = LandChoiceField


class CountryFilter(CodeChoiceFilter):
    field_class = CountryChoiceField
    withheld = "partner_countries"


class SdgChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.name}"


class SdgFilter(CodeChoiceFilter):
    field_class = SdgChoiceField


class RegionFilter(django_filters.MultipleChoiceFilter):
    """Projects with a partner country in any of the given world regions."""

    withheld = "partner_countries"  # as CodeChoiceFilter.withheld

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return _matching(qs, "partner_countries__region", value, self.withheld) if value else qs


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(1900), MaxValueValidator(2100)])
        super().__init__(*args, **kwargs)


class PeriodStartFilter(django_filters.NumberFilter):
    """`from=A`: the project still ran in or after year A (no end date: still running).

    A project without a start date is not counted once a period is set: we cannot say when
    it ran (see the methodology page).
    """

    field_class = YearField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        first_day = datetime.date(int(value), 1, 1)
        return qs.filter(
            Q(start_date__isnull=False) & (Q(end_date__isnull=True) | Q(end_date__gte=first_day))
        )


class PeriodEndFilter(django_filters.NumberFilter):
    """`to=B`: the project had started by the end of year B."""

    field_class = YearField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(start_date__lte=datetime.date(int(value), 12, 31))


@lru_cache(maxsize=4096)
def _count_html(count, language):
    """Looked up once per count and language: about 100 per list page otherwise."""
    text = ngettext(
        '%(counter)s<span class="visually-hidden"> project</span>',
        '%(counter)s<span class="visually-hidden"> projects</span>',
        count,
    )
    return mark_safe(text % {"counter": count})  # noqa: S308 - our own markup, an int


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

    @property
    def count_html(self):
        """The count with its unit for screen readers (a {% blocktranslate %} per option in the
        filter form cost more than the rest of the form)."""
        return _count_html(self.count, get_language())


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected_count(self):
        return sum(1 for option in self.options if option.selected)

    @property
    def checkboxes(self):
        """The options' check boxes. Built here rather than in the filter form's template: about
        100 options with a dozen template variables each took 4 ms of every list page."""
        checked, disabled = mark_safe(" checked"), mark_safe(" disabled")
        return format_html_join(
            "\n",
            '<div class="check{}"><input type="checkbox" name="{}" value="{}" id="{}"{}{}> '
            '<label for="{}">{} <span class="facet-count">({})</span></label></div>',
            (
                (
                    " check-disabled" if option.disabled else "",
                    self.name,
                    option.value,
                    f"id_{self.name}_{index}",
                    checked if option.selected else "",
                    disabled if option.disabled else "",
                    f"id_{self.name}_{index}",
                    option.label,
                    option.count_html,
                )
                for index, option in enumerate(self.options)
            ),
        )


@dataclass
class Chip:
    """One active filter value and the query string of the list without it."""

    label: str
    value: str
    query: QueryDict


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="_no_op", max_length=200)
    theme = CodeChoiceFilter(
        label=_("Theme"),
        path="themes",
        to_field_name="slug",
        queryset=Theme.objects.focus(),
    )
    topic = CodeChoiceFilter(
        label=_("Cross-cutting topic"),
        path="topics",
        to_field_name="slug",
        queryset=Theme.objects.topics(),
    )
    land = LandFilter(
        label=_("Land"),
        path="land_roles__land",
        to_field_name="code",
        queryset=Land.objects.all(),
    )
    country = CountryFilter(
        label=_("Partner country"),
        path="partner_countries",
        to_field_name="code",
        queryset=PartnerCountry.objects.all(),
    )
    region = RegionFilter(label=_("World region"), choices=PartnerCountry.Region.choices)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Project.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    phase = CodeChoiceFilter(
        label=_("Phase"),
        path="phase",
        to_field_name="slug",
        queryset=Phase.objects.all(),
    )
    sdg = SdgFilter(
        label=_("Sustainable Development Goal"),
        path="sdgs",
        to_field_name="number",
        queryset=SustainableDevelopmentGoal.objects.all(),
    )
    gender = django_filters.MultipleChoiceFilter(
        label=_("Gender equality marker"),
        field_name="gender_marker",
        choices=[(str(value), label) for value, label in Project.GenderMarker.choices],
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    # "from" is a Python keyword: both year filters are declared through the class namespace.
    locals()["from"] = PeriodStartFilter(label=_("Active from year"))
    locals()["to"] = PeriodEndFilter(label=_("Active until year"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="_no_op",
        choices=[
            ("relevance", _("Relevance")),
            ("newest", _("Newest")),
            ("title", _("Title")),
            ("start", _("Start date")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Project
        fields = []

    # Facets in the order the filter form shows them, with the relation from the facet's model
    # to Project for the grouped COUNT (None: a field of Project itself).
    FACETS = {
        "theme": "projects",
        "topic": "topic_projects",
        "land": "project_roles__project",
        "country": "projects",
        "region": None,
        "status": None,
        "phase": "projects",
        "sdg": "projects",
        "gender": None,
    }
    NOT_FILTERS = ("q", "sort")  # applied by filter_queryset itself

    def _no_op(self, queryset, name, value):
        return queryset

    # --- The filtered list ---------------------------------------------------------------

    @property
    def qs(self):
        """Filtered, searched and sorted (also without parameters: newest first)."""
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def values(self):
        """The understood parameter values (invalid ones are left out and reported)."""
        if not self.is_bound:
            return {}
        if not hasattr(self, "_values"):
            self.errors  # noqa: B018 - validates the form
            cleaned = self.form.cleaned_data.items()
            self._values = {name: value for name, value in cleaned if _given(value)}
        return self._values

    @property
    def search(self):
        if not hasattr(self, "_search"):
            self._search = ProjectSearch(self.values().get("q", ""), base=self.queryset.all())
        return self._search

    def narrow(self, queryset, without=None):
        """`queryset` with every filter and the search, except the facet `without`."""
        for name, value in self.values().items():
            if name in self.NOT_FILTERS or name == without:
                continue
            queryset = self.filters[name].filter(queryset, value)
        return self.search.filter(queryset)

    def sort_order(self):
        sort = self.values().get("sort")
        if sort == "relevance" and not self.search:
            sort = None
        return sort or ("relevance" if self.search else "newest")

    def filter_queryset(self, queryset):
        queryset = self.search.annotate_rank(self.narrow(queryset))
        sort = self.sort_order()
        if sort == "title":
            title = Lower(_localized_title())
            return queryset.order_by(title, "id")
        if sort == "start":
            return queryset.order_by(F("start_date").desc(nulls_last=True), "-id")
        if sort == "relevance" and self.search.ranked:
            return queryset.order_by("-search_rank", "-published_at", "-id")
        return queryset.order_by("-published_at", "-id")

    # --- What the form tells the visitor ---------------------------------------------------

    def invalid_parameters(self):
        """Names of the filters whose value was not understood (they are ignored)."""
        if not self.is_bound:
            return []
        return [self.filters[name].label for name in self.errors if name in self.filters]

    def active_names(self):
        return [name for name in self.values() if name != "sort"]

    def selected(self, name):
        """The URL values ticked for facet `name` (as strings, the way the form sends them)."""
        value = self.values().get(name) or []
        if name in ("status", "region", "gender"):
            return {str(v) for v in value}
        return {_url_value(name, obj) for obj in value}

    # --- Facet counts ----------------------------------------------------------------------
    #
    # ONE query (`_selection_counts()`) counts every facet. The selection is a common table
    # expression that each facet's grouped count joins (a UNION ALL), so neither the filters
    # and the search run again per facet nor do the selection's ids travel to Python and back.
    # A facet with a ticked value counts without its own selection (disjunctive faceting): it
    # gets a second table expression, the selection without that facet, in the same query.

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

    def result_count(self):
        """How many projects the filters select: counted with the facets (no COUNT of its own)."""
        return self._selection_counts()[""].get("", 0)

    def _selection_counts(self):
        """{key: {value as text: count}} of every facet, in ONE query.

        Keys: "" holds the number of selected projects (under ""); a facet's name its counts
        within the selection (facets without a ticked value, and the maps' facets); "~" and a
        ticked facet's name its counts without its own selection. A project that withholds a
        facet's field is not counted by that facet (as `_findable()`).
        """
        if not hasattr(self, "_selection_count_cache"):
            ticked = [name for name in self.FACETS if self.selected(name)]
            within = [n for n in self.FACETS if n not in ticked or n in self.MAP_FACETS]
            sets = [("selection", None, within)]
            sets += [(f"without_{name}", name, [name]) for name in ticked]
            tables, params, parts = [], [], ["SELECT '', '', COUNT(*) FROM selection"]
            for table, without, names in sets:
                sql, table_params = self._selection_sql(without)
                tables.append(f"{table} AS ({sql})")
                params.extend(table_params)
                key = "~{}" if without else "{}"
                parts.extend(self._count_sql(table, name, key.format(name)) for name in names)
            sql = f"WITH {', '.join(tables)} {' UNION ALL '.join(parts)}"
            counts = {"": {}}
            with connections[self.queryset.db].cursor() as cursor:
                cursor.execute(sql, params)
                for key, value, count in cursor.fetchall():
                    counts.setdefault(key, {})[value] = count
            self._selection_count_cache = counts
        return self._selection_count_cache

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

    def _count_sql(self, table, name, key):
        """SELECT `key`, value as text, count: facet `name` over the projects in `table`."""
        quote = connections[self.queryset.db].ops.quote_name
        hidden = getattr(self.filters[name], "withheld", None)
        where = f"WHERE NOT {table}.sel_hides_{name} " if hidden else ""
        if name in self.COLUMNS:
            value, source = f"{table}.sel_{name}", table
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
                options = self.filters[name].queryset
                cache[key] = [(obj, counts.get(str(obj.pk), 0)) for obj in options]
        return cache[key]

    def facets(self):
        """Every facet with its options, labels in the active language, counts, ticks."""
        if not hasattr(self, "_facets"):
            self._facets = self._build_facets()
        return self._facets

    def _build_facets(self):
        facets = []
        for name in self.FACETS:
            selected = self.selected(name)
            choices = dict(self.filters[name].extra.get("choices") or [])
            options = []
            for item, count in self.facet_counts(name):
                if choices:
                    value, label = str(item), str(choices[item])
                else:
                    value = _url_value(name, item)
                    label = self.form.fields[name].label_from_instance(item)
                options.append(FacetOption(value, str(label), count, value in selected))
            if name in ("theme", "topic", "land", "country"):
                options.sort(key=lambda option: sort_key(option.label))
            facets.append(Facet(name, str(self.filters[name].label), options))
        return facets

    def map_counts(self, name):
        """[(object, count)] of the WHOLE filtered result for the maps (country or land).

        The facet counts' query counts these within the full selection (MAP_FACETS).
        """
        return [(obj, n) for obj, n in self.facet_counts(name, conjunctive=True) if n]

    def chips(self, data):
        """The active filter values as removable chips; `data` is the request's GET."""
        chips = []
        labels = {}
        for facet in self.facets():
            for option in facet.options:
                labels[(facet.name, option.value)] = option.label
        values = self.values()
        for name, value in values.items():
            if name == "sort":
                continue
            label = str(self.filters[name].label)
            if name in self.FACETS:
                for selected in sorted(self.selected(name)):
                    query = data.copy()
                    query.setlist(
                        name, [v for v in data.getlist(name) if v.lower() != selected.lower()]
                    )
                    query.pop("page", None)
                    text = labels.get((name, selected), selected)
                    chips.append(Chip(label, text, query))
            else:
                query = data.copy()
                query.pop(name, None)
                query.pop("page", None)
                chips.append(Chip(label, str(value), query))
        return chips


def _given(value):
    """Whether the visitor gave a value. A model choice left empty is `queryset.none()`:
    asking it with bool() would compile a query (five of them on every list page)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty() and bool(value)
    return bool(value)


def _url_value(name, obj):
    if name in ("land", "country"):
        return str(obj.code).lower()
    if name == "sdg":
        return str(obj.number)
    return obj.slug


def _localized_title():
    language = active_language()
    if language == "de":
        return F("title_de")
    return Coalesce(
        NullIf(F(f"title_{language}"), Value("")), F("title_de"), output_field=TextField()
    )
