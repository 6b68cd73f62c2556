"""Backup and restore of the whole portal: one versioned archive (export_backup / import_backup).

The archive (a zip file) holds `backup.json` and the files. `backup.json` has every object of
every content model (the portal's own apps, the workflow log included), the staff accounts and
groups, their two-factor devices (TOTP, recovery codes), the version history (django-reversion)
and the admin's change log, serialised by Django's serializers with primary keys kept, so a
restore reproduces the portal exactly, links and many-to-many rows included. Permissions and
content types are referred to by natural key, because their ids differ between databases.
The files (project images with their renditions, PDF documents from their private storage)
are inside the archive and listed with size and SHA-256 (backups/files.py); the restore checks
them before and after writing them back.

The archive holds password hashes and two-factor secrets: it is created with mode 0600 (a
temporary file in the target directory, renamed into place when complete).

Not backed up: sessions, login-lockout records, queued background tasks, the page cache.
"""

import datetime
import io
import json
import os
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from backups import files

FORMAT = "blp-portal-backup"
FORMAT_VERSION = 2  # 1: a plain JSON file of the objects, the files copied separately
READABLE_VERSIONS = (1, 2)
MANIFEST = "backup.json"

# Apps outside the project whose rows the portal needs back after a restore: staff accounts
# and groups, two-factor devices, version history and the admin's change log.
EXTRA_MODELS = [
    "auth.group",
    "auth.user",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "otp_static.statictoken",
    "reversion.revision",
    "reversion.version",
    "admin.logentry",
]
# Project apps without content of their own.
SKIPPED_APPS = {"accounts", "backups", "blp_portal"}


class BackupError(Exception):
    """The file is not a backup this version can restore, or the database is not empty."""


def app_version():
    try:
        return version("blp-portal")
    except PackageNotFoundError:  # running from a plain checkout
        return "unknown"


def content_models():
    """Every model that holds content, parents before children (the order of a restore)."""
    own = [
        config
        for config in apps.get_app_configs()
        if config.label not in SKIPPED_APPS and Path(config.path).parent == Path(settings.BASE_DIR)
    ]
    chosen = [apps.get_model(label) for label in EXTRA_MODELS]
    for config in own:
        chosen += [m for m in config.get_models() if not m._meta.proxy]
    app_list = {}
    for model in chosen:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    # sort_dependencies also adds the models referred to by natural key (content types,
    # permissions); those come with every migrated database and are not backed up.
    return [model for model in ordered if model in chosen]


def _latest_migrations():
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    latest = {}
    for app_label, name in sorted(applied):
        latest[app_label] = name
    return latest


def serialize_content():
    """All content objects as Django's python serialisation (a list of dicts)."""
    objects = []
    for model in content_models():
        queryset = model._default_manager.order_by("pk")
        objects += serializers.serialize(
            "python", queryset, use_natural_foreign_keys=True, use_natural_primary_keys=False
        )
    return objects


def build_backup():
    """The manifest without the files' hashes (write_backup fills them in while copying)."""
    objects = serialize_content()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "created": timezone.now().isoformat(),
        "migrations": _latest_migrations(),
        "counts": _counts(objects),
        "objects": objects,
        "files": files.collect(content_models()),
    }


def _counts(objects):
    counts = {}
    for obj in objects:
        counts[obj["model"]] = counts.get(obj["model"], 0) + 1
    return counts


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (ECMA-262); a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def write_backup(path):
    """Write the archive to `path`, readable by its owner only (0600) from the first byte on.

    It is written to a temporary file (mkstemp: mode 0600) next to `path` and renamed into
    place when complete, so neither a half-written nor a world-readable backup ever exists.
    """
    path = Path(path)
    data = build_backup()
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w+b") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
                files.write_files(archive, data["files"])
                with archive.open(MANIFEST, "w", force_zip64=True) as member:
                    text = io.TextIOWrapper(member, encoding="utf-8")
                    json.dump(data, text, cls=_Encoder, ensure_ascii=False)
                    text.flush()
                    text.detach()
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return data


def _read_manifest(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            try:
                return json.loads(archive.read(MANIFEST).decode("utf-8")), True
            except KeyError as exc:
                raise BackupError(f"{path} has no {MANIFEST}") from exc
    with open(path, encoding="utf-8") as handle:  # format 1: plain JSON
        return json.load(handle), False


def read_backup(path):
    """The manifest of the backup at `path`; the archive's files are checked against it."""
    try:
        data, is_archive = _read_manifest(path)
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a BLP portal backup")
    if data.get("format_version") not in READABLE_VERSIONS:
        raise BackupError(
            f"Backup format version {data.get('format_version')!r} is not supported "
            f"(this portal reads versions {', '.join(map(str, READABLE_VERSIONS))})"
        )
    if is_archive != (data["format_version"] >= 2):
        raise BackupError(
            f"{path}: format version {data['format_version']} in the wrong kind of file"
        )
    if is_archive:
        data["archive"] = str(path)
        with zipfile.ZipFile(path) as archive:
            try:
                files.verify_archive(archive, data.get("files", []))
            except (files.FileProblem, zipfile.BadZipFile) as exc:
                raise BackupError(f"{path}: {exc}") from exc
    return data


def existing_rows():
    """Content models that already have rows: {"app.model": count}."""
    found = {}
    for model in content_models():
        count = model._default_manager.count()
        if count:
            found[model._meta.label_lower] = count
    return found


def migration_mismatches(data):
    """Apps whose latest migration differs between the backup and this database."""
    here = _latest_migrations()
    return {
        app: (theirs, here.get(app))
        for app, theirs in data.get("migrations", {}).items()
        if here.get(app) != theirs
    }


@transaction.atomic
def restore(data, *, force=False):
    """Load the backup's objects and write its files back (all or nothing for the database).

    Refuses a database with content unless force (then replaces it)."""
    occupied = existing_rows()
    if occupied and not force:
        listing = ", ".join(f"{label}: {n}" for label, n in sorted(occupied.items()))
        raise BackupError(f"The database is not empty ({listing}); use --force to replace it")
    models_in_order = content_models()
    if force:
        for model in reversed(models_in_order):
            model._default_manager.all().delete()

    deferred = []
    for item in serializers.deserialize(
        "python", data["objects"], handle_forward_references=True, ignorenonexistent=False
    ):
        item.save()
        if item.deferred_fields:
            deferred.append(item)
    for item in deferred:
        item.save_deferred_fields()

    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), models_in_order)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    if data.get("archive"):
        with zipfile.ZipFile(data["archive"]) as archive:
            try:
                files.restore_files(archive, data.get("files", []))
            except files.FileProblem as exc:
                raise BackupError(f"File not restored: {exc}") from exc
    return _counts(data["objects"])


def check_media(data):
    """Files of the backup that are missing here or differ: list of (path, problem)."""
    return files.check_stored(data.get("files", data.get("media", [])))
