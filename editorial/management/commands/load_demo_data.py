"""Load the demo catalogue and the demo staff log-ins (one per role). Refuses to run with DEBUG
off, so it never touches a production database; a second run changes nothing.

Builds on `load_reference_data` (Länder, themes, SDGs, phases, special calls, roles), run here
with --demo so the reference rows follow the demo files, then adds the demo catalogue."""

from io import StringIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from editorial.models import Coordinator
from editorial.scope import COORDINATORS, EDITORS
from editorial.versions import record_initial_versions
from partners.models import Land
from projects.demo_data import load_demo_catalogue

DEMO_USERS = [
    # username, password, is_superuser, role (editorial/scope.py), Land of a coordinator
    ("redaktion", "blp-demo-redaktion", True, EDITORS, None),
    ("giz", "blp-demo-giz", False, EDITORS, None),
    ("sachsen", "blp-demo-sachsen", False, COORDINATORS, "DE-SN"),
]


class Command(BaseCommand):
    help = "Load the demo catalogue (idempotent). Refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create the demo admin log-ins."
        )

    # With a language active (e.g. "en" left over in the same thread), modeltranslation would
    # write the plain `name` value into name_en; without one it uses German, the default.
    @no_translations
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: refusing to run with DEBUG off.")
        with transaction.atomic():
            reference = StringIO()
            call_command("load_reference_data", "--demo", stdout=reference)
            counts = load_demo_catalogue()
            record_initial_versions()  # the catalogue's first version in the history
        # its last line (no user created, use createsuperuser) is not true of the demo
        for line in reference.getvalue().splitlines()[:-1]:
            self.stdout.write(line)
        for label, number in counts.items():
            self.stdout.write(f"{label}: {number}")
        if not options["no_users"]:
            self.create_users()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def create_users(self):
        User = get_user_model()
        for username, password, is_superuser, role, land_code in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": is_superuser,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            if land_code:
                coordinator, _ = Coordinator.objects.get_or_create(user=user)
                coordinator.laender.add(Land.objects.get(code=land_code))
            label = f"{role}, {land_code}" if land_code else role
            self.stdout.write(f"Demo log-in ({label}): {username} / {password} (admin at /admin/)")
