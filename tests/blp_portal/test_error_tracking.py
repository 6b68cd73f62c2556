"""Server errors reach the operator: the optional tracker (SENTRY_DSN) and the JSON log line
with the request id, which is all there is when no tracker is configured."""

import io
import json
import logging

import pytest
import sentry_sdk
from django.apps import apps
from django.test import Client
from sentry_sdk.integrations.django import DjangoIntegration

from blp_portal import error_tracking
from blp_portal.lib.logging import JsonFormatter, RequestIdFilter, _request_id
from tests.blp_portal.test_deploy import PRODUCTION, _run, _settings

DSN = "https://public-key@glitchtip.example.org/7"


@pytest.fixture
def sentry_init(monkeypatch):
    """sentry_sdk.init replaced by a recorder: nothing is started, nothing leaves the machine."""
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda *args, **kwargs: calls.append(kwargs))
    return calls


def test_without_a_dsn_the_tracker_is_never_started(settings, sentry_init):
    settings.SENTRY_DSN = ""
    assert error_tracking.init_error_tracker() is False
    assert sentry_init == []
    assert not sentry_sdk.get_client().is_active()


def test_with_a_dsn_sentry_starts_with_django_and_without_personal_data(settings, sentry_init):
    settings.SENTRY_DSN = DSN
    settings.SENTRY_ENVIRONMENT = "staging"
    settings.SENTRY_RELEASE = "blp-portal@1.4.0"
    assert error_tracking.init_error_tracker() is True
    [options] = sentry_init
    assert options["dsn"] == DSN
    assert options["environment"] == "staging"
    assert options["release"] == "blp-portal@1.4.0"
    assert [type(i) for i in options["integrations"]] == [DjangoIntegration]
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    assert options["include_local_variables"] is False
    assert "traces_sample_rate" not in options  # no performance tracing


def test_an_empty_release_lets_sentry_find_its_own(settings, sentry_init):
    settings.SENTRY_DSN = DSN
    settings.SENTRY_RELEASE = ""
    error_tracking.init_error_tracker()
    assert sentry_init[0]["release"] is None


def test_the_portal_app_starts_the_tracker_when_ready(settings, monkeypatch):
    started = []
    monkeypatch.setattr(error_tracking, "init_error_tracker", lambda: started.append(True))
    apps.get_app_config("blp_portal").ready()
    assert started == [True]


def test_events_carry_the_request_id():
    token = _request_id.set("req-42")
    try:
        event = error_tracking._tag_request_id({"tags": {"x": "y"}}, {})
    finally:
        _request_id.reset(token)
    assert event["tags"] == {"x": "y", "request_id": "req-42"}
    assert "tags" not in error_tracking._tag_request_id({}, {})  # outside a request


def test_settings_from_the_environment():
    show = "import django; django.setup(); from django.conf import settings as s; "
    show += "print(s.SENTRY_DSN, s.SENTRY_ENVIRONMENT, s.SENTRY_RELEASE or '-')"
    default = _run(["-c", show], **PRODUCTION)
    assert default.stdout.split() == ["production", "-"], default.stderr
    configured = _run(
        ["-c", show],
        **dict(PRODUCTION, SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="test", SENTRY_RELEASE="abc123"),
    )
    assert configured.stdout.split() == [DSN, "test", "abc123"], configured.stderr
    assert _settings(**PRODUCTION)["log"][1] == "json"


@pytest.fixture
def json_log():
    """The production log handler (JSON formatter, request-id filter) on django.request."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_server_error_is_logged_as_json_with_the_request_id(json_log, monkeypatch, settings):
    settings.SENTRY_DSN = ""

    def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("opendata.views._endpoints", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/en/open-data/", headers={"x-request-id": "proxy-id-123"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "proxy-id-123"
    entries = [json.loads(line) for line in json_log.getvalue().splitlines()]
    [entry] = [e for e in entries if e["level"] == "ERROR"]
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /en/open-data/"
    assert entry["request_id"] == "proxy-id-123"
    assert "RuntimeError: database exploded" in entry["exception"]
    assert entry["status_code"] == 500
