"""Partner-country names come from django-countries, in the visitor's language."""

import pytest
from django.utils import translation

from partners.models import PartnerCountry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "german", "english"),
    [
        ("MZ", "Mosambik", "Mozambique"),
        ("ET", "Äthiopien", "Ethiopia"),
        ("ZA", "Südafrika", "South Africa"),
    ],
)
def test_country_names_follow_the_language(code, german, english):
    country = PartnerCountry.objects.create(
        code=code, region=PartnerCountry.Region.SUB_SAHARAN_AFRICA
    )
    with translation.override("de"):
        assert country.name == german
    with translation.override("en"):
        assert country.name == english
