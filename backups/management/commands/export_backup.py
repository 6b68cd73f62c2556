"""Write all content (and the list of media files) to a versioned JSON backup file."""

from django.core.management.base import BaseCommand

from backups.backup import write_backup


class Command(BaseCommand):
    help = (
        "Export every content object (projects, themes, Länder, pages, media records, staff "
        "accounts) and the list of media files with SHA-256 to a versioned JSON file. "
        "Restore with import_backup. Copy MEDIA_ROOT alongside."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the backup file to write.")

    def handle(self, file, **options):
        data = write_backup(file)
        total = sum(data["counts"].values())
        missing = [m["path"] for m in data["media"] if m["sha256"] is None]
        for label, count in sorted(data["counts"].items()):
            self.stdout.write(f"  {label}: {count}")
        for path in missing:
            self.stderr.write(
                self.style.WARNING(f"Media file missing, listed without hash: {path}")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {file}: {total} objects, {len(data['media'])} media files "
                f"(format {data['format_version']}, portal {data['app_version']})."
            )
        )
