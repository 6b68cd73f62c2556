"""Restore a backup written by export_backup into an empty database and its files."""

from django.core.management.base import BaseCommand, CommandError

from backups.backup import (
    BackupError,
    check_media,
    existing_rows,
    migration_mismatches,
    read_backup,
    restore,
)


class Command(BaseCommand):
    help = (
        "Restore a backup archive (export_backup) into an EMPTY, migrated database, and its "
        "files (images, PDF documents) into the configured storages, each checked by SHA-256. "
        "Refuses a database that already has content unless --force, which replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the backup file to read.")
        parser.add_argument(
            "--force", action="store_true", help="Delete existing content and replace it."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and the database only."
        )

    def handle(self, file, force, dry_run, **options):
        try:
            data = read_backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for app, (theirs, here) in sorted(migration_mismatches(data).items()):
            self.stderr.write(
                self.style.WARNING(f"Migrations of {app}: backup at {theirs}, database at {here}")
            )
        if dry_run:
            occupied = existing_rows()
            self.stdout.write(
                f"Backup of {data['created']} (portal {data['app_version']}): "
                f"{sum(data['counts'].values())} objects, "
                f"{sum(1 for f in data.get('files', []) if f.get('member'))} files (checked)."
            )
            state = "has content" if occupied else "is empty"
            self.stdout.write(
                self.style.SUCCESS(f"Dry run: nothing written; the database {state}.")
            )
            return
        try:
            counts = restore(data, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        for path, problem in check_media(data):
            self.stderr.write(self.style.WARNING(f"File {path}: {problem}"))
        self.stdout.write(
            self.style.SUCCESS(f"Restored {sum(counts.values())} objects from {file}.")
        )
