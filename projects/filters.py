"""The project list's filters: several values of one filter combine with OR, filters with AND.

`ProjectFilter(request.GET, queryset=Project.objects.published()).qs` is THE filtered, searched
and sorted project list: the HTML list, the embeds, the API and the exports all call it. The
list page also asks it for facet counts (`facets()`): for each value of a facet, how many
projects the selection would give with that value ticked (the other facets' selections stay,
this facet's own are replaced: disjunctive faceting): one read of the selection that the
facets share, then at most one grouped COUNT query per facet (see "Facet counts" below).
"""

import datetime
import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections
from django.db.models import BooleanField, Count, F, Func, Q, TextField, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from partners.models import Land, PartnerCountry
from projects.models import Phase, Project
from projects.search import ProjectSearch, active_language
from themes.models import SustainableDevelopmentGoal, Theme


def _findable(projects, withheld):
    """`projects` without those that withhold `withheld` (a filter's `withheld`, or None)."""
    return projects.showing(withheld) if withheld else projects.all()


class CodeChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of several related objects, addressed in the URL by their code or slug.

    `path` is the relation from Project. Matching runs as an `id IN (subquery)`, so a project
    that matches two values is listed once without a DISTINCT over the whole result.
    """

    # The Project.WITHHOLDABLE_FIELDS name this relation reveals: projects that withhold it
    # are never matched nor counted by this filter (None: nothing to withhold).
    withheld = None

    def __init__(self, *args, path, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        self.path = path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        matching = _findable(qs.model.objects, self.withheld)
        return qs.filter(pk__in=matching.filter(**{f"{self.path}__in": value}).values("pk"))


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
        if not value:
            return qs
        matching = _findable(qs.model.objects, self.withheld)
        return qs.filter(pk__in=matching.filter(partner_countries__region__in=value).values("pk"))


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

    @property
    def selected_count(self):
        return sum(1 for option in self.options if option.selected)


@dataclass
class Chip:
    """One active filter value and the query string of the list without it."""

    label: str
    value: str
    query: QueryDict


class InIds(Func):
    """`expression` is one of `ids`, a list sent as ONE parameter (PostgreSQL: an array that
    it hashes; SQLite: a JSON list), however many thousand ids there are."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__(expression)
        self.ids = ids

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} IN (SELECT value FROM json_each(%s)))", (*params, json.dumps(self.ids))

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        array = "{" + ",".join(map(str, self.ids)) + "}"  # ids read from the database
        return f"({sql} = ANY(%s::bigint[]))", (*params, array)


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
        self.errors  # noqa: B018 - validates the form
        return {name: value for name, value in self.form.cleaned_data.items() if value}

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
    # Every facet without a ticked value counts within the full selection: the same projects
    # for all of them. Their ids and the columns counted directly (status, phase, gender
    # marker) are read ONCE (`_selection()`); those three facets are counted from the rows in
    # Python, the others group their relation's rows by that id array (`InIds`) instead of
    # running every filter and the search again (each run read the whole project table, about
    # 10 ms per facet with 10,000 projects). A facet with a ticked value counts without its own
    # selection (disjunctive faceting) in a query of its own.

    SELECTION_COLUMNS = ("pk", "status", "phase_id", "gender_marker", "withheld_fields")

    def result_count(self):
        """How many projects the filters select: the length of the shared read (no COUNT)."""
        return len(self._selection())

    def _selection(self):
        """[(id, status, phase id, gender marker, withheld fields)] of the full selection.

        Read with a plain cursor: for thousands of rows the ORM's per-row work (converters,
        modeltranslation's iterator) costs more than the query. The withheld fields stay JSON
        text; `_withholding()` decodes each distinct value once.
        """
        if not hasattr(self, "_selection_rows"):
            queryset = self.narrow(self.queryset.all()).order_by()
            sql, params = queryset.values_list(*self.SELECTION_COLUMNS).query.sql_with_params()
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(sql, params)
                names = [column[0] for column in cursor.description]
                order = [names.index(name) for name in self.SELECTION_COLUMNS]
                self._selection_rows = [[row[i] for i in order] for row in cursor.fetchall()]
        return self._selection_rows

    def _withholding(self, name):
        """A test of a selection row: does the project withhold `name`? (as Project.is_withheld)"""
        decoded = {}

        def withholds(row):
            if row[4] not in decoded:
                decoded[row[4]] = name in json.loads(row[4])
            return decoded[row[4]]

        return withholds

    def _count_in_selection(self, name):
        """[(object or value, count)] for facet `name` within the full selection."""
        rows = self._selection()
        withheld = getattr(self.filters[name], "withheld", None)
        if withheld:  # as _findable(): a project withholding the facet's field is not counted
            withholds = self._withholding(withheld)
            rows = [row for row in rows if not withholds(row)]
        if name in ("status", "gender"):
            return self._choice_counts(
                name, Counter(row[1 if name == "status" else 3] for row in rows)
            )
        if name == "phase":
            counts = Counter(row[2] for row in rows)
            return [(phase, counts[phase.pk]) for phase in self.filters[name].queryset]
        path = self.FACETS[name] or "projects"
        return self._relation_counts(name, Q(InIds(F(path), [row[0] for row in rows])))

    def _count_rows(self, name, base):
        """[(object or value, count)] for facet `name` over `base` in ONE grouped query."""
        base = _findable(base, getattr(self.filters[name], "withheld", None))
        if name in ("status", "gender"):
            column = "gender_marker" if name == "gender" else name
            return self._choice_counts(
                name, dict(base.order_by().values_list(column).annotate(n=Count("pk")))
            )
        path = self.FACETS[name] or "projects"
        return self._relation_counts(name, Q(**{f"{path}__in": base.order_by().values("pk")}))

    def _relation_counts(self, name, in_base):
        """The facet's values with their projects counted where `in_base` (a Q on them) holds."""
        if name == "region":
            counts = dict(
                PartnerCountry.objects.order_by()
                .values_list("region")
                .annotate(n=Count("projects", distinct=True, filter=in_base))
            )
            return self._choice_counts(name, counts)
        relation = self.FACETS[name]
        rows = self.filters[name].queryset.annotate(facet_count=Count(relation, filter=in_base))
        return [(obj, obj.facet_count) for obj in rows]

    def _choice_counts(self, name, counts):
        """[(value, count)] in the order of the facet's choices; `counts` by database value."""
        return [
            (value, counts.get(int(value) if name == "gender" else value, 0))
            for value, _label in self.filters[name].extra["choices"]
        ]

    def facet_counts(self, name, conjunctive=False):
        """{url value: count} for facet `name`; `conjunctive`: within the full selection."""
        key = (name, conjunctive)
        cache = self.__dict__.setdefault("_facet_cache", {})
        if key not in cache:
            if conjunctive or not self.selected(name):
                cache[key] = self._count_in_selection(name)
            else:
                base = self.narrow(self.queryset.all(), without=name)
                cache[key] = self._count_rows(name, base)
        return cache[key]

    def facets(self):
        """Every facet with its options, labels in the active language, counts, ticks."""
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

        Without a selection in that facet its facet counts are exactly that (no extra query);
        with one, a single grouped query over the full selection.
        """
        conjunctive = bool(self.selected(name))
        return [(obj, n) for obj, n in self.facet_counts(name, conjunctive) if n]

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
