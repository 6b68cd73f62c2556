"""Give every versioned object without a version its present version (editorial/versions.py).
The loaders and migrations do this themselves; run it after creating objects any other way."""

from django.core.management.base import BaseCommand

from editorial.versions import record_initial_versions


class Command(BaseCommand):
    help = "Record the present version of every versioned object that has none in its history."

    def handle(self, *args, **options):
        labels = record_initial_versions()
        self.stdout.write(f"Initial versions recorded where missing: {', '.join(labels)}")
