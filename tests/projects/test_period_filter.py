"""The year range: a completed project ends with its phase at the latest; a reversed range is
read the right way round and the page says so; the meaning stands next to the filter."""

import datetime

import pytest

from projects.filters import ProjectFilter, project_filter
from projects.models import Project
from tests.factories import make_phase, make_project

pytestmark = pytest.mark.django_db

LIST = "/en/projects/"


@pytest.fixture
def projects():
    pilot = make_phase("pilot", 2015, 2019)
    current = make_phase("blp-iii", 2023, None)
    return {
        "completed_no_end": make_project(
            title_en="completed, no end",
            status=Project.Status.COMPLETED,
            phase=pilot,
            start_date=datetime.date(2016, 3, 1),
        ),
        "ongoing_no_end": make_project(
            title_en="ongoing, no end",
            phase=pilot,
            start_date=datetime.date(2017, 1, 1),
        ),
        "completed_open_phase": make_project(
            title_en="completed, open phase",
            status=Project.Status.COMPLETED,
            phase=current,
            start_date=datetime.date(2023, 5, 1),
        ),
        "ended": make_project(
            title_en="ended 2021",
            status=Project.Status.COMPLETED,
            phase=pilot,
            start_date=datetime.date(2018, 1, 1),
            end_date=datetime.date(2021, 6, 30),
        ),
    }


def titles(params):
    return sorted(p.title_en for p in project_filter(params).qs)


def test_completed_project_without_end_date_is_not_active_after_its_phase(projects):
    assert "completed, no end" not in titles({"from": "2030"})
    assert "completed, no end" not in titles({"from": "2020"})
    assert "completed, no end" in titles({"from": "2019"})  # the phase's last year


def test_a_project_still_running_without_end_date_stays_active(projects):
    assert "ongoing, no end" in titles({"from": "2030"})


def test_completed_in_a_phase_without_last_year_counts_as_running(projects):
    # nothing tells when it ended: as before, it counts as running
    assert "completed, open phase" in titles({"from": "2030"})


def test_an_end_date_wins_over_the_phase(projects):
    assert "ended 2021" in titles({"from": "2021"})
    assert "ended 2021" not in titles({"from": "2022"})


def test_a_reversed_year_range_is_swapped(projects):
    assert titles({"from": "2022", "to": "2018"}) == titles({"from": "2018", "to": "2022"})
    assert project_filter({"from": "2022", "to": "2018"}).values()["from"] == 2018
    assert not project_filter({"from": "2018", "to": "2022"}).years_swapped


def test_the_list_says_that_it_swapped_the_years(client, projects):
    response = client.get(LIST, {"from": "2022", "to": "2018"})
    assert response.status_code == 200
    assert "given the wrong way round: showing projects active from 2018 to 2022" in (
        response.content.decode()
    )
    assert "wrong way round" not in client.get(LIST, {"from": "2018"}).content.decode()


def test_the_semantics_are_documented_next_to_the_filter(client):
    for name in ("from", "to"):
        help_text = str(ProjectFilter.base_filters[name].extra["help_text"])
        assert "completed one ran until its phase ended" in help_text
        assert "backwards" in help_text


def test_the_list_shows_the_semantics_as_the_period_hint(client):
    html = client.get(LIST).content.decode()
    hint = html.split('id="period-help"')[1].split("</p>")[0]
    assert "a completed one ran until its phase ended at the latest" in hint
