"""export_backup / import_backup: a backup restores a working portal into an empty database and
empty file storages: every object (content, workflow log, version history, admin log, staff
accounts, groups, two-factor devices), every file (images with renditions, PDF documents), and
the restored editor can log in."""

import hashlib
import io
import json
import os
import shutil
import stat
import zipfile
from io import StringIO
from pathlib import Path

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from reversion.models import Revision, Version

from backups.backup import FORMAT, FORMAT_VERSION, MANIFEST, content_models, existing_rows
from editorial.models import Coordinator, WorkflowEvent
from editorial.scope import EDITORS

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EDITOR_PASSWORD = "x-Long-password-1"


def _snapshot():
    """Every object of every content model, fields and m2m values, plus the m2m through rows."""
    objects = {}
    through_rows = {}
    for model in content_models():
        label = model._meta.label_lower
        objects[label] = serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            columns = [f.attname for f in through._meta.concrete_fields if f.attname != "id"]
            through_rows[through._meta.label_lower] = sorted(through.objects.values_list(*columns))
    return objects, through_rows


def _files(root):
    """{relative path: SHA-256} of every file below `root`."""
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _wipe():
    for model in reversed(content_models()):
        model._default_manager.all().delete()


def _png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def content(demo_data, roles, settings, tmp_path):
    """The demo catalogue plus everything else a working portal needs back: an editor with a
    password and two-factor devices, a coordinator, a group with permissions, a project image
    (with renditions) and a PDF, version history, workflow steps and an admin log entry."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PROJECTMEDIA_DOCUMENT_ROOT = tmp_path / "documents"
    from projectmedia.models import ProjectDocument
    from projects.models import Project

    group = Group.objects.create(name="Land coordinators")
    group.permissions.set(Permission.objects.filter(codename__in=["change_project", "view_land"]))
    coordinator = User.objects.create_user("koordination", password="pw-2", is_staff=True)
    coordinator.groups.add(group)
    Coordinator.objects.create(user=coordinator).laender.set(
        [Project.objects.first().land_roles.first().land]
    )
    editor = User.objects.create_user("redakteurin", password=EDITOR_PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    TOTPDevice.objects.create(user=editor, name="Telefon", confirmed=True)
    recovery = StaticDevice.objects.create(user=editor, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="a1b2c3d4")

    project = Project.objects.order_by("pk").first()
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment("Bild ergänzt")
        project.image = ContentFile(_png(1300, 700), name="upload.png")
        project.save()
    WorkflowEvent.objects.create(
        project=project, actor=editor, action=WorkflowEvent.Action.SUBMITTED, comment="Bitte"
    )
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Project),
        object_id=str(project.pk),
        object_repr=str(project),
        action_flag=CHANGE,
        change_message="[]",
    )
    document = ProjectDocument(project=project, title="Factsheet")
    document.file.save("factsheet.pdf", ContentFile(PDF), save=True)
    return document


@pytest.mark.django_db
def test_backup_restores_a_working_portal_into_empty_database_and_folders(
    content, settings, tmp_path, client
):
    before = _snapshot()
    for label in [
        "auth.user",
        "auth.group",
        "otp_totp.totpdevice",
        "otp_static.staticdevice",
        "otp_static.statictoken",
        "reversion.revision",
        "reversion.version",
        "admin.logentry",
        "editorial.workflowevent",
        "editorial.coordinator",
        "projectmedia.projectdocument",
    ]:
        assert before[0][label], label
    media_before = _files(settings.MEDIA_ROOT)
    documents_before = _files(settings.PROJECTMEDIA_DOCUMENT_ROOT)
    assert len([p for p in media_before if p.startswith("projects/renditions/")]) == 3
    assert len(documents_before) == 1
    backup = tmp_path / "backup.zip"
    out = StringIO()
    call_command("export_backup", str(backup), stdout=out, stderr=StringIO())
    assert "Backup written" in out.getvalue() and "5 files" in out.getvalue()

    # An empty database and empty, new media and document folders.
    _wipe()
    assert existing_rows() == {}
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    settings.PROJECTMEDIA_DOCUMENT_ROOT = tmp_path / "restored-documents"

    out = StringIO()
    err = StringIO()
    call_command("import_backup", str(backup), stdout=out, stderr=err)
    assert "Restored" in out.getvalue()
    assert err.getvalue() == ""
    assert _snapshot() == before
    assert _files(settings.MEDIA_ROOT) == media_before
    assert _files(settings.PROJECTMEDIA_DOCUMENT_ROOT) == documents_before

    # The restored editor logs in with the password; the two-factor devices still work.
    settings.OTP_REQUIRED = False
    assert client.login(username="redakteurin", password=EDITOR_PASSWORD)
    assert client.get("/admin/").status_code == 200
    device = TOTPDevice.objects.get(user__username="redakteurin")
    assert device.verify_token(totp(device.bin_key, device.step, device.t0, device.digits))
    assert StaticDevice.objects.get(user__username="redakteurin").verify_token("a1b2c3d4")
    # The version history and the workflow log are there, with their authors.
    assert Revision.objects.get(comment="Bild ergänzt").user.username == "redakteurin"
    assert Version.objects.filter(revision__comment="Bild ergänzt").exists()
    assert WorkflowEvent.objects.get().actor.username == "redakteurin"
    # The restored PDF is readable from the document storage.
    document = content.__class__.objects.get()
    with document.file.open("rb") as handle:
        assert handle.read() == PDF


@pytest.mark.django_db
def test_backup_is_readable_by_its_owner_only_from_the_start(content, tmp_path, monkeypatch):
    backup = tmp_path / "backup.zip"
    backup.write_text("an older, world-readable file of the same name")
    backup.chmod(0o644)
    created_modes = []
    real_mkstemp = __import__("tempfile").mkstemp

    def watching_mkstemp(*args, **kwargs):
        descriptor, name = real_mkstemp(*args, **kwargs)
        created_modes.append(stat.S_IMODE(os.stat(name).st_mode))
        return descriptor, name

    monkeypatch.setattr("backups.backup.tempfile.mkstemp", watching_mkstemp)
    old_umask = os.umask(0)
    try:
        call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    finally:
        os.umask(old_umask)
    assert created_modes == [0o600]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.django_db
def test_backup_archive_is_versioned_and_lists_files_with_sha256(content, tmp_path):
    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    with zipfile.ZipFile(backup) as archive:
        data = json.loads(archive.read(MANIFEST))
        assert data["format"] == FORMAT
        assert data["format_version"] == FORMAT_VERSION
        assert data["app_version"] and data["created"]
        assert data["migrations"]["projects"]
        assert data["counts"]["projects.project"] == 14
        [document] = [f for f in data["files"] if f["field"].startswith("projectmedia.")]
        assert document["path"].startswith("documents/")
        assert document["size"] == len(PDF)
        assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
        assert archive.read(document["member"]) == PDF
        images = [f for f in data["files"] if f["field"] == "projects.project.image"]
        assert len(images) == 4  # the image and its three renditions
        for entry in images:
            assert hashlib.sha256(archive.read(entry["member"])).hexdigest() == entry["sha256"]


def _rewrite_member(backup, member, content):
    damaged = backup.with_name("damaged.zip")
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == member else source.read(info))
    return damaged


@pytest.mark.django_db
def test_damaged_file_in_the_archive_is_refused_before_anything_is_written(content, tmp_path):
    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    with zipfile.ZipFile(backup) as archive:
        data = json.loads(archive.read(MANIFEST))
    member = next(f["member"] for f in data["files"] if f["field"].startswith("projectmedia."))
    damaged = _rewrite_member(backup, member, PDF.replace(b"1.4", b"1.7"))
    _wipe()
    with pytest.raises(CommandError, match="damaged"):
        call_command("import_backup", str(damaged), stdout=StringIO(), stderr=StringIO())
    assert existing_rows() == {}


@pytest.mark.django_db
def test_import_refuses_a_database_with_content(content, tmp_path):
    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_backup", str(backup), stdout=StringIO())


@pytest.mark.django_db
def test_import_with_force_replaces_content_and_files(content, tmp_path):
    from projects.models import Project

    before = _snapshot()
    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    Project.objects.filter(pk=Project.objects.first().pk).update(title="changed after backup")
    with content.file.storage.open(content.file.name, "wb") as handle:
        handle.write(b"overwritten")
    call_command("import_backup", str(backup), "--force", stdout=StringIO(), stderr=StringIO())
    assert _snapshot() == before
    with content.file.storage.open(content.file.name, "rb") as handle:
        assert handle.read() == PDF


@pytest.mark.django_db
def test_dry_run_writes_nothing(content, settings, tmp_path):
    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    _wipe()
    shutil.rmtree(settings.PROJECTMEDIA_DOCUMENT_ROOT)
    out = StringIO()
    call_command("import_backup", str(backup), "--dry-run", stdout=out, stderr=StringIO())
    assert "nothing written" in out.getvalue()
    assert existing_rows() == {}
    assert not Path(settings.PROJECTMEDIA_DOCUMENT_ROOT).exists()


@pytest.mark.django_db
def test_file_missing_at_backup_time_is_reported(content, tmp_path):
    content.file.storage.delete(content.file.name)
    backup = tmp_path / "backup.zip"
    err = StringIO()
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=err)
    assert "File missing" in err.getvalue()
    _wipe()
    err = StringIO()
    call_command("import_backup", str(backup), stdout=StringIO(), stderr=err)
    assert "already missing when the backup was made" in err.getvalue()


@pytest.mark.django_db
def test_format_1_json_backups_are_still_restored(content, tmp_path):
    before = _snapshot()
    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    with zipfile.ZipFile(backup) as archive:
        data = json.loads(archive.read(MANIFEST))
    data["format_version"] = 1
    data["media"] = data.pop("files")
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    _wipe()
    call_command("import_backup", str(old), stdout=StringIO(), stderr=StringIO())
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "Cannot read"),
        ('{"format": "something-else"}', "not a BLP portal backup"),
        ('{"format": "blp-portal-backup", "format_version": 99}', "not supported"),
        ('{"format": "blp-portal-backup", "format_version": 2}', "wrong kind of file"),
    ],
)
def test_import_rejects_foreign_files(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_backup", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_restored_database_accepts_new_objects(content, tmp_path):
    """Sequences are reset: the next project after a restore gets a fresh primary key."""
    from tests.factories import make_project

    backup = tmp_path / "backup.zip"
    call_command("export_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    _wipe()
    call_command("import_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    assert make_project(slug="after-restore").pk
    assert User.objects.create_user("after-restore").pk
