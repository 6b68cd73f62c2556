"""Recovery codes for a staff account: one-time codes for when the authenticator app is lost."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.staff import get_staff_user

DEVICE_NAME = "recovery codes"


def _recovery_code():
    """A random one-time code with at least one letter (digits only would read as TOTP)."""
    while True:
        code = StaticToken.random_token()
        if not code.isdigit():
            return code


class Command(BaseCommand):
    help = (
        "Create new recovery codes for a staff account (django-otp static tokens). Each code "
        "logs in once instead of an authenticator code. Replaces the account's earlier codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--count", type=int, default=10, help="How many codes (default 10).")

    def handle(self, username, count, **options):
        if not 1 <= count <= 50:
            raise CommandError("--count must be between 1 and 50")
        user = get_staff_user(username)
        with transaction.atomic():
            device, _ = StaticDevice.objects.get_or_create(
                user=user, name=DEVICE_NAME, defaults={"confirmed": True}
            )
            device.token_set.all().delete()
            codes = [_recovery_code() for _ in range(count)]
            StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        self.stdout.write(f"Recovery codes for {username} (each works once; keep them safe):")
        for code in codes:
            self.stdout.write(f"  {code}")
        self.stdout.write(self.style.SUCCESS(f"{count} new codes; earlier codes no longer work."))
