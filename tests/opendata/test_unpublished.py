"""Nothing that is not published reaches any open-data output: drafts and the like, and the
proposed (pending) changes of published projects from the editorial workflow."""

import io

import pytest
from openpyxl import load_workbook

from editorial import workflow
from tests.factories import make_project
from tests.opendata.helpers import check_iati_if_configured

pytestmark = pytest.mark.django_db

OUTPUTS = [
    "/api/projects",
    "/api/projects/public",
    "/api/organisations",
    "/de/offene-daten/projects.csv",
    "/de/offene-daten/projects.xlsx",
    "/de/offene-daten/projects/public.csv",
    "/de/offene-daten/feed/",
    "/de/offene-daten/feed/theme/governance/",
    "/de/offene-daten/feed/land/de-sn/",
]


IATI = ["/api/iati/activities.xml", "/api/iati/projects/public.xml"]


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"<?xml") and b"<iati-activities" in content[:400]:
        check_iati_if_configured(content)
    if content.startswith(b"PK"):  # xlsx: a zip archive, so compare its cell values
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        cells = (str(v) for sheet in workbook.worksheets for row in sheet.values for v in row)
        content = " ".join(cells).encode()
        workbook.close()
    return content


def test_pending_change_of_a_published_project_is_not_published(client, admin_user):
    project = make_project(slug="public", title_de="Veröffentlichter Titel")
    proposal = {"fields": {"title_de": "VORGESCHLAGEN", "summary_de": "VORGESCHLAGEN"}}
    workflow.propose(project, admin_user, proposal)
    for url in [*OUTPUTS, *IATI]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        assert b"VORGESCHLAGEN" not in body, url
    assert "Veröffentlichter Titel" in client.get("/api/projects/public").json()["title"]


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_unpublished_projects_appear_nowhere(client, state):
    make_project(slug="public")
    make_project(state=state, slug=f"secret-{state}", title_de="GEHEIMPROJEKT")
    for url in [*OUTPUTS, *IATI]:
        response = client.get(url)
        assert response.status_code == 200, url  # a 404 would hide the project trivially
        body = _body(response)
        assert b"GEHEIMPROJEKT" not in body and b"secret-" not in body, url
    assert client.get(f"/api/projects/secret-{state}").status_code == 404
    assert client.get(f"/api/iati/projects/secret-{state}.xml").status_code == 404
