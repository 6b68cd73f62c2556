"""Load the reference data of a new installation: Länder, themes, SDGs, phases, special calls
and the two staff roles. Runs with DEBUG off, creates no user, and a second run changes nothing."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from editorial.versions import record_initial_versions
from opendata.sectors import DATA_FILE, sectors
from projects.demo_data import load_reference_data, reference_counts


class Command(BaseCommand):
    help = (
        "Load the reference data every installation needs (the 16 Länder, focus themes and "
        "cross-cutting topics, SDGs, phases, special calls) and set up the staff roles. Adds "
        "what is missing and leaves existing rows as the editors have them; creates no user."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help=(
                "For load_demo_data: set existing rows to the demo files, with the texts about "
                "the demo catalogue. Refused with DEBUG off."
            ),
        )

    # With a language active, modeltranslation would write the plain `name` into name_en.
    @no_translations
    def handle(self, *args, **options):
        if options["demo"] and not settings.DEBUG:
            raise CommandError("--demo is for development only: refusing to run with DEBUG off.")
        with transaction.atomic():
            reference = load_reference_data(demo=options["demo"])
            roles = StringIO()
            call_command("setup_roles", stdout=roles)
            # their first version in the history, to restore the text as loaded
            record_initial_versions()
        for label, number in reference_counts(reference).items():
            self.stdout.write(f"{label}: {number}")
        # The DAC sector codes are not in the database: opendata reads them from a file.
        self.stdout.write(
            f"DAC sector codes: {len(sectors())} (shipped in "
            f"{DATA_FILE.relative_to(settings.BASE_DIR)}, read at run time; nothing to load)"
        )
        for line in roles.getvalue().splitlines()[:-1]:
            self.stdout.write(f"role {line}")
        self.stdout.write(
            self.style.SUCCESS(
                "Reference data loaded. No user was created: use createsuperuser for the first "
                "staff account."
            )
        )
