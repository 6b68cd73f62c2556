"""Self-enrolment of the second factor at the first log-in.

When two-factor log-in is required (OTP_REQUIRED) and a staff member without a confirmed device
gives the right password, the login form does not log them in (accounts/admin_site.py): this
session remembers them as *pending* for PENDING_SECONDS, and the enrolment page (views.py)
shows a new authenticator secret as a QR code and as text. A current code from the app confirms
the device; then the account gets recovery codes, and the session is logged in and verified.

Whoever knows the password of an account without a device can enrol it: new accounts get a
one-time password that only their owner knows and log in soon (docs/deployment.md).
"""

import time
from base64 import b32encode

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.recovery import replace_recovery_codes

PENDING_KEY = "accounts_enrolment"
PENDING_SECONDS = 15 * 60
DEVICE_NAME = "authenticator app"


def needs_enrolment(user):
    """True for a staff account that has no confirmed device (app or recovery codes) yet."""
    return user.is_active and user.is_staff and not user_has_device(user, confirmed=True)


def start(request, user, next_url=""):
    """Remember `user` (just authenticated by password) as pending in this session."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "hash": user.get_session_auth_hash(),
        "backend": user.backend,
        "since": int(time.time()),
        "next": next_url or "",
        "device": None,
    }


def pending_user(request):
    """The pending user of this session, or None: none, expired, password changed since, no
    longer staff, or already enrolled (then the normal log-in applies)."""
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data["since"] > PENDING_SECONDS:
        return None
    user = get_user_model()._default_manager.filter(pk=data["user"]).first()
    if user is None or not constant_time_compare(user.get_session_auth_hash(), data["hash"]):
        return None
    return user if needs_enrolment(user) else None


def pending_device(request, user):
    """The unconfirmed TOTP device this enrolment shows: the same on a reload, a new secret
    for each new enrolment (earlier unconfirmed ones are removed)."""
    data = request.session[PENDING_KEY]
    device = TOTPDevice.objects.filter(pk=data["device"], user=user, confirmed=False).first()
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        request.session[PENDING_KEY] = {**data, "device": device.pk}
    return device


def qr_code(device):
    """The device's otpauth:// link as a QR code: an SVG data: URI (the CSP allows data:
    images), drawn here on the server; black on white so it scans in the dark theme too."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_data_uri(scale=5, border=4, light="#fff"), qr.symbol_size(scale=5, border=4)[0]


def secret_text(device):
    """The secret in base32, in groups of four, to type into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def finish(request, user, device):
    """Confirm the device, issue recovery codes, log the user in as verified.

    Returns (recovery codes, the page asked for before the log-in)."""
    data = request.session.pop(PENDING_KEY)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(user)
    auth_login(request, user, backend=data["backend"])
    otp_login(request, device)
    return codes, data["next"]
