"""How many published projects share each pair of facet values, kept by triggers (PostgreSQL).

A facet's counts over a selection of one ticked value ("governance", or Saxony) are read from
`projects_facet_pairs` instead of counted over the projects: a row (a, b, n) says that n
published projects have both value a and value b. Values are written `facet:value` in the
filter's own terms ("theme:3", "status:ongoing", "region:asia"); "*" is a value every published
project has, so the pairs of "*" are the counts of the whole catalogue. A project that withholds
its partner countries has no country or region values (it is neither found nor counted by
them, as the filters say).

This makes the counts of a one-value selection cost the same at any catalogue size; only
selections of two or more ticked values are counted over the rows (projects/facet_rows.py).

Every change of a project's row in projects_facet_values adds the pairs of its new values and
takes away those of its old ones (statement triggers with transition tables). A bulk load may
set `projects.facet_pairs` to 'deferred' in its transaction and call
projects_facet_values_rebuild() at the end (manage.py generate_catalogue does). Changing a
partner country's region rebuilds the pairs.
"""

from django.db import migrations

from projects.migrations._postgresql import run_on_postgresql

# The facet values of one row of projects_facet_values (migration 0014), as text.
ITEMS_FUNCTION = """
CREATE FUNCTION projects_facet_items(r projects_facet_values) RETURNS text[]
LANGUAGE sql STABLE AS $$
SELECT ARRAY['*']
  || ARRAY(SELECT 'theme:' || v FROM unnest(r.themes) v)
  || ARRAY(SELECT 'topic:' || v FROM unnest(r.topics) v)
  || ARRAY(SELECT 'land:' || v FROM unnest(r.laender) v)
  || ARRAY(SELECT 'sdg:' || v FROM unnest(r.sdgs) v)
  || CASE WHEN r.hides_partner_countries THEN '{}'::text[] ELSE
       ARRAY(SELECT 'country:' || v FROM unnest(r.countries) v)
       || ARRAY(SELECT DISTINCT 'region:' || c.region FROM partners_partnercountry c
                WHERE c.id = ANY(r.countries))
     END
  || CASE WHEN r.status <> '' THEN ARRAY['status:' || r.status] ELSE '{}' END
  || CASE WHEN r.phase_id IS NOT NULL THEN ARRAY['phase:' || r.phase_id] ELSE '{}' END
  || CASE WHEN r.gender_marker IS NOT NULL THEN ARRAY['gender:' || r.gender_marker] ELSE '{}' END
$$"""


def _pairs_of(rows, sign):
    """SELECT (x, y, d): the pairs of the published rows of `rows`, each counted `sign`."""
    return (
        f"SELECT x, y, {sign} AS d FROM {rows} r "
        "CROSS JOIN LATERAL (SELECT projects_facet_items(r) AS items) i, "
        "unnest(i.items) x, unnest(i.items) y WHERE r.listed"
    )


def _pair_trigger_function(name, deltas):
    # Sorted, so that two writers touch the pair rows in the same order (no deadlock).
    return f"""
CREATE FUNCTION projects_facet_pairs_on_{name}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('projects.facet_pairs', true) = 'deferred' THEN
    RETURN NULL;
  END IF;
  INSERT INTO projects_facet_pairs AS p (a, b, n)
  SELECT x, y, sum(d) FROM ({" UNION ALL ".join(deltas)}) AS delta
  GROUP BY x, y HAVING sum(d) <> 0 ORDER BY x, y
  ON CONFLICT (a, b) DO UPDATE SET n = p.n + EXCLUDED.n;
  RETURN NULL;
END $$"""


TRIGGERS = {
    # event: (transition tables, the pairs they add and take away)
    "insert": ("NEW TABLE AS new_rows", [_pairs_of("new_rows", 1)]),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        [_pairs_of("new_rows", 1), _pairs_of("old_rows", -1)],
    ),
    "delete": ("OLD TABLE AS old_rows", [_pairs_of("old_rows", -1)]),
}

FORWARDS = [
    "CREATE TABLE projects_facet_pairs "
    "(a text NOT NULL, b text NOT NULL, n integer NOT NULL, PRIMARY KEY (a, b))",
    ITEMS_FUNCTION,
    f"""
CREATE FUNCTION projects_facet_pairs_rebuild() RETURNS void
LANGUAGE sql AS $$
DELETE FROM projects_facet_pairs;
INSERT INTO projects_facet_pairs (a, b, n)
SELECT x, y, count(*) FROM ({_pairs_of("projects_facet_values", 1)}) AS pairs GROUP BY x, y;
$$""",
    # After a bulk load: compact rows (rewritten once per link table) and count the pairs once.
    """
CREATE FUNCTION projects_facet_values_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  pairs text := current_setting('projects.facet_pairs', true);
BEGIN
  TRUNCATE projects_facet_values;
  PERFORM set_config('projects.facet_pairs', 'deferred', true);
  PERFORM projects_facet_values_refresh(ARRAY(SELECT id FROM projects_project));
  PERFORM set_config('projects.facet_pairs', coalesce(pairs, ''), true);
  PERFORM projects_facet_pairs_rebuild();
END $$""",
    *(_pair_trigger_function(event, deltas) for event, (_, deltas) in TRIGGERS.items()),
    *(
        f"CREATE TRIGGER projects_facet_values_pairs_{event} AFTER {event.upper()} "
        f"ON projects_facet_values REFERENCING {tables} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION projects_facet_pairs_on_{event}()"
        for event, (tables, _) in TRIGGERS.items()
    ),
    """
CREATE FUNCTION projects_facet_pairs_on_region() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.region IS DISTINCT FROM o.region) THEN
    PERFORM projects_facet_pairs_rebuild();
  END IF;
  RETURN NULL;
END $$""",
    "CREATE TRIGGER partners_partnercountry_facet_pairs AFTER UPDATE ON partners_partnercountry "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION projects_facet_pairs_on_region()",
    "SELECT projects_facet_pairs_rebuild()",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS partners_partnercountry_facet_pairs ON partners_partnercountry",
    "DROP FUNCTION IF EXISTS projects_facet_pairs_on_region()",
    *(
        f"DROP TRIGGER IF EXISTS projects_facet_values_pairs_{event} ON projects_facet_values"
        for event in TRIGGERS
    ),
    *(f"DROP FUNCTION IF EXISTS projects_facet_pairs_on_{event}()" for event in TRIGGERS),
    "DROP FUNCTION IF EXISTS projects_facet_values_rebuild()",
    "DROP FUNCTION IF EXISTS projects_facet_pairs_rebuild()",
    "DROP FUNCTION IF EXISTS projects_facet_items(projects_facet_values)",
    "DROP TABLE IF EXISTS projects_facet_pairs",
]


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("projects", "0014_facet_rows"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS))]
