"""Projects over time (projects.timeline) on the statistics page and a Land's page."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.utils import timezone

from projects.filters import project_filter
from projects.models import Project
from projects.timeline import timeline
from tests.factories import make_land, make_phase, make_project

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def years(result):
    return {year.year: (year.running, year.started) for year in result.years}


def test_project_from_2019_to_2021_runs_in_three_years_and_started_in_one():
    make_project(start_date=datetime.date(2019, 3, 1), end_date=datetime.date(2021, 6, 30))
    result = timeline(Project.objects.published())
    assert years(result) == {2019: (1, 1), 2020: (1, 0), 2021: (1, 0)}
    assert (result.undated, result.total) == (0, 1)


def test_drafts_are_not_counted():
    make_project(start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2019, 12, 31))
    for state in ("draft", "review", "archived"):
        make_project(
            state=state, start_date=datetime.date(2015, 1, 1), end_date=datetime.date(2024, 1, 1)
        )
    result = timeline(Project.objects.published())
    assert years(result) == {2019: (1, 1)}
    assert result.total == 1


def test_project_without_dates_is_counted_once_as_undated():
    make_project(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 5, 1))
    make_project(start_date=None, end_date=None)
    result = timeline(Project.objects.published())
    assert years(result) == {2020: (1, 1)}
    assert (result.undated, result.total) == (1, 2)


def test_nothing_dated_gives_no_years():
    make_project(start_date=None)
    result = timeline(Project.objects.published())
    assert (result.years, result.undated) == ([], 1)


def test_without_end_date_ongoing_runs_to_this_year_and_completed_to_its_phase():
    phase = make_phase("blp-ii", 2019, 2021)
    make_project(start_date=datetime.date(2020, 1, 1), status="completed", phase=phase)
    make_project(start_date=datetime.date(THIS_YEAR - 1, 1, 1), status="ongoing")
    result = timeline(Project.objects.published())
    counted = years(result)
    assert (counted[2020], counted[2021]) == ((1, 1), (1, 0))
    assert counted[2022] == (0, 0)  # completed: not after its phase
    assert (counted[THIS_YEAR - 1], counted[THIS_YEAR]) == ((1, 1), (1, 0))
    assert result.last_year == THIS_YEAR


def test_each_year_agrees_with_the_list_filtered_by_that_year():
    phase = make_phase("blp-ii", 2019, 2022)
    make_project(start_date=datetime.date(2018, 5, 1), end_date=datetime.date(2020, 2, 1))
    make_project(start_date=datetime.date(2020, 1, 1), status="completed", phase=phase)
    make_project(start_date=datetime.date(2021, 1, 1), status="ongoing")
    make_project(start_date=None)
    for year in timeline(Project.objects.published()).years:
        listed = project_filter(QueryDict(f"from={year.year}&to={year.year}")).qs.count()
        assert year.running == listed, year.year
        assert year.url.endswith(f"?from={year.year}&to={year.year}")


def _drawn_and_tabled(html):
    """{year: (running, started)} from the drawing's titles and from the table's rows."""
    drawn = {
        int(y): (int(r), int(s))
        for y, r, s in re.findall(r"<title>(\d{4}): (\d+) running, (\d+) started</title>", html)
    }
    table = html[html.index('<table class="chart-table">', html.index('id="timeline"')) :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<th scope="row">(\d{4})</th><td class="num">(?:<a href="[^"]+">)?(\d+)(?:</a>)?</td>'
        r'<td class="num">(\d+)</td>',
        table,
    )
    tabled = {int(y): (int(r), int(s)) for y, r, s in rows}
    return drawn, tabled


def test_statistics_page_shows_the_timeline_with_its_table(client):
    make_project(start_date=datetime.date(2019, 3, 1), end_date=datetime.date(2021, 6, 30))
    make_project(start_date=datetime.date(2020, 3, 1), end_date=datetime.date(2020, 6, 30))
    make_project(start_date=None)
    html = client.get("/en/statistics/").content.decode()
    drawn, tabled = _drawn_and_tabled(html)
    assert drawn == tabled == {2019: (1, 1), 2020: (2, 1), 2021: (1, 0)}
    assert '<a href="/en/projects/?from=2020&amp;to=2020">2</a>' in html
    assert "1 published project has no dates published" in html
    assert "<caption" in html and 'role="img"' in html and "style=" not in html


def test_land_page_timeline_counts_that_lands_projects_only(client):
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen", "Bremen")
    make_project(laender=[saxony], start_date=datetime.date(2020, 1, 1), end_date=None)
    make_project(
        laender=[bremen], start_date=datetime.date(2016, 1, 1), end_date=datetime.date(2017, 1, 1)
    )
    response = client.get("/en/states/de-sn/")
    result = response.context["timeline"]
    assert result.first_year == 2020
    drawn, tabled = _drawn_and_tabled(response.content.decode())
    assert drawn == tabled == years(result)
    assert result.years[0].url == "/en/projects/?land=de-sn&from=2020&to=2020"


def test_german_page_is_translated(client):
    make_project(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2020, 2, 1))
    html = client.get("/de/statistik/").content.decode()
    assert "Projekte im Zeitverlauf" in html
    assert "Projects over time" not in html


def test_years_stay_within_those_the_list_filter_accepts():
    # a mistyped date far in the past or future: the years stop where the period filter does,
    # so every year's link still finds its projects (and years in which none ran are left off
    # the end)
    make_project(start_date=datetime.date(1850, 1, 1), end_date=datetime.date(1901, 12, 31))
    make_project(start_date=datetime.date(2150, 1, 1), end_date=datetime.date(2151, 1, 1))
    result = timeline(Project.objects.published())
    assert (result.first_year, result.last_year) == (1900, 1901)
    assert years(result)[1900] == (1, 0)
    assert project_filter(QueryDict("from=1900&to=1900")).qs.count() == 1
