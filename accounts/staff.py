"""The base of the management commands that work on one staff account (add_totp_device,
make_recovery_codes)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class StaffAccountCommand(BaseCommand):
    """A command whose first argument is the account's username: `handle_account` is called
    with the user; an unknown name is a CommandError. The command's own options come from
    `add_account_arguments`."""

    def add_arguments(self, parser):
        parser.add_argument("username")
        self.add_account_arguments(parser)

    def add_account_arguments(self, parser):
        pass

    def handle(self, username, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist as exc:
            raise CommandError(f"No user {username!r}") from exc
        self.handle_account(user, **options)

    def handle_account(self, user, **options):
        raise NotImplementedError
