"""Each project's facet values as arrays in one narrow table, kept by triggers (PostgreSQL).

The facet counts of the project list (projects/facets.py) joined every link table (themes,
topics, Länder, partner countries, SDGs) with the selection: each join read and hashed the whole
link table, which made counting the slowest part of a list page. With the values of
each project in one row the selection picks them up in one join by primary key and every facet
is counted by unnesting its array.

`projects_facet_values` holds one row per project that has a link. Statement triggers with
transition tables recompute the rows of the projects a write touched (so bulk_create of 10,000
links costs one statement, not 10,000); deleting or truncating projects removes their rows, and
a new project replaces whatever row its id had (ids can be reused after a test's flush).
SQLite counts from the link tables as before and has no such table.
"""

from django.db import migrations

from projects.migrations._postgresql import run_on_postgresql

# (link table, its project column): the sources of the arrays, in the table's column order
LINKS = {
    "themes": ("projects_project_themes", "theme_id"),
    "topics": ("projects_project_topics", "theme_id"),
    "laender": ("projects_projectland", "land_id"),
    "countries": ("projects_project_partner_countries", "partnercountry_id"),
    "sdgs": ("projects_project_sdgs", "sustainabledevelopmentgoal_id"),
}


def _refresh_function():
    arrays = ",\n".join(
        f"ARRAY(SELECT {value} FROM {table} WHERE project_id = p.id ORDER BY {value})"
        for table, value in LINKS.values()
    )
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in LINKS)
    return f"""
CREATE FUNCTION projects_facet_values_refresh(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
INSERT INTO projects_facet_values (project_id, {", ".join(LINKS)})
SELECT p.id, {arrays}
FROM projects_project p WHERE p.id = ANY(ids)
ON CONFLICT (project_id) DO UPDATE SET {updates};
$$"""


def _trigger_functions():
    statements = []
    for source, table in (("new_rows", "insert"), ("old_rows", "delete")):
        statements.append(f"""
CREATE FUNCTION projects_facet_values_on_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM projects_facet_values_refresh(ARRAY(SELECT DISTINCT project_id FROM {source}));
  RETURN NULL;
END $$""")
    statements.append("""
CREATE FUNCTION projects_facet_values_on_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM projects_facet_values_refresh(ARRAY(
    SELECT project_id FROM old_rows UNION SELECT project_id FROM new_rows));
  RETURN NULL;
END $$""")
    return statements


def _link_triggers():
    statements = []
    for table, _value in LINKS.values():
        statements += [
            f"CREATE TRIGGER {table}_facets_insert AFTER INSERT ON {table} "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION projects_facet_values_on_insert()",
            f"CREATE TRIGGER {table}_facets_delete AFTER DELETE ON {table} "
            "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION projects_facet_values_on_delete()",
            f"CREATE TRIGGER {table}_facets_update AFTER UPDATE ON {table} "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION projects_facet_values_on_update()",
        ]
    return statements


PROJECT_TRIGGERS = [
    """
CREATE FUNCTION projects_facet_values_project_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM projects_facet_values;
  ELSE
    DELETE FROM projects_facet_values WHERE project_id IN (SELECT id FROM old_rows);
  END IF;
  RETURN NULL;
END $$""",
    """
CREATE FUNCTION projects_facet_values_project_new() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM projects_facet_values WHERE project_id IN (SELECT id FROM new_rows);
  RETURN NULL;
END $$""",
    "CREATE TRIGGER projects_project_facets_delete AFTER DELETE ON projects_project "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION projects_facet_values_project_gone()",
    "CREATE TRIGGER projects_project_facets_truncate AFTER TRUNCATE ON projects_project "
    "FOR EACH STATEMENT EXECUTE FUNCTION projects_facet_values_project_gone()",
    "CREATE TRIGGER projects_project_facets_insert AFTER INSERT ON projects_project "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION projects_facet_values_project_new()",
]

FORWARDS = [
    "CREATE TABLE projects_facet_values (project_id bigint PRIMARY KEY, "
    + ", ".join(f"{name} bigint[] NOT NULL" for name in LINKS)
    + ")",
    _refresh_function(),
    *_trigger_functions(),
    *_link_triggers(),
    *PROJECT_TRIGGERS,
    "SELECT projects_facet_values_refresh(ARRAY(SELECT id FROM projects_project))",
]

BACKWARDS = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_facets_{event} ON {table}"
        for table, _value in LINKS.values()
        for event in ("insert", "delete", "update")
    ),
    *(
        f"DROP TRIGGER IF EXISTS projects_project_facets_{event} ON projects_project"
        for event in ("insert", "delete", "truncate")
    ),
    *(
        f"DROP FUNCTION IF EXISTS projects_facet_values_{name}()"
        for name in ("on_insert", "on_delete", "on_update", "project_gone", "project_new")
    ),
    "DROP FUNCTION IF EXISTS projects_facet_values_refresh(bigint[])",
    "DROP TABLE IF EXISTS projects_facet_values",
]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0012_listed_index_published_at"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS))]
