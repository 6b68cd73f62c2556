"""Admin log-in protection: lockout (django-axes), two-factor (django-otp), demo notice."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Correct-horse-battery-1"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)


def _login(client, password=PASSWORD, **extra):
    data = {"username": "editor", "password": password, "next": "/admin/", **extra}
    return client.post("/admin/login/", data, REMOTE_ADDR="203.0.113.7")


def _current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_login_is_locked_after_the_failure_limit_and_logged(client, editor, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    settings.OTP_REQUIRED = False
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(2):
            assert _login(client, password="wrong").status_code == 200
        locked = _login(client, password="wrong")
    assert locked.status_code == 429
    messages = [record.getMessage() for record in caplog.records]
    assert any("login failure" in m for m in messages)
    assert any("locking out" in m.lower() for m in messages), messages
    # the right password does not help while the lockout lasts
    assert _login(client).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_other_users_are_not_locked_by_someone_elses_failures(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.OTP_REQUIRED = False
    for _ in range(2):
        client.post(
            "/admin/login/", {"username": "mallory", "password": "x"}, REMOTE_ADDR="203.0.113.7"
        )
    assert _login(client).status_code == 302


@pytest.mark.django_db
def test_demo_without_otp_logs_in_with_password_and_says_2fa_is_off(client, editor, settings):
    settings.OTP_REQUIRED = False
    page = client.get("/admin/login/")
    assert b'id="otp-off-notice"' in page.content
    assert b'name="otp_token"' not in page.content
    assert _login(client).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_otp_required_refuses_a_login_without_code(client, editor, settings):
    settings.OTP_REQUIRED = True
    TOTPDevice.objects.create(user=editor, name="phone")
    page = client.get("/admin/login/")
    assert b'name="otp_token"' in page.content
    assert b"otp-off-notice" not in page.content
    response = _login(client)
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302  # still not let in


@pytest.mark.django_db
def test_otp_required_refuses_a_wrong_code(client, editor, settings):
    settings.OTP_REQUIRED = True
    TOTPDevice.objects.create(user=editor, name="phone")
    assert _login(client, otp_token="000000").status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_otp_required_accepts_a_valid_totp_code(client, editor, settings):
    settings.OTP_REQUIRED = True
    device = TOTPDevice.objects.create(user=editor, name="phone")
    response = _login(client, otp_token=_current_code(device))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_password_session_without_otp_is_not_enough_when_otp_is_required(client, editor, settings):
    settings.OTP_REQUIRED = True
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_recovery_codes_are_generated_and_each_works_once(client, editor, settings):
    settings.OTP_REQUIRED = True
    out = StringIO()
    call_command("make_recovery_codes", "editor", "--count", "5", stdout=out)
    codes = [line.strip() for line in out.getvalue().splitlines() if line.startswith("  ")]
    assert len(codes) == 5
    assert StaticDevice.objects.get(user=editor).token_set.count() == 5

    assert _login(client, otp_token=codes[0]).status_code == 302
    client.logout()
    assert _login(client, otp_token=codes[1]).status_code == 302
    client.logout()
    assert _login(client, otp_token=codes[0]).status_code == 200  # used up
    assert StaticDevice.objects.get(user=editor).token_set.count() == 3


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(editor):
    first, second = StringIO(), StringIO()
    call_command("make_recovery_codes", "editor", stdout=first)
    call_command("make_recovery_codes", "editor", stdout=second)
    device = StaticDevice.objects.get(user=editor)
    remaining = set(device.token_set.values_list("token", flat=True))
    assert remaining and not remaining & set(first.getvalue().split())


@pytest.mark.django_db
def test_add_totp_device_prints_the_authenticator_link(editor):
    out = StringIO()
    call_command("add_totp_device", "editor", stdout=out)
    assert "otpauth://totp/" in out.getvalue()
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).count() == 1


@pytest.mark.django_db
def test_commands_refuse_unknown_users():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("make_recovery_codes", "nobody", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("add_totp_device", "nobody", stdout=StringIO())
