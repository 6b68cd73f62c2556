"""Recovery codes for a staff account: one-time codes for when the authenticator app is lost."""

from django.core.management.base import CommandError

from accounts.recovery import DEFAULT_COUNT, replace_recovery_codes
from accounts.staff import StaffAccountCommand


class Command(StaffAccountCommand):
    help = (
        "Create new recovery codes for a staff account (django-otp static tokens). Each code "
        "logs in once instead of an authenticator code. Replaces the account's earlier codes."
    )

    def add_account_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=DEFAULT_COUNT, help="How many codes (default 10)."
        )

    def handle_account(self, user, count, **options):
        if not 1 <= count <= 50:
            raise CommandError("--count must be between 1 and 50")
        codes = replace_recovery_codes(user, count)
        self.stdout.write(f"Recovery codes for {user} (each works once; keep them safe):")
        for code in codes:
            self.stdout.write(f"  {code}")
        self.stdout.write(self.style.SUCCESS(f"{count} new codes; earlier codes no longer work."))
