"""IATI XML of what the list shows: the endpoint takes the list's filters, the list offers it."""

import csv
import datetime
import io

import pytest

from projects.models import Project
from tests.factories import make_country, make_land, make_project, make_theme
from tests.opendata.helpers import make_full_project

pytestmark = pytest.mark.django_db

IATI = "/api/iati/activities.xml"
CSV = "/en/open-data/projects.csv"


@pytest.fixture
def catalogue():
    governance, climate = make_theme("governance"), make_theme("klima")
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    uganda, peru = make_country("UG"), make_country("PE", "latin_america_caribbean")
    for number in range(3):
        make_full_project(slug=f"gov-{number}")  # Governance, Sachsen, Uganda
    make_project(slug="klima-sn", themes=[climate], laender=[saxony], countries=[peru])
    make_project(
        slug="klima-hb",
        themes=[climate],
        laender=[bremen],
        countries=[uganda],
        status=Project.Status.COMPLETED,
        start_date=datetime.date(2016, 1, 1),
    )
    make_project(slug="draft", themes=[governance], state="draft")


def _slugs_in_csv(client, query):
    response = client.get(f"{CSV}?{query}")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return sorted(row["slug"] for row in csv.DictReader(io.StringIO(content)))


def _activities(client, iati_check, query):
    response = client.get(f"{IATI}?{query}")
    assert response.status_code == 200
    document = iati_check(b"".join(response.streaming_content))  # validates against 2.03
    return list(document.iter("iati-activity"))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "theme=governance",
        "theme=klima",
        "land=de-hb",
        "country=pe",
        "status=completed",
        "theme=klima&from=2020",
        "theme=governance&page=2",  # the page number is no filter: every page
        "land=xx",  # not understood: ignored, as on the list
    ],
)
def test_iati_activities_are_the_csv_rows_of_a_filtered_list(client, iati_check, catalogue, query):
    activities = _activities(client, iati_check, query)
    rows = _slugs_in_csv(client, query)
    assert len(activities) == len(rows)
    assert (
        len(rows)
        == {
            "": 5,
            "theme=governance": 3,
            "theme=klima": 2,
            "land=de-hb": 1,
            "country=pe": 1,
            "status=completed": 1,
            "theme=klima&from=2020": 1,
            "theme=governance&page=2": 3,
            "land=xx": 5,
        }[query]
    )


def test_the_list_offers_iati_of_exactly_its_filters(client, catalogue):
    html = client.get("/en/projects/?theme=klima&land=de-hb&page=1").content.decode()
    assert f'href="{IATI}?theme=klima&amp;land=de-hb"' in html
    assert "IATI XML" in html
