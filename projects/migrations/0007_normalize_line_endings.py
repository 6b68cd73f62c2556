"""Texts saved through the admin kept the browser's Windows line endings (CR LF), so their
paragraphs were not split. Store every text with LF only (the model's save does so from now
on). Nothing to undo: the reverse keeps the repaired texts."""

from django.db import migrations


def normalize(apps, schema_editor):
    for model in apps.get_app_config("projects").get_models():
        fields = [
            f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "TextField"
        ]
        if not fields:
            continue
        for row in model.objects.only("pk", *fields).iterator():
            changed = {}
            for name in fields:
                value = getattr(row, name)
                if value and "\r" in value:
                    changed[name] = value.replace("\r\n", "\n").replace("\r", "\n")
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_search_words"),
    ]

    operations = [
        migrations.RunPython(normalize, migrations.RunPython.noop),
    ]
