"""Recovery codes: one-time codes (django-otp static tokens) for when the authenticator app is
lost. Issued at enrolment (accounts/enrolment.py) and by `make_recovery_codes`."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

DEVICE_NAME = "recovery codes"
DEFAULT_COUNT = 10


def _recovery_code():
    """A random one-time code with at least one letter (digits only would read as TOTP)."""
    while True:
        code = StaticToken.random_token()
        if not code.isdigit():
            return code


def replace_recovery_codes(user, count=DEFAULT_COUNT):
    """New recovery codes for `user`; the earlier ones stop working. Returns the codes."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name=DEVICE_NAME, defaults={"confirmed": True}
        )
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        device.token_set.all().delete()
        codes = [_recovery_code() for _ in range(count)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes
