"""A fully filled published project, and the IATI checks, for the open-data tests."""

import datetime
import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from projects.models import InKindContribution, Participation, Project, ProjectLink, ProjectResult
from tests.factories import make_country, make_land, make_organisation, make_project, make_theme


def make_full_project(**overrides):
    fields = {
        "title_de": "Wasser für Kampala – Fachkräfte",
        "title_en": "Water for Kampala – skilled staff",
        "description_de": "Längere Beschreibung mit Umlauten: äöüß.",
        "description_en": "Longer description.",
        "partner_region_de": "Distrikt Gulu",
        "start_date": datetime.date(2023, 3, 1),
        "end_date": datetime.date(2025, 12, 31),
        "bmz_funding": Decimal("250000.00"),
        "laender_funding": Decimal("50000.50"),
        "gender_marker": Project.GenderMarker.SIGNIFICANT,
        "tz_programme": "Wasserprogramm",
    }
    fields.update(overrides)
    project = make_project(
        themes=[make_theme("governance")],
        topics=[make_theme("digitalisierung", kind="topic")],
        laender=[make_land(), make_land("DE-BW", "Baden-Württemberg", "Baden-Württemberg")],
        countries=[make_country("UG"), make_country("KE")],
        **fields,
    )
    Participation.objects.create(
        project=project,
        organisation=make_organisation("uni-leipzig", acronym="UL"),
        role=Participation.Role.GERMAN_PARTNER,
    )
    Participation.objects.create(
        project=project,
        organisation=make_organisation(
            "nwsc",
            name_de="National Water and Sewerage Corporation",
            country="UG",
            kind="authority",
        ),
        role=Participation.Role.PARTNER_COUNTRY_PARTNER,
    )
    InKindContribution.objects.create(project=project, land=make_land(), kind="staff")
    ProjectLink.objects.create(
        project=project, url="https://example.org/wasser", label_de="Bericht", label_en="Report"
    )
    ProjectResult.objects.create(
        project=project,
        indicator_de="Ausgebildete Fachkräfte",
        indicator_en="Trained staff",
        unit_de="Personen",
        baseline=Decimal("0"),
        target=Decimal("40"),
        achieved=Decimal("35"),
        measured_on=datetime.date(2024, 12, 31),
        narrative_de="Gut vorangekommen.",
    )
    return project


# (element, attribute) -> codelist file: every code the IATI export writes is checked.
CODED_ATTRIBUTES = {
    ("activity-status", "code"): "ActivityStatus",
    ("activity-date", "type"): "ActivityDateType",
    ("participating-org", "role"): "OrganisationRole",
    ("participating-org", "type"): "OrganisationType",
    ("reporting-org", "type"): "OrganisationType",
    ("recipient-country", "code"): "Country",
    ("recipient-region", "code"): "Region",
    ("sector", "code"): "Sector",
    ("sector", "vocabulary"): "SectorVocabulary",
    ("policy-marker", "code"): "PolicyMarker",
    ("policy-marker", "vocabulary"): "PolicyMarkerVocabulary",
    ("policy-marker", "significance"): "PolicySignificance",
    ("collaboration-type", "code"): "CollaborationType",
    ("default-flow-type", "code"): "FlowType",
    ("default-finance-type", "code"): "FinanceType",
    ("default-aid-type", "code"): "AidType",
    ("default-aid-type", "vocabulary"): "AidTypeVocabulary",
    ("default-tied-status", "code"): "TiedStatus",
    ("budget", "type"): "BudgetType",
    ("budget", "status"): "BudgetStatus",
    ("transaction-type", "code"): "TransactionType",
    ("category", "code"): "DocumentCategory",
    ("description", "type"): "DescriptionType",
    ("value", "currency"): "Currency",
    ("iati-activity", "default-currency"): "Currency",
}


def configured_dir(variable):
    """The directory named in `variable`, or None; with BLP_REQUIRE_EXTERNAL=1 a missing one
    fails the test instead."""
    value = os.environ.get(variable, "")
    if value and Path(value).is_dir():
        return Path(value)
    if os.environ.get("BLP_REQUIRE_EXTERNAL") == "1":
        pytest.fail(f"{variable} is not set or not a directory ({value or 'unset'})")
    return None


def external_dir(variable):
    """The directory named in `variable`; without it the test skips with the reason."""
    path = configured_dir(variable)
    if path is None:
        value = os.environ.get(variable, "") or "unset"
        pytest.skip(f"{variable} is not set or not a directory ({value}): IATI check skipped")
    return path


@cache
def _schema(path):
    return etree.XMLSchema(etree.parse(str(path / "iati-activities-schema.xsd")))


@cache
def _codes(path, name):
    tree = etree.parse(str(path / f"{name}.xml"))
    return {item.findtext("code") for item in tree.iter("codelist-item")}


class IatiChecker:
    def __init__(self, schema_dir, codelist_dir):
        self.schema = _schema(schema_dir)
        self.codelist_dir = codelist_dir

    def codes(self, name):
        return _codes(self.codelist_dir, name)

    def __call__(self, content):
        """Parse, validate against the XSD and check every coded attribute; return the tree."""
        document = etree.fromstring(content)
        if not self.schema.validate(document):
            errors = "\n".join(f"{e.line}: {e.message}" for e in self.schema.error_log)
            pytest.fail(f"IATI export does not validate:\n{errors}")
        if self.codelist_dir is None:
            return document
        for element in document.iter():
            for (tag, attribute), codelist in CODED_ATTRIBUTES.items():
                if element.tag == tag and element.get(attribute) is not None:
                    code = element.get(attribute)
                    assert code in self.codes(codelist), (
                        f"{tag}/@{attribute}={code} not in {codelist}"
                    )
        return document


def check_iati_if_configured(content):
    """For tests about something else that fetch an IATI export: validate it against the XSD
    where IATI_SCHEMA_DIR is set (and its codes where IATI_CODELIST_DIR is set too); else only
    parse it. Returns the parsed document."""
    schema_dir = configured_dir("IATI_SCHEMA_DIR")
    if schema_dir is None:
        return etree.fromstring(content)
    return IatiChecker(schema_dir, configured_dir("IATI_CODELIST_DIR"))(content)
