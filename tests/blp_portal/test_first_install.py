"""docs/deployment.md "First install", step by step: from an empty database to an editor
logged in with two-factor authentication, through the commands an operator runs."""

import re
import time
from base64 import b32decode
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.oath import TOTP

from partners.models import Land

pytestmark = pytest.mark.django_db

PASSWORD = "Erst-Passwort-fuer-die-Redaktion-7"


def _code(key, offset=0):
    totp = TOTP(key)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_first_install_from_an_empty_database_to_an_editor_logged_in_with_2fa(
    client, settings, tmp_path, monkeypatch
):
    settings.DEBUG = False
    settings.OTP_REQUIRED = True  # as in production
    settings.STATIC_ROOT = tmp_path / "static"
    assert not Land.objects.exists() and not get_user_model().objects.exists()

    # 1. the schema, 2. the reference data, 3. the static files
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_reference_data", stdout=StringIO())
    call_command("collectstatic", "--noinput", verbosity=0)
    assert Land.objects.count() == 16
    assert (tmp_path / "static" / "css" / "portal.css").exists()

    # 4. the first staff account (createsuperuser, here without prompts)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        "--noinput",
        username="redaktion",
        email="redaktion@example.org",
        stdout=StringIO(),
    )

    # 5. the first log-in: password, then the authenticator app is set up on the spot
    response = client.post(
        "/admin/login/",
        {"username": "redaktion", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', page.content.decode())[1]
    secret = secret.replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    done = client.post(response["Location"], {"code": _code(key)})
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10

    # logged in and verified: the editorial office with the reference data
    lands = client.get("/admin/partners/land/")
    assert lands.status_code == 200
    assert "Sachsen" in lands.content.decode()

    # the next log-in asks for the app's code
    client.logout()
    again = client.post(
        "/admin/login/",
        {"username": "redaktion", "password": PASSWORD, "otp_token": _code(key, offset=30)},
        REMOTE_ADDR="198.51.100.4",
    )
    assert again.status_code == 302
    assert client.get("/admin/").status_code == 200
