"""Projects over time: how many published projects ran, and how many started, in each year.

A project runs in year Y exactly when the project list's period filter `?from=Y&to=Y` finds
it: the counts are made with that filter's rule (projects.filters, where the rule is written
and documented: a project without an end date counts as running unless it is completed, then
it ran until its phase ended at the latest). So a year's figure and the list it links to
always agree. A project without a start date cannot be placed in any year; it is counted
once, as "no dates published".

Two queries, however many projects and years: the span (first and last years, undated
projects), then every year's running and started counts in one aggregate.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from projects.filter_fields import YearField
from projects.filters import ran_until

# The drawing's units (its viewBox): one row per year, so it stays readable on a phone;
# bars start at BAR_X and are up to BAR long; the legend takes the first LEGEND units.
WIDTH, BAR_X, BAR, ROW, LEGEND = 400, 48, 300, 30, 30


def _running_in(year):
    """Q: the project ran in `year`, as the list's period filters read `from=year&to=year`.

    `to` (PeriodEndFilter) is a start by the end of the year; `from` (PeriodStartFilter) is a
    start date and its rule of when a run ended, `ran_until`, used here itself. A condition
    rather than the filtered queryset as a subquery: one pass over the projects for all years
    (a subquery per year made this query 5-7 times slower on 9,000 projects).
    """
    return Q(start_date__lte=datetime.date(year, 12, 31)) & ran_until(datetime.date(year, 1, 1))


@dataclass
class Year:
    year: int
    running: int
    started: int
    url: str  # the project list of the projects that ran that year
    # the drawing, in viewBox units (strings: an SVG number has a dot in every language):
    # the row's top and the two bars' lengths and the x of the number after each
    y: int = 0
    running_length: str = "0"
    started_length: str = "0"
    running_end: str = "0"
    started_end: str = "0"


@dataclass
class Timeline:
    years: list[Year] = field(default_factory=list)
    undated: int = 0  # published projects without a start date: in no year
    total: int = 0
    top: int = 0  # the most projects running in one year (the drawing's scale)
    width: int = WIDTH
    height: int = 0
    bar_x: int = BAR_X

    @property
    def first_year(self):
        return self.years[0].year if self.years else None

    @property
    def last_year(self):
        return self.years[-1].year if self.years else None


def _span(projects, this_year):
    """(first year, last year, undated, total) of `projects` (first is None: nothing dated).

    The years run from the earliest start to the latest start or end, and to this year while
    a project without an end date runs; within the years the list's filter accepts.
    """
    span = projects.aggregate(
        total=Count("id"),
        undated=Count("id", filter=Q(start_date__isnull=True)),
        first=Min("start_date"),
        last_start=Max("start_date"),
        last_end=Max("end_date"),
        open=Count("id", filter=Q(start_date__isnull=False, end_date__isnull=True)),
    )
    if span["first"] is None:
        return None, None, span["undated"], span["total"]
    low, high = YearField.bounds
    last = max(span["last_start"].year, span["last_end"].year if span["last_end"] else 0)
    if span["open"]:
        last = max(last, this_year)
    first = min(max(span["first"].year, low), high)
    return first, max(first, min(last, high)), span["undated"], span["total"]


def timeline(projects, filters=None):
    """The Timeline of `projects` (published ones, possibly narrowed to a Land or country).

    `filters` are the list parameters that narrow `projects` the same way (e.g.
    {"land": "de-sn"}); each year links to the list with them and that year.
    """
    filters = filters or {}
    first, last, undated, total = _span(projects, timezone.localdate().year)
    result = Timeline(undated=undated, total=total)
    if first is None:
        return result
    span = range(first, last + 1)
    counts = projects.aggregate(
        **{f"running_{year}": Count("id", filter=_running_in(year)) for year in span},
        **{f"started_{year}": Count("id", filter=Q(start_date__year=year)) for year in span},
    )
    list_url = reverse("projects:list")
    # The years up to this one are added for projects without an end date; if all of those
    # ended with their phase, no project ran in the last of them: such years are left off.
    while len(span) > 1 and not counts[f"running_{span[-1]}"]:
        span = span[:-1]
    for year in span:
        query = urlencode({**filters, "from": year, "to": year})
        result.years.append(
            Year(year, counts[f"running_{year}"], counts[f"started_{year}"], f"{list_url}?{query}")
        )
    _draw(result)
    return result


def svg_number(value):
    """`value` as an SVG length: a dot whatever the language (templates would localise it)."""
    return format(round(value, 1), "g")


def _draw(timeline):
    """Place the bars of each year's row: running (thick), started (thin, below), one scale."""
    timeline.top = max(year.running for year in timeline.years)
    scale = BAR / timeline.top if timeline.top else 0
    timeline.height = LEGEND + ROW * len(timeline.years) + 4
    for index, year in enumerate(timeline.years):
        year.y = LEGEND + index * ROW
        running, started = year.running * scale, year.started * scale
        year.running_length, year.started_length = svg_number(running), svg_number(started)
        year.running_end = svg_number(BAR_X + running + 4)
        year.started_end = svg_number(BAR_X + started + 4)
