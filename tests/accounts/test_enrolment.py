"""Self-enrolment of the second factor at the first log-in (accounts/enrolment.py)."""

import re
import time
from base64 import b32decode
from html import unescape

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import enrolment

PASSWORD = "Correct-horse-battery-1"
ENROL = "/admin/two-factor/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED = True


@pytest.fixture
def newcomer(django_user_model):
    return django_user_model.objects.create_user("newcomer", password=PASSWORD, is_staff=True)


def _login(client, username="newcomer", password=PASSWORD, next_url="/admin/", **extra):
    data = {"username": username, "password": password, "next": next_url, **extra}
    return client.post("/admin/login/", data, REMOTE_ADDR="203.0.113.9")


def _secret(page):
    """The key as the enrolment page shows it, as bytes."""
    text = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', page.content.decode())[1]
    secret = text.replace(" ", "")
    return b32decode(secret + "=" * (-len(secret) % 8))


def code_for(key, offset=0):
    """The app's current code for `key` (django-otp's TOTP), `offset` seconds from now."""
    totp = TOTP(key)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_first_login_without_code_leads_to_enrolment_not_into_the_admin(client, newcomer):
    response = _login(client)
    assert response.status_code == 302
    assert response["Location"] == ENROL
    assert "no-store" in response["Cache-Control"]
    assert "_auth_user_id" not in client.session  # not logged in by the password alone
    assert client.get("/admin/").status_code == 302


def test_enrolment_page_shows_qr_code_and_key_without_inline_script_or_style(client, newcomer):
    _login(client)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;' in html
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    device = TOTPDevice.objects.get(user=newcomer)
    assert device.confirmed is False
    assert _secret(page) == device.bin_key
    assert "no-store" in page["Cache-Control"]
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "img-src 'self' data:" in csp
    # a reload shows the same key (the app may already have scanned it)
    assert _secret(client.get(ENROL)) == device.bin_key
    assert TOTPDevice.objects.filter(user=newcomer).count() == 1


def test_enrolment_confirms_shows_recovery_codes_once_and_logs_in_verified(client, newcomer):
    _login(client, next_url="/admin/projects/")
    key = _secret(client.get(ENROL))
    done = client.post(ENROL, {"code": code_for(key)})
    assert done.status_code == 200
    html = unescape(done.content.decode())
    codes = re.findall(r"<li><code>([^<]+)</code></li>", html)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticDevice.objects.get(user=newcomer).token_set.values_list("token", flat=True)
    )
    assert 'href="/admin/projects/"' in html
    assert "no-store" in done["Cache-Control"]
    assert TOTPDevice.objects.get(user=newcomer).confirmed is True
    assert client.get("/admin/").status_code == 200  # logged in and verified
    # the page is gone: nothing pending any more, the codes are not shown again
    again = client.get(ENROL)
    assert again.status_code == 302 and not set(codes) & set(again.content.decode().split())

    # next time: password and a code from the app, or a recovery code
    client.logout()
    assert _login(client, otp_token=code_for(key, offset=30)).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert _login(client, otp_token=codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_nothing_is_confirmed(client, newcomer):
    _login(client)
    key = _secret(client.get(ENROL))
    wrong = str((int(code_for(key)) + 1) % 1_000_000).zfill(6)
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert b"errornote" in response.content
    assert "_auth_user_id" not in client.session
    assert not TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=newcomer).exists()
    assert client.post(ENROL, {"code": "abc"}).status_code == 200


def test_wrong_password_does_not_start_an_enrolment(client, newcomer):
    response = _login(client, password="wrong")
    assert response.status_code == 200
    assert enrolment.PENDING_KEY not in client.session
    assert client.get(ENROL)["Location"] == "/admin/login/"


def test_without_a_pending_log_in_the_page_sends_to_the_login(client):
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"


def test_a_pending_enrolment_expires(client, newcomer, monkeypatch):
    _login(client)
    assert client.get(ENROL).status_code == 200
    later = time.time() + enrolment.PENDING_SECONDS + 1
    monkeypatch.setattr(enrolment.time, "time", lambda: later)
    assert client.get(ENROL).status_code == 302


def test_a_password_change_ends_a_pending_enrolment(client, newcomer):
    _login(client)
    newcomer.set_password("Another-long-password-2")
    newcomer.save()
    assert client.get(ENROL).status_code == 302


def test_an_enrolled_account_still_needs_its_code(client, newcomer):
    TOTPDevice.objects.create(user=newcomer, name="phone", confirmed=True)
    response = _login(client)
    assert response.status_code == 200  # the form again: the code is required
    assert enrolment.PENDING_KEY not in client.session


def test_recovery_codes_alone_count_as_enrolled(client, newcomer):
    from accounts.recovery import replace_recovery_codes

    codes = replace_recovery_codes(newcomer, 2)
    assert _login(client).status_code == 200
    assert _login(client, otp_token=codes[0]).status_code == 302


def test_non_staff_accounts_are_never_enrolled(client, django_user_model):
    django_user_model.objects.create_user("visitor", password=PASSWORD)
    response = _login(client, username="visitor")
    assert response.status_code == 200
    assert enrolment.PENDING_KEY not in client.session


def test_no_enrolment_when_two_factor_is_off(client, newcomer, settings):
    settings.OTP_REQUIRED = False
    assert _login(client)["Location"] == "/admin/"
    assert not TOTPDevice.objects.exists()


def test_enrolment_pages_are_translated(client, newcomer):
    _login(client)
    page = client.get(ENROL, HTTP_ACCEPT_LANGUAGE="de")
    assert "Zwei-Faktor" in page.content.decode()


def test_next_outside_the_site_is_not_followed(client, newcomer):
    _login(client, next_url="https://evil.example.org/")
    key = _secret(client.get(ENROL))
    done = client.post(ENROL, {"code": code_for(key)})
    assert 'href="/admin/"' in done.content.decode()
