from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_normalize_line_endings")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="internal_note",
            field=models.TextField(
                blank=True,
                help_text=(
                    "For editors and coordinators only, never published: sources, open "
                    "questions, what is not known and why."
                ),
                verbose_name="internal note",
            ),
        ),
    ]
