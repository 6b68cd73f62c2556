import pytest
from django.test import Client

from projects.models import Project
from tests.factories import make_land, make_organisation, make_project, make_theme
from tests.opendata.helpers import make_full_project

pytestmark = pytest.mark.django_db
HIDDEN_STATES = [
    Project.PublicationState.DRAFT,
    Project.PublicationState.REVIEW,
    Project.PublicationState.ARCHIVED,
]


def test_list_shows_only_published_projects(client):
    public = make_project()
    for state in HIDDEN_STATES:
        make_project(state=state, slug=f"hidden-{state}")
    response = client.get("/api/projects")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["count"] == 1
    assert [p["slug"] for p in data["results"]] == [public.slug]
    assert data["licence"]["name"] == "CC BY 4.0"


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_unpublished_project_detail_is_404_json(client, state):
    make_project(state=state, slug="secret")
    response = client.get("/api/projects/secret")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_detail_has_complete_record_and_licence(client):
    project = make_full_project()
    data = client.get(f"/api/projects/{project.slug}?lang=de").json()
    assert data["title"] == "Wasser für Kampala – Fachkräfte"
    assert data["url"].endswith(f"/de/projekte/{project.slug}/") or project.slug in data["url"]
    assert {o["role"]["code"] for o in data["organisations"]} == {
        "german_partner",
        "partner_country_partner",
    }
    assert data["laender"][0] == {"code": "DE-SN", "name": "Sachsen", "lead": True}
    assert data["bmz_funding_eur"] == 250000.0
    assert data["gender_marker"]["code"] == 1
    assert data["results"][0]["target"] == 40.0
    assert data["start"] == "2023-03-01"
    assert data["withheld"] == []
    assert data["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0")


def test_language_from_parameter_and_accept_language(client):
    project = make_project(title_de="Titel", title_en="Title")
    url = f"/api/projects/{project.slug}"
    assert client.get(url, {"lang": "en"}).json()["title"] == "Title"
    assert client.get(url, {"lang": "de"}).json()["title"] == "Titel"
    assert client.get(url, headers={"accept-language": "en"}).json()["title"] == "Title"
    assert client.get(url).json()["title"] == "Titel"


def test_withheld_fields_are_null_and_named(client):
    project = make_full_project(
        withheld_fields=["organisations", "partner_countries", "partner_region", "links"]
    )
    data = client.get(f"/api/projects/{project.slug}").json()
    assert data["organisations"] is None
    assert data["partner_countries"] is None
    assert data["partner_region"] is None
    assert data["links"] is None
    assert set(data["withheld"]) == {
        "organisations",
        "partner_countries",
        "partner_region",
        "links",
    }
    assert "Gulu" not in client.get(f"/api/projects/{project.slug}").content.decode()


def test_list_uses_the_html_list_filters(client):
    make_project(themes=[make_theme("governance")], slug="gov")
    make_project(themes=[make_theme("umwelt")], slug="env", laender=[make_land("DE-BW", "BW")])
    data = client.get("/api/projects?theme=umwelt").json()
    assert [p["slug"] for p in data["results"]] == ["env"]
    data = client.get("/api/projects?land=de-bw&land=de-sn").json()
    assert data["count"] == 2
    data = client.get("/api/projects?status=completed").json()
    assert data["count"] == 0


@pytest.mark.parametrize(
    "query",
    [
        "theme=no-such-theme",
        "status=bogus",
        "land=xx",
        "page=abc",
        "page=0",
        "page=-1",
        f"page={10**30}",
        "page=1.5",
        "page_size=0",
        "page_size=101",
        "page_size=many",
        "lang=fr",
    ],
)
def test_bad_parameters_give_400_with_json(client, query):
    make_project()
    response = client.get(f"/api/projects?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert body["errors"]


def test_page_past_the_end_is_404_json(client):
    make_project()
    response = client.get("/api/projects?page=2")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_pagination_links_keep_filters(client):
    for number in range(3):
        make_project(slug=f"p{number}")
    data = client.get("/api/projects?page_size=2&theme=governance").json()
    assert data["num_pages"] == 2
    assert "theme=governance" in data["next"] and "page=2" in data["next"]
    second = client.get(data["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None


def test_empty_result_is_an_empty_first_page(client):
    data = client.get("/api/projects").json()
    assert data["count"] == 0 and data["results"] == [] and data["num_pages"] == 0


def test_list_query_count_is_fixed(client, django_assert_num_queries):
    for number in range(3):
        make_full_project(slug=f"full-{number}")
    client.get("/api/projects")  # the filter options, kept per process from then on
    # ETag/Last-Modified from the cache's tag versions (no query), 1 count, 1 page of
    # projects, 1 of the link tables for themes, topics, Länder and countries (with the kept
    # filter options: projects.card_data), 6 prefetches: SDGs, organisations, in-kind, links,
    # results, DAC sectors
    with django_assert_num_queries(9):
        response = client.get("/api/projects")
    assert response.json()["count"] == 3


def test_etag_and_last_modified_give_304(client):
    make_project()
    response = client.get("/api/projects?lang=en")
    assert response["ETag"] and response["Last-Modified"]
    again = client.get("/api/projects?lang=en", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    since = client.get(
        "/api/projects?lang=en", headers={"if-modified-since": response["Last-Modified"]}
    )
    assert since.status_code == 304
    other = client.get("/api/projects?lang=de", headers={"if-none-match": response["ETag"]})
    assert other.status_code == 200


def test_etag_changes_when_a_project_is_unpublished(client):
    make_project(slug="newest")
    older = make_project(slug="older")
    etag = client.get("/api/projects")["ETag"]
    older.publication_state = Project.PublicationState.DRAFT
    older.save()
    assert client.get("/api/projects", headers={"if-none-match": etag}).status_code == 200


def test_cors_for_api_only(client):
    make_project()
    response = client.get("/api/projects", headers={"origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/projects",
        headers={"origin": "https://example.org", "access-control-request-method": "GET"},
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get("/en/projects/", headers={"origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in page


def test_write_methods_are_not_allowed(client):
    make_project()
    assert client.post("/api/projects").status_code == 405
    assert client.delete("/api/projects").status_code == 405


def test_rate_limit_gives_429_with_retry_after(settings, monkeypatch):
    settings.OPENDATA_RATE_LIMIT = 3
    settings.OPENDATA_RATE_WINDOW = 60
    # The window is fixed: a clock that crossed a minute boundary mid-test would reset the count.
    monkeypatch.setattr("blp_portal.lib.pagecache.time.time", lambda: 1_800_000_030.0)
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [client.get("/api/themes").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/phases")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.json()["detail"]
    assert Client(REMOTE_ADDR="203.0.113.10").get("/api/themes").status_code == 200
    assert client.get("/api/iati/activities.xml").status_code == 429


def test_logged_in_users_are_not_rate_limited(settings, admin_client):
    settings.OPENDATA_RATE_LIMIT = 1
    assert [admin_client.get("/api/themes").status_code for _ in range(3)] == [200, 200, 200]


def test_reference_lists(client):
    make_full_project()
    assert {t["slug"] for t in client.get("/api/themes").json()} == {"governance"}
    assert {t["slug"] for t in client.get("/api/topics").json()} == {"digitalisierung"}
    assert {land["code"] for land in client.get("/api/laender").json()} == {"DE-SN", "DE-BW"}
    assert {c["code"] for c in client.get("/api/countries").json()} == {"UG", "KE"}
    assert client.get("/api/phases?lang=en").json()[0]["slug"] == "blp-iii"


def test_organisations_of_unpublished_or_withholding_projects_are_not_listed(client):
    make_full_project()
    secret = make_organisation("secret-org", name_de="Geheim")
    draft = make_project(state="draft", slug="draft")
    draft.participations.create(organisation=secret, role="implementing")
    hiding = make_project(withheld_fields=["organisations", "partner_countries"], slug="hiding")
    hiding.participations.create(organisation=secret, role="implementing")
    hiding.partner_countries.set([])
    keys = {o["key"] for o in client.get("/api/organisations").json()}
    assert keys == {"uni-leipzig", "nwsc"}


def test_openapi_document_and_docs_redirect(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/projects" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/projects"]["get"]["parameters"]}
    assert {"page", "page_size", "lang", "theme", "land", "country", "status"} <= names
    docs = client.get("/api/docs", headers={"accept-language": "en"})
    assert docs.status_code == 302 and docs["Location"].startswith("/en/")


def test_open_data_page_documents_the_api_in_the_page_language(client):
    from django.urls import reverse
    from django.utils import translation

    with translation.override("de"):
        german = client.get(reverse("opendata:index")).content.decode()
    with translation.override("en"):
        english = client.get(reverse("opendata:index")).content.decode()
    assert "Veröffentlichte Projekte, gefiltert und seitenweise" in german
    assert "Published projects, filtered and paginated" in english
    assert "Seitennummer, ab 1" in german and "Page number, from 1" in english
    # the OpenAPI document itself stays English
    schema = client.get("/api/openapi.json").json()
    assert schema["paths"]["/api/projects"]["get"]["summary"] == (
        "Published projects, filtered and paginated"
    )
