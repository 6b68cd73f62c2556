import csv
import io
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from opendata.exports import COLUMN_NAMES, RECORD_COLUMN_NAMES, RECORD_FIELDS, flatten_record
from opendata.models import ProjectSector
from projects.models import Project
from tests.factories import make_land, make_project, make_theme
from tests.opendata.helpers import make_full_project

pytestmark = pytest.mark.django_db


def _de(name, *args):
    """The German address of an open-data URL (translated segment: /de/offene-daten/…)."""
    with translation.override("de"):
        return reverse(name, args=args)


def _csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_exactly_the_filtered_published_list(client):
    make_project(themes=[make_theme("governance")], slug="gov", title_de="Verwaltung für Jünger")
    make_project(themes=[make_theme("umwelt")], slug="env")
    for state in ("draft", "review", "archived"):
        make_project(state=state, slug=f"hidden-{state}")
    response = client.get("/en/open-data/projects.csv?theme=governance&page=3")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert [row["slug"] for row in rows] == ["gov"]
    assert list(rows[0]) == COLUMN_NAMES
    assert rows[0]["licence"].startswith("Lizenz/Licence: CC BY 4.0")
    assert rows[0]["url"].endswith("/en/projects/gov/")
    all_rows = _csv(client.get(_de("opendata:projects_csv")))
    assert {row["slug"] for row in all_rows} == {"gov", "env"}
    assert "Verwaltung für Jünger" in {row["title"] for row in all_rows}


def test_csv_labels_next_to_codes_and_roles(client):
    make_full_project(slug="full")
    row = _csv(client.get("/en/open-data/projects.csv"))[0]
    assert row["status_code"] == "ongoing" and row["status"] == "Ongoing"
    assert row["lead_land_code"] == "DE-SN"
    assert row["laender_codes"] == "DE-SN; DE-BW"
    assert row["country_codes"] in ("UG; KE", "KE; UG")
    assert row["german_partners"] == "Universität Leipzig (UL)"
    assert row["partner_country_partners"] == "National Water and Sewerage Corporation"
    assert row["gender_marker_code"] == "1"
    assert row["bmz_funding_eur"] == "250000.0"


def test_invalid_filter_values_are_ignored_like_the_list(client):
    make_project(slug="one")
    response = client.get("/en/open-data/projects.csv?theme=nope&land=zz")
    assert response.status_code == 200
    assert [row["slug"] for row in _csv(response)] == ["one"]


def test_withheld_fields_show_the_placeholder(client):
    make_full_project(slug="full", withheld_fields=["organisations", "partner_region"])
    row = _csv(client.get("/en/open-data/projects.csv"))[0]
    assert row["german_partners"] == "not published"
    assert row["partner_region"] == "not published"
    assert "Gulu" not in str(row)


def test_formula_like_text_is_not_a_formula(client):
    make_project(slug="f", title_de="=HYPERLINK(1)")
    assert _csv(client.get(_de("opendata:projects_csv")))[0]["title"] == "'=HYPERLINK(1)"
    workbook = load_workbook(io.BytesIO(_xlsx_bytes(client.get(_de("opendata:projects_xlsx")))))
    cell = workbook.worksheets[0]["C2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def _xlsx_bytes(response):
    # Reading it to the end closes the response and so its temporary file.
    return b"".join(response.streaming_content)


def test_xlsx_download_with_about_sheet(client):
    make_full_project(slug="full")
    make_project(state="draft", slug="draft")
    response = client.get("/en/open-data/projects.xlsx?land=de-sn")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(_xlsx_bytes(response)), read_only=True)
    projects, about = workbook.worksheets
    rows = list(projects.values)
    assert list(rows[0]) == COLUMN_NAMES
    assert [row[1] for row in rows[1:]] == ["full"]
    assert "Universität Leipzig (UL)" in rows[1]
    about_rows = list(about.values)
    assert about_rows[0][1].startswith("Lizenz/Licence: CC BY 4.0")
    assert {row[0] for row in about_rows if row} >= set(COLUMN_NAMES)


def _en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def test_project_csv_is_the_complete_record(client):
    project = make_full_project(slug="full", image_alt_en="Pipes", image_credit="GIZ/Foto")
    Project.objects.filter(pk=project.pk).update(image="projects/wasser.jpg")
    ProjectSector.objects.create(project=project, code="14081", percentage=100)
    rows = _csv(client.get(_en("opendata:project_csv", "full")))
    assert list(rows[0]) == RECORD_COLUMN_NAMES
    fields = {row["field"]: row["value"] for row in rows}
    assert fields["slug"] == "full" and fields["title"] == "Water for Kampala – skilled staff"
    assert fields["results.1.indicator"] == "Trained staff"
    assert (fields["results.1.target"], fields["results.1.achieved"]) == ("40.0", "35.0")
    assert fields["results.1.measured_on"] == "2024-12-31"
    assert fields["in_kind_contributions.1.kind.code"] == "staff"
    assert (fields["image.alt"], fields["image.credit"]) == ("Pipes", "GIZ/Foto")
    assert fields["image.url"].startswith("http://testserver/")
    assert (fields["links.1.url"], fields["links.1.label"]) == (
        "https://example.org/wasser",
        "Report",
    )
    assert (fields["sectors.1.code"], fields["sectors.1.percentage"]) == ("14081", "100.0")
    assert fields["organisations.1.role.code"] in {"german_partner", "partner_country_partner"}
    assert fields["laender.1.lead"] == "true"
    assert fields["licence"].startswith("Lizenz/Licence: CC BY 4.0")
    # every field of the API's record is there, and documented on the open-data page
    api_record = client.get("/api/projects/full?lang=en").json()
    assert {path for path, _value in flatten_record(api_record)} - {
        "licence.name",
        "licence.url",
        "licence.attribution",
    } <= set(fields)
    documented = " ".join(pattern for pattern, _meaning in RECORD_FIELDS)
    for field in fields:
        leaf = re.sub(r"\.\d+", ".N", field)
        assert leaf in documented or "." + leaf.rsplit(".N.", 1)[-1] in documented, field


def test_project_csv_shows_withheld_fields_as_not_published(client):
    make_full_project(slug="hiding", withheld_fields=["organisations", "links"])
    rows = _csv(client.get(_en("opendata:project_csv", "hiding")))
    fields = {row["field"]: row["value"] for row in rows}
    assert fields["organisations"] == fields["links"] == "not published"
    assert "example.org" not in str(rows)
    assert [v for k, v in fields.items() if k.startswith("withheld.")] == ["organisations", "links"]


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_project_csv_of_unpublished_is_404(client, state):
    make_project(state=state, slug="secret")
    assert client.get("/en/open-data/projects/secret.csv").status_code == 404


def test_csv_of_many_projects_streams_with_fixed_queries(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("opendata.exports.EXPORT_CHUNK_SIZE", 2)
    land = make_land()
    for number in range(5):
        make_project(slug=f"p-{number}", laender=[land])
    # the projects query, and per chunk of 2 (3 chunks) the 10 prefetches: themes, topics,
    # Länder, countries, SDGs, organisations, in-kind, links, results, DAC sectors (ETag and
    # Last-Modified come from the cache's tag versions, without a query)
    with django_assert_num_queries(1 + 3 * 10):
        response = client.get("/en/open-data/projects.csv")
        rows = _csv(response)
    assert len(rows) == 5


def test_downloads_answer_304(client):
    make_project()
    for url in ("/en/open-data/projects.csv?status=ongoing", "/en/open-data/projects.xlsx"):
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"]
        assert first["Link"].startswith("<https://creativecommons.org/licenses/by/4.0/>")
        b"".join(first.streaming_content)  # read to the end: closes the xlsx temporary file
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_list_page_offers_downloads_with_the_current_filters(client):
    make_project()
    page = client.get("/en/projects/?theme=governance&page=1").content.decode()
    assert "/en/open-data/projects.csv?theme=governance" in page
    assert "/en/open-data/projects.xlsx?theme=governance" in page
    assert "page=1" not in page.split("open-data/projects.csv")[1].split('"')[0]
    assert "CC BY 4.0" in page


def test_project_page_offers_its_record(client):
    project = make_project(slug="mine")
    page = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert "/api/projects/mine?lang=en" in page
    assert "/en/open-data/projects/mine.csv" in page
    assert "/api/iati/projects/mine.xml" in page


def test_open_data_page_documents_columns_and_api(client):
    response = client.get("/en/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in page
    for pattern, _meaning in RECORD_FIELDS:  # the per-project CSV
        assert f"<code>{pattern}</code>" in page
    assert "GET /api/projects" in page and "page_size" in page
    assert "CC BY 4.0" in page
    assert "<script" not in page.split("</head>")[1]
    assert Project.WITHHOLDABLE_FIELDS


def _drain(response):
    """Read a download to its end and return its status. The test client closes a streamed
    response when it is read to the end (so the xlsx temporary file goes), and any other at
    once; a second close() would send request_finished again and, on PostgreSQL, close the
    test's database connection."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.fixture
def fixed_window(settings, monkeypatch):
    """A rate limit of 3 per minute, with the clock held in one window (no reset mid-test)."""
    settings.OPENDATA_RATE_LIMIT = 3
    settings.OPENDATA_RATE_WINDOW = 60
    monkeypatch.setattr(
        "blp_portal.lib.pagecache.time", SimpleNamespace(time=lambda: 1_800_000_030.0)
    )


FULL_DOWNLOADS = [
    "/en/open-data/projects.csv",
    "/en/open-data/projects.xlsx",
    "/api/iati/activities.xml",
]


def test_full_downloads_and_the_api_share_one_rate_limit(client, fixed_window):
    make_project()
    visitor = Client(REMOTE_ADDR="203.0.113.21")
    statuses = [_drain(visitor.get(url)) for url in ["/api/themes", *FULL_DOWNLOADS[:2]]]
    assert statuses == [200, 200, 200]
    for url in FULL_DOWNLOADS:
        response = visitor.get(url)
        assert response.status_code == 429, url
        assert response["Retry-After"] == "30"  # seconds to the end of the window
        assert response.json()["detail"]
    assert visitor.get("/api/themes").status_code == 429
    # Another client has its own budget.
    assert _drain(Client(REMOTE_ADDR="203.0.113.22").get(FULL_DOWNLOADS[0])) == 200


@pytest.mark.parametrize("url", FULL_DOWNLOADS)
def test_each_full_download_counts_against_the_limit(fixed_window, url):
    make_project()
    visitor = Client(REMOTE_ADDR="203.0.113.23")
    assert [_drain(visitor.get(url)) for _ in range(4)] == [200, 200, 200, 429]


def test_downloads_count_per_client_behind_the_trusted_proxy(settings, fixed_window):
    settings.TRUSTED_PROXY_COUNT = 1
    make_project()
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.30")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.31")
    url = FULL_DOWNLOADS[0]
    assert [_drain(first.get(url)) for _ in range(4)] == [200, 200, 200, 429]
    assert _drain(second.get(url)) == 200


def test_logged_in_staff_are_not_limited_on_downloads(admin_client, fixed_window):
    make_project()
    statuses = [_drain(admin_client.get(FULL_DOWNLOADS[1])) for _ in range(5)]
    assert statuses == [200] * 5
