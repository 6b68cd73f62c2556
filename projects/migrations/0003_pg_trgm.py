"""pg_trgm for the typo-tolerant project search (projects/search.py); PostgreSQL only."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class PostgresOnlyTrigramExtension(TrigramExtension):
    """CREATE EXTENSION pg_trgm on PostgreSQL; nothing on SQLite (the search falls back there)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Other apps or databases may use the extension too: leave it in place.
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_withheld_fields_results"),
    ]

    operations = [PostgresOnlyTrigramExtension()]
