"""The project list's filters: several values of one filter combine with OR, filters with AND.

`project_filter(params)` is THE filtered, searched and sorted project list (its `.qs`): the
HTML list, the embeds, the API and the exports all call it. The list page also asks it for
facet counts (projects.facets, a mixin of ProjectFilter).
"""

import datetime
from functools import partial

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partners.models import Land, PartnerCountry
from projects.facets import FacetCounting
from projects.filter_fields import (
    KeptChoiceField,
    PlaceChoiceField,
    SdgChoiceField,
    YearField,
)
from projects.models import Phase, Project
from projects.search import ProjectSearch, active_language, localized
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
    """Any of several objects of `queryset`, addressed in the URL by their `url_field`.

    `path` is the relation from Project (matched by `_matching()`).
    """

    field_class = KeptChoiceField
    url_field = "slug"  # what the URL names an object by (the field's to_field_name)
    # The Project.WITHHOLDABLE_FIELDS name this relation reveals: projects that withhold it
    # are never matched nor counted by this filter (None: nothing to withhold).
    withheld = None

    def __init__(self, label, path, queryset, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("to_field_name", self.url_field)
        self.path = path
        super().__init__(label=label, queryset=queryset, **kwargs)

    def filter(self, qs, value):
        return _matching(qs, self.path, value, self.withheld) if value else qs


class LandFilter(CodeChoiceFilter):
    field_class = PlaceChoiceField
    url_field = "code"


class CountryFilter(CodeChoiceFilter):
    field_class = PlaceChoiceField
    url_field = "code"
    withheld = "partner_countries"


class SdgFilter(CodeChoiceFilter):
    field_class = SdgChoiceField
    url_field = "number"


class RegionFilter(django_filters.MultipleChoiceFilter):
    """Projects with a partner country in any of the given world regions."""

    withheld = "partner_countries"  # as CodeChoiceFilter.withheld

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return _matching(qs, "partner_countries__region", value, self.withheld) if value else qs


def ran_until(first_day):
    """Projects whose run had not ended before `first_day`.

    The end is the end date; a completed project without one ended at the latest with its
    phase (its last year's 31 December); a project without an end date that is not completed,
    or completed in a phase without a last year, counts as still running.
    """
    no_end = Q(end_date__isnull=True)
    # a subquery, not a join: the full-text search's SQL names columns of the project table
    ended_phases = Phase.objects.filter(end_year__lt=first_day.year).values("pk")
    ended_with_phase = Q(status=Project.Status.COMPLETED, phase__in=ended_phases)
    return Q(end_date__gte=first_day) | (no_end & ~ended_with_phase)


class PeriodStartFilter(django_filters.NumberFilter):
    """`from=A`: the project still ran in or after year A.

    Without an end date a project counts as running, unless it is completed: then it ran
    until the end of its phase at the latest. A project without a start date is not counted
    once a period is set: we cannot say when it ran (see the methodology page).
    """

    field_class = YearField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        first_day = datetime.date(int(value), 1, 1)
        return qs.filter(Q(start_date__isnull=False) & ran_until(first_day))


class PeriodEndFilter(django_filters.NumberFilter):
    """`to=B`: the project had started by the end of year B."""

    field_class = YearField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(start_date__lte=datetime.date(int(value), 12, 31))


PERIOD_HELP = _(
    "Projects whose run overlaps these years. Without an end date a project counts as running; "
    "a completed one ran until its phase ended at the latest. Without a start date a project is "
    "left out. A range given backwards (from after to) is read the right way round."
)


class ProjectFilter(FacetCounting, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="_no_op", max_length=200)
    theme = CodeChoiceFilter(_("Theme"), "themes", Theme.objects.focus())
    topic = CodeChoiceFilter(_("Cross-cutting topic"), "topics", Theme.objects.topics())
    land = LandFilter(_("Land"), "land_roles__land", Land.objects.all())
    country = CountryFilter(_("Partner country"), "partner_countries", PartnerCountry.objects.all())
    region = RegionFilter(label=_("World region"), choices=PartnerCountry.Region.choices)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Project.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    phase = CodeChoiceFilter(_("Phase"), "phase", Phase.objects.all())
    sdg = SdgFilter(
        _("Sustainable Development Goal"), "sdgs", SustainableDevelopmentGoal.objects.all()
    )
    gender = django_filters.MultipleChoiceFilter(
        label=_("Gender equality marker"),
        field_name="gender_marker",
        choices=[(str(value), label) for value, label in Project.GenderMarker.choices],
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    # "from" is a Python keyword: both year filters are declared through the class namespace.
    locals()["from"] = PeriodStartFilter(label=_("Active from year"), help_text=PERIOD_HELP)
    locals()["to"] = PeriodEndFilter(label=_("Active until year"), help_text=PERIOD_HELP)
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

    NOT_FILTERS = ("q", "sort")  # applied by filter_queryset itself
    years_swapped = False  # set by values()

    def _no_op(self, queryset, name, value):
        return queryset

    @property
    def form(self):
        """The filters' form; its reference fields look values up among the kept options."""
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                if isinstance(field, KeptChoiceField) and name in self.FACETS:
                    field.kept = partial(self.options, name)
        return self._form

    # --- The filtered list ---------------------------------------------------------------

    @property
    def qs(self):
        """Filtered, searched and sorted (also without parameters: newest first)."""
        if not hasattr(self, "_qs"):
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def values(self):
        """The understood parameter values (invalid ones are left out and reported).

        A year range given backwards (`from` after `to`) is swapped: the visitor meant the
        years between them (`years_swapped` tells the page to say so).
        """
        if not self.is_bound:
            return {}
        if not hasattr(self, "_values"):
            self.errors  # noqa: B018 - validates the form
            cleaned = self.form.cleaned_data.items()
            values = {name: value for name, value in cleaned if _given(value)}
            first, last = values.get("from"), values.get("to")
            self.years_swapped = first is not None and last is not None and first > last
            if self.years_swapped:
                values["from"], values["to"] = last, first
            self._values = values
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
            title = Lower(localized("title", active_language()))
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
        return {self.url_value(name, obj) for obj in value}

    def url_value(self, name, obj):
        """How the object `obj`, a value of filter `name`, is written in the URL."""
        return str(self.form.fields[name].prepare_value(obj))


def _given(value):
    """Whether the visitor gave a value. A model choice left empty is `queryset.none()`:
    asking it with bool() would compile a query (five of them on every list page)."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty() and bool(value)
    return bool(value)


def project_filter(params):
    """The FilterSet of the public project list for the query parameters `params` (a QueryDict
    or None): its `qs` is the filtered, searched and sorted list of published projects."""
    return ProjectFilter(params or None, queryset=Project.objects.published())
