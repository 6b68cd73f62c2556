"""The files of a backup: every file a content object refers to, stored inside the archive.

Project images (with their resized renditions) live in the media storage, PDF documents in
their private storage (PROJECTMEDIA_DOCUMENT_ROOT, or a private prefix of the bucket). Each
file is listed in the manifest with the field it belongs to (which names its storage), its
storage name, size and SHA-256, and copied into the archive as `files/<field>/<name>`. A
restore checks every member against the manifest before it writes anything, writes each file
back under its exact name and checks the stored file again.
"""

import hashlib

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import models

from projects.images import RENDITIONS_DIR

CHUNK = 1 << 16
MEMBER_PREFIX = "files"
# Files that belong to a field's file without being named in the database: the renditions
# of a project image, `<RENDITIONS_DIR>/<stem of the image>-<width>.webp` (projects/images.py).
RENDITIONS = {"projects.project.image": RENDITIONS_DIR}


class FileProblem(Exception):
    """A file of the backup is damaged, missing from the archive or cannot be written back."""


def file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def field_for(label):
    """ "app.model.field" -> the FileField (its storage may differ from default_storage)."""
    app_label, model_name, field_name = label.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def _digest(handle):
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def stored_sha256(storage, name):
    with storage.open(name, "rb") as handle:
        return _digest(handle)[0]


def _listdir(storage, directory):
    try:
        return storage.listdir(directory)[1]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _derived(storage, label, names):
    """The rendition files of the images `names` of field `label` (none for other fields)."""
    directory = RENDITIONS.get(label)
    if not directory or not names:
        return []
    stems = {name.rsplit("/", 1)[-1].rsplit(".", 1)[0] for name in names}
    found = []
    for filename in sorted(_listdir(storage, directory)):
        stem = filename.rsplit("-", 1)[0]
        if stem in stems:
            found.append(f"{directory}/{filename}")
    return found


def collect(content_models):
    """The manifest entries (not yet hashed) of every file the content objects refer to."""
    entries = []
    for model in content_models:
        for field in file_fields(model):
            label = f"{model._meta.label_lower}.{field.name}"
            names = sorted(
                set(
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
            )
            for name in names + _derived(field.storage, label, names):
                entries.append({"field": label, "path": name, "size": None, "sha256": None})
    return entries


def member_name(entry):
    return f"{MEMBER_PREFIX}/{entry['field']}/{entry['path']}"


def write_files(archive, entries):
    """Copy each listed file into the open ZipFile `archive`; fills in size, SHA-256 and the
    member name (a file already missing keeps None and no member)."""
    for entry in entries:
        storage = field_for(entry["field"]).storage
        entry["member"] = None
        if not storage.exists(entry["path"]):
            continue
        digest, size = hashlib.sha256(), 0
        member = member_name(entry)
        with (
            storage.open(entry["path"], "rb") as source,
            archive.open(member, "w", force_zip64=True) as target,
        ):
            for chunk in iter(lambda: source.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        entry.update(member=member, size=size, sha256=digest.hexdigest())
    return entries


def verify_archive(archive, entries):
    """Every member against its manifest entry (size, SHA-256); raises FileProblem."""
    problems = []
    present = set(archive.namelist())
    for entry in entries:
        member = entry.get("member")
        if not member:
            continue
        if member not in present:
            problems.append(f"{entry['path']}: not in the archive")
            continue
        with archive.open(member) as handle:
            digest, size = _digest(handle)
        if digest != entry["sha256"] or size != entry["size"]:
            problems.append(f"{entry['path']}: damaged (size or SHA-256 differs)")
    if problems:
        raise FileProblem("; ".join(problems))


def restore_files(archive, entries):
    """Write every file of the archive back under its own name and check it; returns the
    number written (a file already there with the same SHA-256 is kept)."""
    written = 0
    for entry in entries:
        if not entry.get("member"):
            continue
        storage, name = field_for(entry["field"]).storage, entry["path"]
        try:
            if storage.exists(name):
                if stored_sha256(storage, name) == entry["sha256"]:
                    continue
                storage.delete(name)  # the backup's file wins over a stale one of that name
            with archive.open(entry["member"]) as handle:
                content = File(handle, name=name)
                content.size = entry["size"]
                saved = storage.save(name, content)
        except SuspiciousFileOperation as exc:
            raise FileProblem(f"{name}: refused by the storage ({exc})") from exc
        if saved != name:
            storage.delete(saved)
            raise FileProblem(f"{name}: the storage stored it as {saved}")
        if stored_sha256(storage, name) != entry["sha256"]:
            raise FileProblem(f"{name}: the written file differs from the backup (SHA-256)")
        written += 1
    return written


def check_stored(entries):
    """Files of the manifest that are missing here or differ: list of (path, problem)."""
    problems = []
    for entry in entries:
        name = entry["path"]
        try:
            storage = field_for(entry["field"]).storage
        except (KeyError, LookupError, ValueError):  # a field this portal no longer has
            storage = default_storage
        if entry["sha256"] is None:
            problems.append((name, "was already missing when the backup was made"))
        elif not storage.exists(name):
            problems.append((name, "missing"))
        elif stored_sha256(storage, name) != entry["sha256"]:
            problems.append((name, "content differs (SHA-256)"))
    return problems
