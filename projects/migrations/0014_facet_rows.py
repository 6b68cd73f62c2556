"""Every project gets a row in projects_facet_values, with the columns its facets filter on
(PostgreSQL).

With the arrays alone the facet counts still read the wide project rows to apply the filters:
at tens of thousands of projects that read, not the counting, was most of a list page's time.
Now a selection made of facets only (theme, Land, status, ...) is taken from this narrow table
alone (projects/facet_rows.py), so counting costs about the same per project whatever the
project's texts weigh.

The rows follow the projects: inserting a project adds its row; an update of the columns copied
here (publication, status, phase, gender marker, withheld fields) refreshes it.
"""

from importlib import import_module

from django.db import migrations

from projects.migrations._postgresql import run_on_postgresql

# column -> (link table, value column): the arrays, as migration 0013 made them
ARRAYS = import_module("projects.migrations.0013_facet_values").LINKS

# column -> its SQL on the project row `p` (the facets' own copies of Project's fields)
COLUMNS = {
    "listed": "p.publication_state = 'published'",
    "status": "p.status",
    "phase_id": "p.phase_id",
    "gender_marker": "p.gender_marker",
    # as projects.models.withholds() matches the JSON list's text
    "hides_partner_countries": "UPPER(p.withheld_fields::text) LIKE UPPER('%\"partner_countries\"%')",
}


def _refresh_function(columns):
    """projects_facet_values_refresh(ids): the rows of projects `ids`, recomputed."""
    values = [
        f"ARRAY(SELECT {value} FROM {table} WHERE project_id = p.id ORDER BY {value})"
        for table, value in ARRAYS.values()
    ]
    names = list(ARRAYS)
    for name, sql in columns.items():
        names.append(name)
        values.append(sql)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names)
    return f"""
CREATE OR REPLACE FUNCTION projects_facet_values_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
INSERT INTO projects_facet_values (project_id, {", ".join(names)})
SELECT p.id, {", ".join(values)}
FROM projects_project p WHERE p.id = ANY(ids)
ON CONFLICT (project_id) DO UPDATE SET {updates};
$$"""


# Which updates of a project touch its row: only those of the copied fields (saving a text
# or the search vectors leaves the row alone).
_CHANGED = " OR ".join(
    f"n.{field} IS DISTINCT FROM o.{field}"
    for field in ("publication_state", "status", "phase_id", "gender_marker", "withheld_fields")
)


def _create_table(columns):
    # Fixed-width columns first: a scan then reaches them without stepping over the arrays.
    return (
        f"CREATE TABLE projects_facet_values (project_id bigint PRIMARY KEY, {columns}"
        + ", ".join(f"{name} bigint[] NOT NULL" for name in ARRAYS)
        + ")"
    )


_BACKFILL = "SELECT projects_facet_values_refresh(ARRAY(SELECT id FROM projects_project))"

FORWARDS = [
    # rebuilt rather than altered, for the column order (the rows are derived data)
    "DROP TABLE projects_facet_values",
    _create_table(
        "phase_id bigint, gender_marker smallint, listed boolean NOT NULL, "
        "hides_partner_countries boolean NOT NULL, status varchar(12) NOT NULL, "
    ),
    _refresh_function(COLUMNS),
    # a new project gets its row at once (it replaces whatever row a reused id had)
    """
CREATE OR REPLACE FUNCTION projects_facet_values_project_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM projects_facet_values_refresh(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$""",
    f"""
CREATE FUNCTION projects_facet_values_project_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM projects_facet_values_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {_CHANGED}));
  RETURN NULL;
END $$""",
    "CREATE TRIGGER projects_project_facets_update AFTER UPDATE ON projects_project "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION projects_facet_values_project_changed()",
    _BACKFILL,
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS projects_project_facets_update ON projects_project",
    "DROP FUNCTION IF EXISTS projects_facet_values_project_changed()",
    # 0013's functions: a new project's row is dropped, the arrays are all that is kept
    """
CREATE OR REPLACE FUNCTION projects_facet_values_project_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM projects_facet_values WHERE project_id IN (SELECT id FROM new_rows);
  RETURN NULL;
END $$""",
    "DROP TABLE projects_facet_values",
    _create_table(""),
    _refresh_function({}),
    _BACKFILL,
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0013_facet_values"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS))]
