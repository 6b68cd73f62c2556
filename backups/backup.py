"""Backup and restore of all content: one versioned JSON file (export_backup / import_backup).

The file holds every object of every content model (the portal's own apps, plus the staff
accounts and groups the content and the editorial roles refer to), serialised by Django's
serializers with primary keys kept, so a restore reproduces the catalogue exactly, links and
many-to-many rows included. Permissions and content types are referred to by natural key, because
their ids differ between databases. Media files are listed with size and SHA-256 (the files
themselves are copied with the media directory); the restore checks them.

Not backed up: sessions, login-lockout records, OTP devices (re-enrol staff after a restore),
the admin log and version history (django-reversion), the page cache.
"""

import datetime
import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "blp-portal-backup"
FORMAT_VERSION = 1

# Apps outside the project whose rows are content the portal needs back after a restore.
EXTRA_MODELS = ["auth.group", "auth.user"]
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


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _sha256(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_field(label):
    """ "app.model.field" -> the FileField (its storage may differ from default_storage)."""
    app_label, model_name, field_name = label.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def media_files():
    """Every file a content object refers to: field, path, size, SHA-256 (missing: None)."""
    listing = []
    for model in content_models():
        for field in _file_fields(model):
            names = (
                model._default_manager.exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .values_list(field.name, flat=True)
                .distinct()
            )
            label = f"{model._meta.label_lower}.{field.name}"
            for name in sorted(names):
                entry = {"field": label, "path": name, "size": None, "sha256": None}
                if field.storage.exists(name):
                    entry["size"] = field.storage.size(name)
                    entry["sha256"] = _sha256(field.storage, name)
                listing.append(entry)
    return listing


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
    objects = serialize_content()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version(),
        "created": timezone.now().isoformat(),
        "migrations": _latest_migrations(),
        "counts": _counts(objects),
        "objects": objects,
        "media": media_files(),
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
    data = build_backup()
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, cls=_Encoder, ensure_ascii=False)
    return data


def read_backup(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a BLP portal backup")
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Backup format version {data.get('format_version')!r} is not supported "
            f"(this portal reads version {FORMAT_VERSION})"
        )
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
    """Load the backup's objects. Refuses a database with content unless force (then replaces)."""
    occupied = existing_rows()
    if occupied and not force:
        listing = ", ".join(f"{label}: {n}" for label, n in sorted(occupied.items()))
        raise BackupError(f"The database is not empty ({listing}); use --force to replace it")
    models_in_order = content_models()
    if force:
        for model in reversed(models_in_order):
            model._default_manager.all().delete()

    restored = []
    deferred = []
    for item in serializers.deserialize(
        "python", data["objects"], handle_forward_references=True, ignorenonexistent=False
    ):
        item.save()
        restored.append(item.object)
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
    return _counts(data["objects"])


def check_media(data):
    """Media files of the backup that are missing here or differ: list of (path, problem)."""
    problems = []
    for entry in data.get("media", []):
        name = entry["path"]
        try:
            storage = _file_field(entry["field"]).storage
        except (KeyError, LookupError, ValueError):
            storage = default_storage
        if entry["sha256"] is None:
            problems.append((name, "was already missing when the backup was made"))
        elif not storage.exists(name):
            problems.append((name, "missing"))
        elif _sha256(storage, name) != entry["sha256"]:
            problems.append((name, "content differs (SHA-256)"))
    return problems
