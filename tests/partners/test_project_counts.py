"""Land and PartnerCountry querysets that count projects: with_project_counts, involved_in,
region_counts. What is counted is the Project queryset passed in (the draft gate stays there);
countries also leave out projects that withhold them."""

import pytest

from partners.models import Land, PartnerCountry
from projects.models import Project
from tests.factories import make_country, make_land, make_project

pytestmark = pytest.mark.django_db

AFRICA = PartnerCountry.Region.SUB_SAHARAN_AFRICA


@pytest.fixture
def catalogue():
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen", "Bremen")
    make_land("DE-BE", "Berlin", "Berlin")
    uganda, ghana = make_country("UG", AFRICA), make_country("GH", AFRICA)
    make_country("PE", PartnerCountry.Region.LATIN_AMERICA_CARIBBEAN)
    make_project(laender=[saxony, bremen], countries=[uganda, ghana])
    make_project(laender=[saxony], countries=[uganda])
    make_project(laender=[bremen], countries=[ghana], withheld_fields=["partner_countries"])
    make_project(laender=[saxony], countries=[make_country("ZA", AFRICA)], state="draft")
    return Project.objects.published()


def counts(rows):
    return {str(row.code): row.n for row in rows}


def test_every_row_with_its_count_of_the_given_projects(catalogue):
    assert counts(Land.objects.with_project_counts(catalogue)) == {
        "DE-BE": 0,
        "DE-HB": 2,
        "DE-SN": 2,
    }
    assert counts(PartnerCountry.objects.with_project_counts(catalogue)) == {
        "GH": 1,  # the project that withholds its countries is not counted
        "PE": 0,
        "UG": 2,
        "ZA": 0,  # a draft
    }


def test_involved_in_keeps_only_rows_with_projects(catalogue):
    assert counts(Land.objects.involved_in(catalogue)) == {"DE-HB": 2, "DE-SN": 2}
    assert counts(PartnerCountry.objects.involved_in(catalogue)) == {"GH": 1, "UG": 2}
    assert Land.objects.involved_in(catalogue).count() == 2
    in_bremen = catalogue.filter(land_roles__land__code="DE-HB")
    assert counts(PartnerCountry.objects.involved_in(in_bremen)) == {"GH": 1, "UG": 1}


def test_region_counts_count_each_project_once(catalogue):
    assert PartnerCountry.objects.region_counts(catalogue) == {AFRICA: 2}
