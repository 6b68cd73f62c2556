"""export_backup / import_backup: a full round trip restores every object and m2m row."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from backups.backup import FORMAT, FORMAT_VERSION, content_models, existing_rows

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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


def _wipe():
    for model in reversed(content_models()):
        model._default_manager.all().delete()


@pytest.fixture
def content(demo_data, settings, tmp_path):
    """The demo catalogue plus a staff account, a group with permissions and a PDF document."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PROJECTMEDIA_DOCUMENT_ROOT = tmp_path / "documents"
    group = Group.objects.create(name="Land coordinators")
    group.permissions.set(Permission.objects.filter(codename__in=["change_project", "view_land"]))
    user = User.objects.create_user("koordination", password="x-Long-password-1", is_staff=True)
    user.groups.add(group)

    from projectmedia.models import ProjectDocument
    from projects.models import Project

    document = ProjectDocument(project=Project.objects.first(), title="Factsheet")
    document.file.save("factsheet.pdf", ContentFile(PDF), save=True)
    return document


@pytest.mark.django_db
def test_round_trip_restores_every_object_and_m2m_row(content, tmp_path):
    before = _snapshot()
    assert sum(len(v) for v in before[0].values()) > 100
    assert any(rows for rows in before[1].values())
    backup = tmp_path / "backup.json"

    out = StringIO()
    call_command("export_backup", str(backup), stdout=out)
    assert "Backup written" in out.getvalue()

    _wipe()
    assert existing_rows() == {}

    out = StringIO()
    call_command("import_backup", str(backup), stdout=out, stderr=StringIO())
    assert "Restored" in out.getvalue()
    after = _snapshot()
    assert after[0] == before[0]
    assert after[1] == before[1]


@pytest.mark.django_db
def test_backup_file_is_versioned_and_lists_media_with_sha256(content, tmp_path):
    import hashlib

    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup), stdout=StringIO())
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert data["format_version"] == FORMAT_VERSION
    assert data["app_version"]
    assert data["created"]
    assert data["migrations"]["projects"]
    assert data["counts"]["projects.project"] == 14
    [media] = data["media"]
    assert media["field"] == "projectmedia.projectdocument.file"
    assert media["path"].startswith("documents/") and media["path"] != "documents/factsheet.pdf"
    assert media["size"] == len(PDF)
    assert media["sha256"] == hashlib.sha256(PDF).hexdigest()


@pytest.mark.django_db
def test_import_refuses_a_database_with_content(content, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup), stdout=StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_backup", str(backup), stdout=StringIO())


@pytest.mark.django_db
def test_import_with_force_replaces_content(content, tmp_path):
    from projects.models import Project

    before = _snapshot()
    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup), stdout=StringIO())
    Project.objects.filter(pk=Project.objects.first().pk).update(title="changed after backup")
    call_command("import_backup", str(backup), "--force", stdout=StringIO(), stderr=StringIO())
    assert _snapshot() == before


@pytest.mark.django_db
def test_dry_run_writes_nothing(content, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup), stdout=StringIO())
    _wipe()
    out = StringIO()
    call_command("import_backup", str(backup), "--dry-run", stdout=out, stderr=StringIO())
    assert "nothing written" in out.getvalue()
    assert existing_rows() == {}


@pytest.mark.django_db
def test_import_warns_about_missing_or_changed_media(content, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup), stdout=StringIO())
    content.file.storage.delete(content.file.name)
    _wipe()
    err = StringIO()
    call_command("import_backup", str(backup), stdout=StringIO(), stderr=err)
    assert "missing" in err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "Cannot read"),
        ('{"format": "something-else"}', "not a BLP portal backup"),
        ('{"format": "blp-portal-backup", "format_version": 99}', "not supported"),
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

    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup), stdout=StringIO())
    _wipe()
    call_command("import_backup", str(backup), stdout=StringIO(), stderr=StringIO())
    assert make_project(slug="after-restore").pk
