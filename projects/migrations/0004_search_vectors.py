"""Stored, indexed search data for the project search (projects/search.py); PostgreSQL only.

- `search_de`, `search_en`: generated tsvector columns (german / english dictionary) over title
  (weight A), summary (B), description and partner region (C) in that language, German where
  the English text is empty (as the pages show it). A part the project withholds
  (`withheld_fields` contains "description" or "partner_region") is left out, so it can never
  be found by its words. PostgreSQL recomputes the columns on every insert and update, also on
  bulk_create and queryset.update(); each has a GIN index.
- GIN trigram indexes on the title in each language, for the typo-tolerant `<%` match.

The columns are not fields of the Django model (SQLite has no tsvector): search.py reads them
by name. A later migration that changes the type of a column used here must drop and recreate
these columns (PostgreSQL refuses to alter a column a generated column depends on).
On SQLite this migration does nothing; the search falls back to a plain text match there.
"""

from django.db import migrations

from projects.migrations._postgresql import run_on_postgresql

CONFIGS = {"de": "german", "en": "english"}


def _text(field, language):
    if language == "de":
        return f"COALESCE({field}_de, '')"
    return f"COALESCE(NULLIF({field}_{language}, ''), {field}_de, '')"


def _unless_withheld(name, sql):
    return f"CASE WHEN withheld_fields ? '{name}' THEN '' ELSE {sql} END"


def _vector(language):
    config = f"'{CONFIGS[language]}'::regconfig"
    weight_c = (
        _unless_withheld("description", _text("description", language))
        + " || ' ' || "
        + _unless_withheld("partner_region", _text("partner_region", language))
    )
    return (
        f"setweight(to_tsvector({config}, {_text('title', language)}), 'A')"
        f" || setweight(to_tsvector({config}, {_text('summary', language)}), 'B')"
        f" || setweight(to_tsvector({config}, {weight_c}), 'C')"
    )


FORWARDS = [
    statement
    for language in CONFIGS
    for statement in (
        f"ALTER TABLE projects_project ADD COLUMN search_{language} tsvector "
        f"GENERATED ALWAYS AS ({_vector(language)}) STORED",
        f"CREATE INDEX projects_project_search_{language} ON projects_project "
        f"USING gin (search_{language})",
        f"CREATE INDEX projects_project_title_{language}_trgm ON projects_project "
        f"USING gin (({_text('title', language)}) gin_trgm_ops)",
    )
] + ["ANALYZE projects_project"]

BACKWARDS = [
    statement
    for language in CONFIGS
    for statement in (
        f"DROP INDEX IF EXISTS projects_project_title_{language}_trgm",
        f"ALTER TABLE projects_project DROP COLUMN IF EXISTS search_{language}",
    )
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_pg_trgm"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS))]
