"""The statistics page: published projects counted by theme, Land, country, region and phase.

Nine queries, however many projects: totals (one aggregate), themes, Länder, partner countries,
world regions, phases, the timeline (two: projects.timeline) and the cooperation network (one:
projects.network). Every count starts from Project.objects.published(); partner countries
and world regions leave out the projects that withhold their partner countries.
"""

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from partners.models import Land, PartnerCountry
from projects.models import Phase, Project
from projects.network import network, pair_counts
from projects.pagetags import catalogue
from projects.timeline import timeline
from themes.models import Theme


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
    return render(request, "stats/statistics.html", context)
