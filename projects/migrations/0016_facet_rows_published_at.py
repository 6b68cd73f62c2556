"""projects_facet_values also copies each project's publication time, and its Länder, partner
countries and topics get GIN indexes (PostgreSQL).

With the publication time the facet counts' scan of the narrow rows also yields the first page
of the selection, newest first (projects/facet_rows.py), so the list's page query reads 20 rows
by primary key instead of filtering the wide project rows. The indexes let a selection with a
Land, a partner country or a topic read only its rows instead of scanning them all (a theme
holds about a quarter of all projects: a scan is cheaper than an index there).
"""

from importlib import import_module

from django.db import migrations

from projects.migrations._postgresql import run_on_postgresql

ROWS = import_module("projects.migrations.0014_facet_rows")
COLUMNS = {**ROWS.COLUMNS, "published_at": "p.published_at"}
INDEXED = ("laender", "countries", "topics")


def _changed_function(fields):
    """projects_facet_values_project_changed(): refreshes the rows of the projects whose
    copied `fields` an update changed (saving a text leaves the row alone)."""
    changed = " OR ".join(f"n.{field} IS DISTINCT FROM o.{field}" for field in fields)
    return f"""
CREATE OR REPLACE FUNCTION projects_facet_values_project_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM projects_facet_values_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {changed}));
  RETURN NULL;
END $$"""


COPIED = ("publication_state", "status", "phase_id", "gender_marker", "withheld_fields")

FORWARDS = [
    "ALTER TABLE projects_facet_values ADD COLUMN published_at timestamp with time zone",
    ROWS._refresh_function(COLUMNS),
    _changed_function((*COPIED, "published_at")),
    # the pairs do not depend on the time: their triggers need not count this update
    "SELECT set_config('projects.facet_pairs', 'deferred', true)",
    "UPDATE projects_facet_values fv SET published_at = p.published_at "
    "FROM projects_project p WHERE p.id = fv.project_id",
    "SELECT set_config('projects.facet_pairs', '', true)",
    *(
        f"CREATE INDEX projects_facet_values_{name} ON projects_facet_values USING gin ({name})"
        for name in INDEXED
    ),
]

BACKWARDS = [
    *(f"DROP INDEX IF EXISTS projects_facet_values_{name}" for name in INDEXED),
    _changed_function(COPIED),
    ROWS._refresh_function(ROWS.COLUMNS),
    "ALTER TABLE projects_facet_values DROP COLUMN published_at",
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0015_facet_pairs"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS))]
