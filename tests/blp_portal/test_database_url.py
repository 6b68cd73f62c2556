"""DATABASE_URL becomes the DATABASES entry (blp_portal/lib/env.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from blp_portal.lib.env import parse_database_url


def test_postgresql_url_with_its_parts_and_no_parallel_workers_per_query():
    entry = parse_database_url("postgres://blp:s%40cret@db.example:5433/portal")
    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["NAME"], entry["USER"], entry["PASSWORD"]) == ("portal", "blp", "s@cret")
    assert (entry["HOST"], entry["PORT"]) == ("db.example", "5433")
    assert entry["OPTIONS"] == {"options": "-c max_parallel_workers_per_gather=0"}


def test_the_urls_own_options_replace_the_default():
    url = "postgresql://db/portal?sslmode=require&options=-c%20work_mem%3D64MB"
    assert parse_database_url(url)["OPTIONS"] == {
        "sslmode": "require",
        "options": "-c work_mem=64MB",
    }


def test_sqlite_url_is_a_path_and_a_bad_scheme_is_refused():
    assert parse_database_url("sqlite:////srv/blp/db.sqlite3")["NAME"] == "/srv/blp/db.sqlite3"
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("mysql://db/portal")
