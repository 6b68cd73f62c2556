"""The statistics page: published projects counted by theme, Land, country, region and phase.

Nine queries, however many projects: totals (one aggregate), themes, Länder, partner countries,
world regions, phases, the timeline (two: projects.timeline) and the cooperation network (one:
projects.network). Every count starts from Project.objects.published(); partner countries
and world regions leave out the projects that withhold their partner countries.
"""

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partners.models import Land, PartnerCountry
from projects.models import Phase, Project
from projects.network import network, pair_counts
from projects.pagetags import catalogue
from projects.timeline import timeline
from themes.models import Theme

# The sections of charts of the statistics page: their heading and the keys of their charts'
# rows in statistics_context. A key with hyphens is the element id of the chart, and of its
# section for the section's first chart.
CHART_SECTIONS = {
    "by_theme": (_("Projects by theme"), ["by_theme", "by_topic"]),
    "by_land": (_("Projects by Land"), ["by_land"]),
    "by_region": (_("Projects by world region and partner country"), ["by_region", "by_country"]),
    "by_phase": (_("Projects by programme phase"), ["by_phase"]),
}
# A chart's caption, the heading of its label column and its entry in the page's table of
# contents (None: no entry).
CHARTS = {
    "by_theme": (_("Projects by focus theme"), _("Focus theme"), _("Themes")),
    "by_topic": (_("Projects by cross-cutting topic"), _("Cross-cutting topic"), None),
    "by_land": (_("Projects by participating Land (lead or partner)"), _("Land"), _("Länder")),
    "by_region": (_("Projects by world region"), _("World region"), _("World regions")),
    "by_country": (_("Projects by partner country"), _("Partner country"), _("Partner countries")),
    "by_phase": (_("Projects by programme phase"), _("Phase"), _("Phases")),
}
# The table of contents lists the other sections after the charts.
OTHER_CONTENTS = {
    "gender": _("Gender equality"),
    "financing": _("Financing"),
    "timeline": _("Projects over time"),
    "network": _("Cooperation network"),
}


def _element_id(key):
    return key.replace("_", "-")


def _chart(figures, key):
    caption, label_heading, _toc = CHARTS[key]
    return {
        "rows": figures[key],
        "caption": caption,
        "label_heading": label_heading,
        "id": _element_id(key),
    }


def chart_sections(figures):
    """The sections of charts by key, for stats/_chart_section.html: element id, heading and
    charts (rows from `figures`, as statistics_context gives them)."""
    return {
        section: {
            "id": _element_id(section),
            "heading": heading,
            "charts": [_chart(figures, key) for key in keys],
        }
        for section, (heading, keys) in CHART_SECTIONS.items()
    }


def table_of_contents():
    """The label by element id of the charts that have an entry, then of the other sections."""
    charts = {_element_id(key): toc for key, (_c, _h, toc) in CHARTS.items() if toc}
    return charts | OTHER_CONTENTS


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0


def _rows(items, total):
    """Chart rows: label, url, count, share of all published projects, bar length ("0"–"100").

    The bar is drawn to the share the row states over a track of 100 %: a row of 14.3 %
    fills 14.3 % of it, however long the table's longest row is.
    """
    rows = [row for row in items if row["count"]]
    for row in rows:
        row["share"] = _percent(row["count"], total)
        # an SVG length, written with a dot in every language
        row["bar"] = format(row["share"], "g")
    return rows


def _totals(published):
    marked = Q(gender_marker__isnull=False)
    return published.aggregate(
        projects=Count("id"),
        with_marker=Count("id", filter=marked),
        marker_2=Count("id", filter=Q(gender_marker=2)),
        marker_1=Count("id", filter=Q(gender_marker=1)),
        marker_0=Count("id", filter=Q(gender_marker=0)),
        bmz=Sum("bmz_funding"),
        bmz_missing=Count("id", filter=Q(bmz_funding__isnull=True)),
        laender=Sum("laender_funding"),
        laender_missing=Count("id", filter=Q(laender_funding__isnull=True)),
    )


def statistics_context():
    published = Project.objects.published()
    totals = _totals(published)
    total = totals["projects"]
    in_published = Q(projects__in=published)

    themes = Theme.objects.annotate(
        n=Count("projects", filter=in_published, distinct=True),
        n_topic=Count("topic_projects", filter=Q(topic_projects__in=published), distinct=True),
    )
    focus, topics = [], []
    for theme in themes:
        if theme.kind == Theme.Kind.FOCUS:
            focus.append({"label": theme.name, "url": theme.get_absolute_url(), "count": theme.n})
        else:
            topics.append(
                {"label": theme.name, "url": theme.get_absolute_url(), "count": theme.n_topic}
            )

    # lists: the chart rows and the cooperation network both read them
    laender = list(Land.objects.with_project_counts(published))
    # partner countries as the home page and the countries page count them (partners_of)
    countries = list(PartnerCountry.objects.partners_of(published))
    regions = PartnerCountry.objects.region_counts(published)
    phases = Phase.objects.annotate(n=Count("projects", filter=in_published))

    def by_count(rows):
        return sorted(rows, key=lambda r: (-r["count"], str(r["label"])))

    with_marker = totals["with_marker"]
    responsive = totals["marker_1"] + totals["marker_2"]
    return {
        "totals": totals,
        "timeline": timeline(published),
        "network": network(laender, countries, pair_counts(published)),
        "by_theme": _rows(focus, total),
        "by_topic": _rows(topics, total),
        "by_land": _rows(
            by_count(
                {"label": land.name, "url": land.get_absolute_url(), "count": land.n}
                for land in laender
            ),
            total,
        ),
        "by_country": _rows(
            by_count(
                {"label": c.name, "url": c.get_absolute_url(), "count": c.n} for c in countries
            ),
            total,
        ),
        "by_region": _rows(
            by_count(
                {"label": label, "url": "", "count": regions.get(value, 0)}
                for value, label in PartnerCountry.Region.choices
            ),
            total,
        ),
        "by_phase": _rows(
            [{"label": f"{p.name} ({p.period})", "url": "", "count": p.n} for p in phases],
            total,
        ),
        "gender": {
            "responsive": responsive,
            "with_marker": with_marker,
            "without_marker": total - with_marker,
            "share_of_marked": _percent(responsive, with_marker),
            "share_of_all": _percent(responsive, total),
            "rows": _rows(
                [
                    {"label": label, "url": "", "count": totals[f"marker_{value}"]}
                    for value, label in reversed(Project.GenderMarker.choices)
                ]
                + [
                    {
                        "label": gettext("not assessed"),
                        "url": "",
                        "count": total - with_marker,
                    }
                ],
                total,
            ),
        },
    }


@require_GET
def statistics(request):
    catalogue(request)
    context = {
        "heading": gettext("The programme in figures"),
        "crumb": gettext("Statistics"),
        "description": gettext(
            "Statistics of the Federal-Länder Programme: projects by theme, Land, partner "
            "country, world region and phase, gender marker and financing."
        ),
        **statistics_context(),
    }
    context["chart_sections"] = chart_sections(context)
    context["toc"] = table_of_contents()
    return render(request, "stats/statistics.html", context)
