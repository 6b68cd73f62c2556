"""Fuzz the API against its own OpenAPI document (schemathesis): no 5xx, no response that
violates the document; and the XML exports (IATI, Atom) with random editor text: always 200
and, where IATI_SCHEMA_DIR is set, valid IATI. Bounded and derandomized (fixed seed)."""

import time
from itertools import product

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from projects.models import Project, ProjectResult
from tests.blp_portal.test_fuzz import BOUNDARY_INTEGERS
from tests.opendata.helpers import check_iati_if_configured, make_full_project

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 15


@pytest.fixture
def api_schema():
    # As Django's test client does: a started or finished request must not close the test's database
    # connection (inside the test transaction, PostgreSQL's would be closed).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_api_survives_fuzzing(api_schema):
    make_full_project(slug="full")
    started = time.monotonic()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 8
    for operation, mode in product(operations, [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            # Filter values are codes from the database (themes, Länder, …), which the document
            # cannot list: a schema-valid but unknown code is rightly a 400. Every other check
            # runs: no server error, status code, content type and body as documented.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
    assert time.monotonic() - started < 60


# The API list's numeric parameters, with the bounds it accepts (page numbers past the end of the
# result are a 404; everything else outside these bounds, or not an integer, is a 400).
NUMERIC_PARAMETERS = {
    "page": (1, 1_000_000),
    "page_size": (1, 100),
    "sdg": (1, 17),
    "from": (1900, 2100),
    "to": (1900, 2100),
}
INTEGERS = st.one_of(st.sampled_from(BOUNDARY_INTEGERS), st.integers(-(2**80), 2**80))


def _check_integer_answer(client, params):
    response = client.get("/api/projects", params)
    assert response.status_code in (200, 400, 404), params
    body = response.json()
    out_of_bounds = {
        name
        for name, value in params.items()
        if not NUMERIC_PARAMETERS[name][0] <= value <= NUMERIC_PARAMETERS[name][1]
    }
    if response.status_code == 200:
        assert not out_of_bounds, params
    elif response.status_code == 400:
        assert body["detail"] and body["errors"], params
        assert {error["parameter"] for error in body["errors"]} <= set(params), params
    else:
        assert body == {"detail": "Page past the end.", "errors": []}, params
    return response


@override_settings(OPENDATA_RATE_LIMIT=0)
def test_api_answers_boundary_integers_in_every_numeric_parameter(client):
    """±2^63, ±2^64, 10^30, -1, 0: a 400 naming the parameter (SQLite raised OverflowError)."""
    make_full_project(slug="full")
    for name, value in product(NUMERIC_PARAMETERS, BOUNDARY_INTEGERS):
        response = _check_integer_answer(client, {name: value})
        low, high = NUMERIC_PARAMETERS[name]
        if not low <= value <= high:
            assert response.status_code == 400, (name, value)
            assert [error["parameter"] for error in response.json()["errors"]] == [name]

    @given(params=st.dictionaries(st.sampled_from(list(NUMERIC_PARAMETERS)), INTEGERS, min_size=1))
    @settings(
        max_examples=50,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(params):
        _check_integer_answer(client, params)

    check()


# Any text an editor might paste, except NUL (which PostgreSQL refuses in text columns).
EDITOR_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))


def test_xml_exports_survive_random_editor_text(client):
    project = make_full_project(slug="fuzz")
    result = ProjectResult.objects.get(project=project)
    with translation.override("de"):
        feed = reverse("opendata:feed")
        record = reverse("opendata:project_csv", args=["fuzz"])

    @given(title=EDITOR_TEXT, summary=EDITOR_TEXT, region=EDITOR_TEXT, indicator=EDITOR_TEXT)
    @settings(
        max_examples=30,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(title, summary, region, indicator):
        Project.objects.filter(pk=project.pk).update(
            title_de=title[:250],
            title_en=title[::-1][:250],
            summary_de=summary,
            partner_region_de=region[:200],
        )
        ProjectResult.objects.filter(pk=result.pk).update(indicator_de=indicator[:250])
        for url in ("/api/iati/projects/fuzz.xml", "/api/iati/activities.xml", feed, record):
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if url.startswith("/api/iati/"):
                check_iati_if_configured(body)

    check()
