"""A covering index of the published projects for the project list's facet counts (PostgreSQL).

projects/facets.py counts every facet within the selection in one query whose common table
expression reads id, status, phase, gender marker and withheld fields of the selected published
projects (and filters them by period). Read from this partial index, PostgreSQL scans a few
hundred small index pages instead of the wide project rows (with 10,000 projects about 4 ms
instead of 12 ms). SQLite has no INCLUDE: nothing there.
"""

from django.db import migrations

from projects.migrations._postgresql import run_on_postgresql

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS projects_project_listed ON projects_project (id) "
    "INCLUDE (status, phase_id, gender_marker, withheld_fields, start_date, end_date) "
    "WHERE publication_state = 'published'",
]
BACKWARDS = ["DROP INDEX IF EXISTS projects_project_listed"]


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_search_vectors"),
    ]

    operations = [migrations.RunPython(run_on_postgresql(FORWARDS), run_on_postgresql(BACKWARDS))]
