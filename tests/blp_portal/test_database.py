import os

import pytest
from django.db import connection


@pytest.mark.skipif(
    os.environ.get("BLP_REQUIRE_POSTGRES") != "1",
    reason="runs in the PostgreSQL stage of .ci/run (BLP_REQUIRE_POSTGRES=1)",
)
def test_suite_runs_on_postgresql_when_ci_says_so():
    assert connection.vendor == "postgresql"
