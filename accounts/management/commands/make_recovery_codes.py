"""Recovery codes for a staff account: one-time codes for when the authenticator app is lost."""

from django.core.management.base import BaseCommand, CommandError

from accounts.recovery import DEFAULT_COUNT, replace_recovery_codes
from accounts.staff import get_staff_user


class Command(BaseCommand):
    help = (
        "Create new recovery codes for a staff account (django-otp static tokens). Each code "
        "logs in once instead of an authenticator code. Replaces the account's earlier codes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--count", type=int, default=DEFAULT_COUNT, help="How many codes (default 10)."
        )

    def handle(self, username, count, **options):
        if not 1 <= count <= 50:
            raise CommandError("--count must be between 1 and 50")
        codes = replace_recovery_codes(get_staff_user(username), count)
        self.stdout.write(f"Recovery codes for {username} (each works once; keep them safe):")
        for code in codes:
            self.stdout.write(f"  {code}")
        self.stdout.write(self.style.SUCCESS(f"{count} new codes; earlier codes no longer work."))
