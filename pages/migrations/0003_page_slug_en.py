from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_feedback")]

    operations = [
        migrations.AddField(
            model_name="page",
            name="slug_en",
            field=models.SlugField(
                blank=True,
                help_text="Part of the English address, e.g. “goals”; empty: the German one.",
                max_length=80,
                verbose_name="English slug",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug_en", ""), _negated=True),
                fields=("slug_en",),
                name="pages_page_unique_slug_en",
            ),
        ),
    ]
