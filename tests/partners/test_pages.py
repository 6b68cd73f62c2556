import pytest

from tests.factories import make_country, make_land, make_project

pytestmark = pytest.mark.django_db


def test_land_page_lists_its_published_projects_and_countries(client):
    saxony = make_land("DE-SN", "Sachsen")
    make_project(title_de="Uganda-Projekt", laender=[saxony], countries=[make_country("UG")])
    make_project(
        title_de="Entwurf", laender=[saxony], countries=[make_country("PE")], state="draft"
    )
    response = client.get("/de/laender/de-sn/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uganda-Projekt" in html
    assert "Entwurf" not in html
    assert [str(c.code) for c in response.context["countries"]] == ["UG"]


def test_land_without_coordinator_or_projects_says_so(client):
    make_land("DE-BE", "Berlin", "Berlin")
    html = client.get("/en/states/de-be/").content.decode()
    assert "No contact has been published yet." in html
    assert "No published project of this Land yet." in html


def test_country_names_come_from_django_countries_in_each_language(client):
    make_country("CI")
    german = client.get("/de/partnerlaender/ci/").content.decode()
    english = client.get("/en/countries/ci/").content.decode()
    assert "<h1>Côte d&#x27;Ivoire</h1>" in german
    assert "<h1>Côte d&#x27;Ivoire</h1>" in english
    make_country("DE")
    assert "<h1>Deutschland</h1>" in client.get("/de/partnerlaender/de/").content.decode()
    assert "<h1>Germany</h1>" in client.get("/en/countries/de/").content.decode()


@pytest.mark.parametrize("url", ["/de/laender/xx/", "/de/laender/de-zz/", "/de/partnerlaender/zz/"])
def test_unknown_land_or_country_is_404(client, url):
    assert client.get(url).status_code == 404


def test_land_overview_lists_all_laender_with_published_counts_and_map(
    client, django_assert_num_queries
):
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen", "Bremen")
    make_project(laender=[saxony])
    make_project(laender=[saxony, bremen])
    make_project(laender=[bremen], state="draft")
    # 1 query: the Länder with their published-project counts.
    with django_assert_num_queries(1):
        response = client.get("/en/states/")
    html = response.content.decode()
    counts = {land.code: land.n for land in response.context["laender"]}
    assert counts == {"DE-HB": 1, "DE-SN": 2}
    assert 'class="geo-map geo-map-germany"' in html
    assert 'href="/en/states/de-sn/" aria-label="Saxony: 2 projects"' in html
    assert '<li><a href="/en/states/de-hb/">Bremen</a>: 1 project</li>' in html  # text list


def test_country_overview_lists_countries_by_region_with_world_map(
    client, django_assert_num_queries
):
    make_project(countries=[make_country("UG"), make_country("PE", "latin_america_caribbean")])
    make_project(countries=[make_country("UG")], state="review")
    make_country("GH")
    # 1 query: the countries with their published-project counts.
    with django_assert_num_queries(1):
        response = client.get("/en/countries/")
    html = response.content.decode()
    assert 'class="geo-map geo-map-world"' in html
    assert 'href="/en/countries/ug/" aria-label="Uganda: 1 project"' in html
    assert "Sub-Saharan Africa" in html and "Latin America and Caribbean" in html
    # a country recorded without a published project is no partner country (yet): not
    # listed, not counted, not shaded (tests/partners/test_partner_counts.py)
    assert "Ghana" not in html
    assert "partners in 2 countries" in html


def test_land_page_counts_countries_over_its_own_projects_only(client):
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen", "Bremen")
    uganda = make_country("UG")
    make_project(laender=[saxony], countries=[uganda])
    make_project(laender=[bremen], countries=[uganda])
    response = client.get("/en/states/de-sn/")
    assert [(str(c.code), c.n) for c in response.context["countries"]] == [("UG", 1)]
    assert 'href="/en/states/"' in response.content.decode()  # breadcrumb to the overview


def test_land_page_shows_profile_and_coordinator_contact(client):
    land = make_land("DE-HB", "Bremen", "Bremen")
    land.profile_de = "Bremen arbeitet mit Namibia."
    land.coordinator_name = "Erika Muster"
    land.coordinator_email = "blp@bremen.example"
    land.coordinator_phone = "+49 421 123"
    land.save()
    html = client.get("/de/laender/de-hb/").content.decode()
    assert "Bremen arbeitet mit Namibia." in html
    assert "Erika Muster" in html
    assert 'href="mailto:blp@bremen.example"' in html
    assert 'href="tel:+49421123"' in html


def test_land_profile_without_english_is_german_with_notice(client):
    land = make_land("DE-HB", "Bremen", "Bremen")
    land.profile_de = "Nur auf Deutsch."
    land.save()
    html = client.get("/en/states/de-hb/").content.decode()
    assert "This text is not yet available in English" in html
    assert '<p class="lead" lang="de">Nur auf Deutsch.</p>' in html


def test_country_page_lists_involved_laender_with_counts_and_map(client, django_assert_num_queries):
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen", "Bremen")
    uganda = make_country("UG")
    make_project(laender=[saxony, bremen], countries=[uganda])
    make_project(laender=[saxony], countries=[uganda])
    make_project(
        laender=[make_land("DE-BE", "Berlin", "Berlin")], countries=[uganda], state="draft"
    )
    # country, projects + 4 prefetches, project count, Länder with counts (also the network's
    # column), the timeline's span (no dates here: no years to count).
    with django_assert_num_queries(9):
        response = client.get("/en/countries/ug/")
    html = response.content.decode()
    assert {(land.code, land.n) for land in response.context["laender"]} == {
        ("DE-SN", 2),
        ("DE-HB", 1),
    }
    assert "Berlin" not in html
    assert 'href="/en/states/de-sn/" aria-label="Saxony: 2 projects"' in html


def test_land_page_query_count_is_fixed(client, django_assert_num_queries):
    saxony = make_land("DE-SN", "Sachsen")
    for code in ("UG", "PE", "GH"):
        make_project(laender=[saxony], countries=[make_country(code)])
    # Land, projects + 4 prefetches, project count, partner countries with counts (also the
    # network's row), the timeline's span (no dates here: no years to count).
    with django_assert_num_queries(9):
        client.get("/en/states/de-sn/")


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/de/laender/DE-SN/", "/de/laender/de-sn/"),
        ("/en/states/De-Sn/", "/en/states/de-sn/"),
        ("/de/partnerlaender/UG/", "/de/partnerlaender/ug/"),
    ],
)
def test_upper_case_codes_redirect_to_the_one_lower_case_address(client, url, canonical):
    make_land("DE-SN", "Sachsen")
    make_country("UG")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == canonical
    assert client.get(canonical).status_code == 200
