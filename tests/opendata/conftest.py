"""Open-data fixtures: IATI schema and codelists from ../shared (skip or fail clearly)."""

import os
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

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


def _external_dir(variable):
    value = os.environ.get(variable, "")
    path = Path(value) if value else None
    if path is None or not path.is_dir():
        reason = (
            f"{variable} is not set or not a directory ({value or 'unset'}): IATI check skipped"
        )
        if os.environ.get("BLP_REQUIRE_EXTERNAL") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
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
        for element in document.iter():
            for (tag, attribute), codelist in CODED_ATTRIBUTES.items():
                if element.tag == tag and element.get(attribute) is not None:
                    code = element.get(attribute)
                    assert code in self.codes(codelist), (
                        f"{tag}/@{attribute}={code} not in {codelist}"
                    )
        return document


@pytest.fixture
def iati_check():
    return IatiChecker(_external_dir("IATI_SCHEMA_DIR"), _external_dir("IATI_CODELIST_DIR"))


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.OPENDATA_RATE_LIMIT = 10_000
