"""Production settings from the environment, `check --deploy`, and JSON logging with request ids.

Settings are read once per process, so each production configuration runs in a subprocess.
"""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from blp_portal.lib.logging import JsonFormatter, RequestIdFilter, _request_id

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k8s2-9fj3-QmZr-7vXp-2LwB-hT4n-Yc6e-Ud1a-Go5s-Rb0i-Vq3m",
    "ALLOWED_HOSTS": "portal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    "PORTAL_BASE_URL": "https://portal.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
from django.urls import Resolver404, resolve
try:
    resolve("/media/projects/photo.jpg")
    media_served = True
except Resolver404:
    media_served = False
print(json.dumps({
    "cache": s.CACHES["default"],
    "page_cache_seconds": s.PAGE_CACHE_SECONDS,
    "storages": s.STORAGES,
    "email": [s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL],
    "log": [s.LOG_LEVEL, s.LOGGING["handlers"]["console"]["formatter"]],
    "database": [s.DATABASES["default"]["CONN_MAX_AGE"], s.DATABASES["default"]["CONN_HEALTH_CHECKS"]],
    "media_served": media_served,
}, default=str))
"""


def _run(args, **env):
    # Test-only flags (pytest's own, the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) stay out.
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTEST") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    full_env.update(env)
    full_env["DJANGO_SETTINGS_MODULE"] = "blp_portal.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def _settings(**env):
    result = _run(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_prints_nothing_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    # Start-up INFO lines of third-party apps may be logged; nothing worse.
    for line in result.stderr.splitlines():
        assert json.loads(line)["level"] in ("DEBUG", "INFO"), line


def test_production_uses_redis_page_cache_json_logs_and_persistent_connections():
    values = _settings(**PRODUCTION)
    assert values["cache"]["BACKEND"] == "blp_portal.lib.redis_cache.SharedClientRedisCache"
    assert values["cache"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert values["page_cache_seconds"] == 300
    assert values["log"] == ["INFO", "json"]
    assert values["database"] == [60, True]
    assert values["storages"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert values["media_served"] is False


def test_redis_url_is_an_alias_of_cache_url():
    env = dict(PRODUCTION, CACHE_URL="", REDIS_URL="redis://cache.internal:6379/2")
    assert _settings(**env)["cache"]["LOCATION"] == "redis://cache.internal:6379/2"


def test_production_without_shared_cache_turns_the_page_cache_off():
    values = _settings(**dict(PRODUCTION, CACHE_URL=""))
    assert values["cache"]["BACKEND"].endswith("LocMemCache")
    assert values["page_cache_seconds"] == 0


def test_smtp_and_log_level_from_environment():
    env = dict(PRODUCTION, EMAIL_HOST="smtp.example.org", EMAIL_PORT="465", LOG_LEVEL="warning")
    values = _settings(**env)
    assert values["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        465,
        False,
        True,
    ]
    assert values["log"][0] == "WARNING"


def test_s3_media_storage_from_environment():
    env = dict(
        PRODUCTION,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="blp-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_ACCESS_KEY_ID="id",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    storage = _settings(**env)["storages"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "blp-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert storage["OPTIONS"]["querystring_auth"] is False


def test_s3_media_storage_builds_urls_without_network(settings):
    pytest.importorskip("storages")
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "blp-media",
                "custom_domain": "media.example.org",
                "querystring_auth": False,
            },
        },
    }
    storages._storages.pop("default", None)
    try:
        url = storages["default"].url("projects/photo.jpg")
    finally:
        storages._storages.pop("default", None)
    assert url == "https://media.example.org/projects/photo.jpg"


@pytest.mark.parametrize(
    "env",
    [
        {"CACHE_URL": "memcached://127.0.0.1"},
        {"MEDIA_STORAGE": "s3"},
        {"MEDIA_STORAGE": "ftp"},
        {"LOG_FORMAT": "xml"},
        {"CONN_MAX_AGE": "forever"},
    ],
)
def test_malformed_production_settings_fail_loudly(env):
    result = _run(["-c", SHOW_SETTINGS], **dict(PRODUCTION, **env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_json_log_line_carries_request_id_and_extras():
    record = logging.LogRecord("blp", logging.WARNING, __file__, 1, "slow page %s", ("/de/",), None)
    record.duration_ms = 120
    token = _request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
        line = JsonFormatter().format(record)
    finally:
        _request_id.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "slow page /de/"
    assert entry["level"] == "WARNING"
    assert entry["request_id"] == "abc123"
    assert entry["duration_ms"] == 120
    assert "\n" not in line


def test_json_log_line_includes_the_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("blp", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]
    assert entry["request_id"] == "-"
