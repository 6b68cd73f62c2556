"""The API list renders its records itself (no ninja validation, opendata.api.list_projects):
they must be exactly what the documented schema would have produced."""

import json
from datetime import date

import pytest

from opendata.schemas import ProjectPage
from projects.models import Project
from projects.updates import ProjectUpdate
from tests.factories import make_project
from tests.opendata.helpers import make_full_project
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_projects():
    make_full_project(slug="full")
    make_full_project(
        slug="withholding",
        withheld_fields=["description", "partner_countries", "links", "organisations", "image"],
        image="projects/hidden.jpg",
        date_precision=Project.DatePrecision.MONTH,
        gender_marker=None,
        bmz_funding=None,
    )
    with_image = make_full_project(
        slug="with-image",
        image="projects/shown.jpg",
        image_alt_de="Ein Bild",
        date_precision=Project.DatePrecision.YEAR,
    )
    ProjectUpdate.objects.create(
        project=with_image, text="Meldung", publication_state="published", date=date(2024, 5, 1)
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_list_json_is_what_the_schema_gives(client, varied_projects, lang):
    response = client.get("/api/projects", {"lang": lang, "page_size": 2})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["count"] == 3 and len(data["results"]) == 2 and data["next"]
    validated = ProjectPage.model_validate(data).model_dump(mode="json")
    # key order, types (an int where the schema says float would come out as 1.0) and values
    assert json.dumps(validated) == json.dumps(data)


def test_list_and_detail_give_the_same_record(client, varied_projects):
    listed = client.get("/api/projects", {"page_size": 100}).json()["results"]
    assert len(listed) == 3
    for record in listed:
        detail = client.get(f"/api/projects/{record['slug']}").json()
        del detail["updates"], detail["licence"]
        assert json.dumps(detail) == json.dumps(record)


def test_head_of_the_list_has_no_body(client, varied_projects):
    response = client.head("/api/projects")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == client.get("/api/projects")["ETag"]


def test_a_link_the_kept_options_lack_is_read_with_the_prefetches(
    client, varied_projects, django_assert_num_queries
):
    odd = make_project(slug="odd")
    client.get("/api/projects")  # the filter options are kept from here on
    # a theme written without signals (as a bulk import would): the kept options lack it
    (theme,) = Theme.objects.bulk_create([Theme(slug="querschnitt", name_de="Neu", kind="focus")])
    odd.themes.set([theme])
    # the 9 queries of a page (tests/opendata/test_api.py) and the 4 prefetches it falls back to
    with django_assert_num_queries(13):
        listed = client.get("/api/projects", {"page_size": 100}).json()["results"]
    record = next(r for r in listed if r["slug"] == odd.slug)
    assert [t["slug"] for t in record["themes"]] == ["querschnitt"]
    detail = client.get(f"/api/projects/{odd.slug}").json()
    del detail["updates"], detail["licence"]
    assert json.dumps(detail) == json.dumps(record)
