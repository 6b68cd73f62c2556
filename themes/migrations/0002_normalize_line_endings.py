"""Texts saved through the admin kept the browser's Windows line endings (CR LF), so their
paragraphs were not split. Store every text with LF only (the model's save does so from now
on). Nothing to undo: the reverse keeps the repaired texts."""

from django.db import migrations

from blp_portal.lib.text import normalize_stored_texts


def normalize(apps, schema_editor):
    normalize_stored_texts(apps.get_app_config("themes").get_models())


class Migration(migrations.Migration):
    dependencies = [
        ("themes", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(normalize, migrations.RunPython.noop),
    ]
