"""Write the whole portal (content, accounts, history, files) to a versioned backup archive."""

from django.core.management.base import BaseCommand

from backups.backup import write_backup


class Command(BaseCommand):
    help = (
        "Export every content object (projects, themes, Länder, pages, workflow log), the staff "
        "accounts and groups with their two-factor devices, the version history and the admin "
        "log, and every file (images with renditions, PDF documents) with SHA-256, to one "
        "versioned zip archive readable by its owner only (mode 0600). Restore with "
        "import_backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the backup archive to write (e.g. .zip).")

    def handle(self, file, **options):
        data = write_backup(file)
        total = sum(data["counts"].values())
        stored = [entry for entry in data["files"] if entry["sha256"]]
        for label, count in sorted(data["counts"].items()):
            self.stdout.write(f"  {label}: {count}")
        for entry in data["files"]:
            if entry["sha256"] is None:
                self.stderr.write(
                    self.style.WARNING(f"File missing, listed without content: {entry['path']}")
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {file}: {total} objects, {len(stored)} files "
                f"(format {data['format_version']}, portal {data['app_version']})."
            )
        )
