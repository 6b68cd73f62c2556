"""The partner-country search in the admin finds German and English names and the code."""

import pytest

from partners.models import PartnerCountry
from tests.factories import make_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    make_country("MZ")
    make_country("ET")
    make_country("UG")


def _found(client, term):
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "projects",
            "model_name": "project",
            "field_name": "partner_countries",
            "term": term,
        },
    )
    assert response.status_code == 200
    ids = [result["id"] for result in response.json()["results"]]
    return sorted(PartnerCountry.objects.filter(pk__in=ids).values_list("code", flat=True))


@pytest.mark.parametrize(
    "term,codes",
    [
        ("Mosambik", ["MZ"]),
        ("mozambique", ["MZ"]),
        ("MZ", ["MZ"]),
        ("Äth", ["ET"]),
        ("ath", ["ET"]),
        ("Aethiopien", ["ET"]),
        ("Ethiopia", ["ET"]),
        ("uganda", ["UG"]),
    ],
)
def test_partner_country_autocomplete_matches_german_and_english_names(
    countries, login, term, codes
):
    assert _found(login("editor"), term) == codes


def test_changelist_search_in_german(countries, login):
    html = login("editor").get("/admin/partners/partnercountry/", {"q": "mosambik"})
    assert html.status_code == 200
    assert list(html.context["cl"].result_list.values_list("code", flat=True)) == ["MZ"]
