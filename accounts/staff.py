"""The account a staff management command works on (add_totp_device, make_recovery_codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def get_staff_user(username):
    """The user called `username`; CommandError when there is none."""
    user_model = get_user_model()
    try:
        return user_model.objects.get(username=username)
    except user_model.DoesNotExist as exc:
        raise CommandError(f"No user {username!r}") from exc
