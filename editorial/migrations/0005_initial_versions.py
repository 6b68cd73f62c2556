"""Objects loaded before this migration (reference data, demo data, earlier migrations) had no
version in their history, so their first text could never be restored. Give each versioned
object without a version its present version (editorial/versions.py); the reverse step removes
exactly those initial versions."""

from django.db import migrations


def record(apps, schema_editor):
    from editorial.versions import record_initial_versions

    record_initial_versions()


def remove(apps, schema_editor):
    from editorial.versions import remove_initial_versions

    remove_initial_versions()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_maildelivery"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("opendata", "0001_initial"),
        ("pages", "0001_initial"),
        ("partners", "0001_initial"),
        ("projectmedia", "0002_documents_storage"),
        ("projects", "0007_normalize_line_endings"),
        ("themes", "0002_normalize_line_endings"),
    ]

    operations = [migrations.RunPython(record, remove)]
