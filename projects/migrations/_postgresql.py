"""Shared by this app's PostgreSQL-only migrations (the loader skips modules starting with "_")."""


def run_on_postgresql(statements):
    """A RunPython function executing `statements` on PostgreSQL and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run
