"""Secure defaults: an unset DEBUG is production; no page cache in a per-process cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from blp_portal.lib.pagecache import check_page_cache_is_shared

ROOT = Path(__file__).resolve().parents[2]


def _python(code_or_args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CACHE_URL", "REDIS_URL")
        and k != "PAGE_CACHE_SECONDS"
        and not k.startswith("PYTEST")
    }
    full_env.update(env, DJANGO_SETTINGS_MODULE="blp_portal.settings")
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


SHOW = "import django; django.setup(); from django.conf import settings as s; "


@pytest.mark.parametrize(
    ("env", "missing"),
    [({}, "SECRET_KEY"), ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS")],
)
def test_unset_debug_means_production_and_needs_key_and_hosts(env, missing):
    result = _python(SHOW + "print(s.DEBUG)", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set when DEBUG is off" in result.stderr
    assert "unset DEBUG means production" in result.stderr


def test_unset_debug_with_key_and_hosts_runs_in_production_mode():
    result = _python(
        SHOW + "print(s.DEBUG, s.OTP_REQUIRED)", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_development_has_no_page_cache_without_a_shared_cache():
    result = _python(SHOW + "print(s.DEBUG, s.PAGE_CACHE_SECONDS)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0"]


def test_check_refuses_a_page_cache_in_local_memory_from_the_command_line():
    result = _python(["manage.py", "check"], DEBUG="1", PAGE_CACHE_SECONDS="300")
    assert result.returncode != 0
    assert "blp_portal.E001" in result.stderr


def test_check_refuses_a_page_cache_in_local_memory(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 300
    [error] = check_page_cache_is_shared()
    assert error.id == "blp_portal.E001"
    assert error.is_serious()


def test_check_accepts_no_page_cache_or_a_shared_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert check_page_cache_is_shared() == []
    settings.CACHES = {
        "default": {
            "BACKEND": "blp_portal.lib.redis_cache.SharedClientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    assert check_page_cache_is_shared() == []
