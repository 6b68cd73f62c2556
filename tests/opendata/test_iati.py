import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from opendata import iati, sectors
from opendata.models import ProjectSector
from projects.models import Participation, Project
from tests.factories import make_organisation, make_project, make_theme
from tests.opendata.helpers import make_full_project

pytestmark = pytest.mark.django_db
NS_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_full_export_validates_and_has_only_published(client, iati_check):
    full = make_full_project()
    make_project(slug="minimal", start_date=None, end_date=None)
    make_project(
        slug="year-only",
        status=Project.Status.COMPLETED,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
        date_precision=Project.DatePrecision.YEAR,
        bmz_funding=Decimal("1000"),
    )
    for state in ("draft", "review", "archived"):
        make_project(state=state, slug=f"hidden-{state}", title_de=f"Geheim {state}")
    response = client.get("/api/iati/activities.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response.streaming
    content = b"".join(response.streaming_content)
    assert b"CC BY 4.0" in content
    document = iati_check(content)
    identifiers = [a.findtext("iati-identifier") for a in document.iter("iati-activity")]
    assert len(identifiers) == 3
    assert f"XM-DAC-5-52-BLP-{full.pk}" in identifiers
    assert b"Geheim" not in content


def test_project_activity_content(client, iati_check):
    project = make_full_project()
    content = client.get(f"/api/iati/projects/{project.slug}.xml").content
    activity = iati_check(content).find("iati-activity")
    assert activity.find("reporting-org").get("ref") == "XM-DAC-5-52"
    titles = activity.findall("title/narrative")
    assert titles[0].text == "Wasser für Kampala – Fachkräfte"
    assert titles[1].get(NS_LANG) == "en"
    assert activity.find("activity-status").get("code") == "2"
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"2": "2023-03-01", "3": "2025-12-31"}
    orgs = {(o.findtext("narrative"), o.get("role")) for o in activity.findall("participating-org")}
    # the German partner answers for the project, the partner in Uganda implements it
    assert ("Universität Leipzig", "2") in orgs
    assert ("National Water and Sewerage Corporation", "4") in orgs
    assert ("Sachsen", "1") in orgs
    assert [o.get("ref") for o in activity.findall("participating-org")][:2] == [
        "XM-DAC-5-7",
        "XM-DAC-5-52",
    ]
    countries = {c.get("code"): c.get("percentage") for c in activity.findall("recipient-country")}
    assert countries == {"UG": "50.00", "KE": "50.00"}
    assert [s.get("code") for s in activity.findall("sector")] == ["15110"]
    marker = activity.find("policy-marker")
    assert (marker.get("code"), marker.get("significance")) == ("1", "1")
    assert activity.findtext("budget/value") == "300000.50"
    commitments = [t.findtext("value") for t in activity.findall("transaction")]
    assert commitments == ["250000.00", "50000.50"]
    links = [d.get("url") for d in activity.findall("document-link")]
    assert links[0].endswith(f"/{project.slug}/") and "https://example.org/wasser" in links
    result = activity.find("result/indicator/period")
    assert result.find("target").get("value") == "40.00"
    assert result.find("actual").get("value") == "35.00"


def test_withheld_fields_are_left_out(client, iati_check):
    project = make_full_project(
        withheld_fields=["organisations", "partner_countries", "description", "links"]
    )
    content = client.get(f"/api/iati/projects/{project.slug}.xml").content
    activity = iati_check(content).find("iati-activity")
    assert activity.find("recipient-country") is None
    names = [o.findtext("narrative") for o in activity.findall("participating-org")]
    assert "Universität Leipzig" not in names
    assert b"Umlauten" not in content
    assert b"example.org/wasser" not in content


def test_sector_override_replaces_theme_sectors(client, iati_check):
    project = make_full_project()
    ProjectSector.objects.create(project=project, code="14081", percentage=60)
    ProjectSector.objects.create(project=project, code="15110", percentage=40)
    activity = iati_check(client.get(f"/api/iati/projects/{project.slug}.xml").content)
    sectors = [(s.get("code"), s.get("percentage")) for s in activity.iter("sector")]
    assert sectors == [("14081", "60.00"), ("15110", "40.00")]


def test_unknown_theme_and_no_gender_marker(client, iati_check):
    project = make_project(themes=[make_theme("neu"), make_theme("governance")], gender_marker=None)
    activity = iati_check(client.get(f"/api/iati/projects/{project.slug}.xml").content)
    sectors = sorted((s.get("code"), s.get("percentage")) for s in activity.iter("sector"))
    assert sectors == [("15110", "50.00"), ("99810", "50.00")]
    assert next(activity.iter("policy-marker"), None) is None


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_unpublished_project_file_is_404(client, state):
    make_project(state=state, slug="secret")
    assert client.get("/api/iati/projects/secret.xml").status_code == 404


def test_code_tables_use_official_codes(iati_check):
    assert set(iati.ACTIVITY_STATUS.values()) <= iati_check.codes("ActivityStatus")
    assert set(sectors.THEME_SECTORS.values()) | {sectors.SECTOR_NOT_SPECIFIED} <= iati_check.codes(
        "Sector"
    )
    assert set(iati.ORGANISATION_TYPE.values()) <= iati_check.codes("OrganisationType")
    assert {iati.PRIVATE_SECTOR_PROVIDER, iati.PRIVATE_SECTOR_RECIPIENT} <= iati_check.codes(
        "OrganisationType"
    )
    assert {"0", "1", "2"} <= iati_check.codes("PolicySignificance")


def test_export_streams_with_fixed_queries_per_chunk(
    client, iati_check, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("opendata.exports.EXPORT_CHUNK_SIZE", 2)
    for number in range(5):
        make_full_project(slug=f"p-{number}")
    # the projects query; per chunk of 2 projects (3 chunks) 10 prefetches: themes, topics,
    # Länder, countries, SDGs, organisations, in-kind, links, results, DAC sectors (ETag and
    # Last-Modified from the cache's tag versions, without a query)
    with django_assert_num_queries(1 + 3 * 10):
        response = client.get("/api/iati/activities.xml")
        content = b"".join(response.streaming_content)
    assert len(list(iati_check(content).iter("iati-activity"))) == 5


def test_conditional_request_gives_304(client):
    make_project()
    response = client.get("/api/iati/activities.xml")
    b"".join(response.streaming_content)
    again = client.get("/api/iati/activities.xml", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def _activity(client, iati_check, slug):
    return iati_check(client.get(f"/api/iati/projects/{slug}.xml").content).find("iati-activity")


def test_withheld_countries_are_not_reported_as_regions_either(client, iati_check):
    make_full_project(slug="hiding", withheld_fields=["partner_countries"])
    activity = _activity(client, iati_check, "hiding")
    assert activity.find("recipient-country") is None
    assert activity.find("recipient-region") is None


def test_published_countries_are_not_repeated_as_regions(client, iati_check):
    make_full_project(slug="full")
    activity = _activity(client, iati_check, "full")
    assert len(activity.findall("recipient-country")) == 2
    assert activity.find("recipient-region") is None
    assert activity.findtext("location/name/narrative") == "Distrikt Gulu"


def test_withheld_partner_region_has_no_location(client, iati_check):
    make_full_project(slug="hiding", withheld_fields=["partner_region"])
    assert _activity(client, iati_check, "hiding").find("location") is None


def test_organisations_keep_their_own_roles(client, iati_check):
    project = make_full_project(slug="full")
    giz = make_organisation("giz", name_de="GIZ", kind="giz")
    Participation.objects.create(project=project, organisation=giz, role="implementing")
    activity = _activity(client, iati_check, "full")
    roles = {
        (o.findtext("narrative"), o.get("role"), o.get("ref"))
        for o in activity.findall("participating-org")
    }
    assert ("Universität Leipzig", "2", None) in roles
    assert ("National Water and Sewerage Corporation", "4", None) in roles
    assert ("GIZ", "4", "XM-DAC-5-52") in roles
    assert set(iati.PARTICIPATION_ROLE) == set(Participation.Role.values)


def test_links_are_absolute_from_the_request_or_the_base_url(client, iati_check, settings):
    make_full_project(slug="full")
    settings.OPENDATA_BASE_URL = ""
    link = _activity(client, iati_check, "full").find("document-link").get("url")
    assert link.startswith("http://testserver/") and link.endswith("/full/")
    streamed = b"".join(client.get("/api/iati/activities.xml").streaming_content)
    assert iati_check(streamed).find(".//document-link").get("url").startswith("http://testserver/")
    settings.OPENDATA_BASE_URL = "https://portal.example.org"
    link = _activity(client, iati_check, "full").find("document-link").get("url")
    assert link.startswith("http://testserver/")  # a request knows its own host
    assert (
        iati.activity_element(Project.objects.get(slug="full"))
        .find("document-link")
        .get("url")
        .startswith("https://portal.example.org/")
    )


def test_control_characters_do_not_break_the_xml(client, iati_check):
    make_project(slug="ctrl", title_de="Wasser\x01 für\x0b Kampala", summary_de="A\x02B")
    activity = _activity(client, iati_check, "ctrl")
    assert activity.findtext("title/narrative") == "Wasser für Kampala"
    with translation.override("de"):
        feed = client.get(reverse("opendata:feed"))
    assert feed.status_code == 200 and "Wasser für Kampala" in feed.content.decode()


def test_role_table_uses_official_codes(iati_check):
    assert set(iati.PARTICIPATION_ROLE.values()) <= iati_check.codes("OrganisationRole")
