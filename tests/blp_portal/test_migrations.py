"""Migrations: every one reversible (or saying why not); forward, back to zero, forward again.

The same round trip runs on PostgreSQL in CI (.ci/run, database blp_ci_reverse).
"""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader


def _own_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    base = Path(settings.BASE_DIR)
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        module = Path(__import__(migration.__module__, fromlist=["_"]).__file__)
        if base in module.parents and ".venv" not in module.parts:
            yield f"{app_label}.{name}", migration


def test_every_migration_is_reversible_or_says_why_not():
    problems = []
    for label, migration in _own_migrations():
        if getattr(migration, "irreversible_reason", ""):
            continue
        for operation in migration.operations:
            if not operation.reversible:
                problems.append(f"{label}: {operation.describe()}")
    assert not problems, (
        "Irreversible operations; make them reversible or set Migration.irreversible_reason: "
        + "; ".join(problems)
    )


# Third-party apps with a migration that cannot be reversed stay at their latest state (no
# migration of ours depends on them); their tables are the only ones left at "zero".
ONE_WAY_APPS = {"django_tasks_database": "0013_separate_exception_fields: RunPython, no reverse"}


@pytest.mark.django_db(transaction=True)
def test_migrations_run_forward_back_to_zero_and_forward_again():
    # Start from empty tables as a fresh database would: rows that post_migrate recreated after
    # earlier tests (permissions with names longer than Django's first auth migration allowed)
    # would otherwise stop Django's own migrations from going back.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    executor = MigrationExecutor(connection)
    apps_with_migrations = sorted(set(executor.loader.migrated_apps) - set(ONE_WAY_APPS))
    one_way_tables = {
        model._meta.db_table
        for label in ONE_WAY_APPS
        for model in django_apps.get_app_config(label).get_models()
    }
    # back to zero, every app (Django orders the unapply steps by dependency)
    executor.migrate([(app, None) for app in apps_with_migrations])
    executor.loader.build_graph()
    with connection.cursor() as cursor:
        remaining = set(connection.introspection.table_names(cursor)) - {"django_migrations"}
    remaining -= one_way_tables
    assert not remaining, f"tables left after migrating to zero: {sorted(remaining)}"
    # and forward again to the latest state
    call_command("migrate", verbosity=0, stdout=StringIO())
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
