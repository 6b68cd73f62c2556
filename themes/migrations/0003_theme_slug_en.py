from django.db import migrations, models

# The English addresses of the programme's themes (reference data); other themes keep their
# German address in English until an editor gives them one.
ENGLISH = {
    "umwelt-klima-energie": "environment-climate-energy",
    "nachhaltige-wirtschaftsentwicklung": "sustainable-economic-development",
    "pandemieresilienz": "pandemic-resilience",
    "digitalisierung": "digitalisation",
    "gendergerechtigkeit": "gender-equality",
}


def fill(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    for slug, slug_en in ENGLISH.items():
        Theme.objects.filter(slug=slug, slug_en="").update(slug_en=slug_en)


class Migration(migrations.Migration):
    dependencies = [("themes", "0002_normalize_line_endings")]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="slug_en",
            field=models.SlugField(
                blank=True,
                help_text="Part of the English address, e.g. “goals”; empty: the German one.",
                max_length=80,
                verbose_name="English slug",
            ),
        ),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slug_en", ""), _negated=True),
                fields=("slug_en",),
                name="themes_theme_unique_slug_en",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
