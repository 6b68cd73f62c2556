"""The folded word indexes of the project search (projects/search.py), one per language, the same
words on both engines: lower case, no diacritics, ß → ss, split at everything but letters and
digits; title, summary and body (description and partner region, each left out while withheld),
English falling back to German where empty. Only published projects count.

- SQLite: FTS5 tables projects_search_de / _en (tokenizer unicode61 remove_diacritics 2, which
  folds case and diacritics; ß is replaced before), their fts5vocab tables (the vocabulary), and
  triggers on projects_project that keep them in step on every insert, update and delete (also
  bulk_create and queryset.update()). Built here from the existing rows.
- PostgreSQL: generated columns search_words_de / _en (to_tsvector('simple', …) of the folded
  text; weights A title, B summary, C body) with GIN indexes; recomputed by PostgreSQL on every
  write. The vocabulary is ts_stat over them.

Reversible: backwards drops all of it.
"""

from django.db import migrations

LANGUAGES = ("de", "en")
PG_FOLD_FROM = "àáâãäåāăąçćčďèéêëēėęěğìíîïīñńňòóôõöōőřśšşťùúûüūůűýÿžźż"
PG_FOLD_TO = "aaaaaaaaacccdeeeeeeeegiiiiinnnooooooorssstuuuuuuuyyzzz"


def _text(row, field, language):
    if language == "de":
        return f"COALESCE({row}{field}_de, '')"
    return f"COALESCE(NULLIF({row}{field}_{language}, ''), {row}{field}_de, '')"


def _unless_withheld(row, name, sql, vendor):
    withheld = (
        f"{row}withheld_fields ? '{name}'"
        if vendor == "postgresql"
        else f"{row}withheld_fields LIKE '%\"{name}\"%'"
    )
    return f"CASE WHEN {withheld} THEN '' ELSE {sql} END"


def _columns(row, language, vendor):
    body = (
        _unless_withheld(row, "description", _text(row, "description", language), vendor)
        + " || ' ' || "
        + _unless_withheld(row, "partner_region", _text(row, "partner_region", language), vendor)
    )
    return {
        "title": _text(row, "title", language),
        "summary": _text(row, "summary", language),
        "body": body,
    }


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_insert(language, row, where):
    columns = {
        name: f"replace(replace({sql}, 'ß', 'ss'), 'ẞ', 'ss')"
        for name, sql in _columns(row, language, "sqlite").items()
    }
    rowid = f"{row}id" if row else "id"
    return (
        f"INSERT INTO projects_search_{language} (rowid, title, summary, body) "
        f"SELECT {rowid}, {columns['title']}, {columns['summary']}, {columns['body']} {where}"
    )


def sqlite_forwards():
    statements = []
    for language in LANGUAGES:
        table = f"projects_search_{language}"
        published = "publication_state = 'published'"
        statements += [
            f"CREATE VIRTUAL TABLE {table} USING fts5(title, summary, body, "
            "tokenize = 'unicode61 remove_diacritics 2')",
            f"CREATE VIRTUAL TABLE {table}_vocab USING fts5vocab({table}, 'row')",
            _sqlite_insert(language, "", f"FROM projects_project WHERE {published}"),
            f"CREATE TRIGGER {table}_insert AFTER INSERT ON projects_project "
            f"WHEN new.{published} BEGIN " + _sqlite_insert(language, "new.", "") + "; END",
            f"CREATE TRIGGER {table}_update AFTER UPDATE ON projects_project BEGIN "
            f"DELETE FROM {table} WHERE rowid = old.id; "
            + _sqlite_insert(language, "new.", f"WHERE new.{published}")
            + "; END",
            f"CREATE TRIGGER {table}_delete AFTER DELETE ON projects_project BEGIN "
            f"DELETE FROM {table} WHERE rowid = old.id; END",
        ]
    return statements


def sqlite_backwards():
    statements = []
    for language in LANGUAGES:
        table = f"projects_search_{language}"
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_{event}" for event in ("insert", "update", "delete")
        ]
        statements += [f"DROP TABLE IF EXISTS {table}_vocab", f"DROP TABLE IF EXISTS {table}"]
    return statements


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_fold(sql):
    lowered = f"translate(lower(replace({sql}, 'ß', 'ss')), '{PG_FOLD_FROM}', '{PG_FOLD_TO}')"
    return f"regexp_replace({lowered}, '[^[:alnum:]]+', ' ', 'g')"


def _pg_vector(language):
    weights = {"title": "A", "summary": "B", "body": "C"}
    parts = [
        f"setweight(to_tsvector('simple'::regconfig, {_pg_fold(sql)}), '{weights[name]}')"
        for name, sql in _columns("", language, "postgresql").items()
    ]
    return " || ".join(parts)


def pg_forwards():
    statements = []
    for language in LANGUAGES:
        column = f"search_words_{language}"
        statements += [
            f"ALTER TABLE projects_project ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS ({_pg_vector(language)}) STORED",
            f"CREATE INDEX projects_project_{column} ON projects_project USING gin ({column})",
        ]
    return statements + ["ANALYZE projects_project"]


def pg_backwards():
    return [
        f"ALTER TABLE projects_project DROP COLUMN IF EXISTS search_words_{language}"
        for language in LANGUAGES
    ]


def _run(sqlite, postgresql):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = {"sqlite": sqlite, "postgresql": postgresql}.get(vendor)
        for statement in statements() if statements else []:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0005_listed_projects_index"),
    ]

    operations = [
        migrations.RunPython(
            _run(sqlite_forwards, pg_forwards), _run(sqlite_backwards, pg_backwards)
        )
    ]
