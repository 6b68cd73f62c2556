"""Give a staff account an authenticator app (TOTP), so it can log in when OTP_REQUIRED is on."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.staff import StaffAccountCommand


class Command(StaffAccountCommand):
    help = (
        "Add a TOTP device to a staff account and print the otpauth:// link (and the key) to "
        "enter into an authenticator app. Hand it over in person; it is a secret."
    )

    def add_account_arguments(self, parser):
        parser.add_argument("--name", default="authenticator app", help="Device label.")

    def handle_account(self, user, name, **options):
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(f"Link for the authenticator app:\n  {device.config_url}")
        self.stdout.write(self.style.SUCCESS(f"TOTP device {device.pk} added for {user}."))
