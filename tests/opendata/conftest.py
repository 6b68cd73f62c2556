"""Open-data fixtures: IATI schema and codelists from ../shared (skip or fail clearly)."""

import pytest

from tests.opendata.helpers import IatiChecker, external_dir


@pytest.fixture
def iati_check():
    return IatiChecker(external_dir("IATI_SCHEMA_DIR"), external_dir("IATI_CODELIST_DIR"))


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    settings.OPENDATA_RATE_LIMIT = 10_000
