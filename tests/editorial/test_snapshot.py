"""Snapshots of proposed changes: the editor's diff shows what really changed."""

import pytest
from django.contrib import admin

from editorial import snapshot
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_diff_ignores_the_line_breaks_a_browser_sends(projects):
    """Browsers send a textarea's lines with CRLF: not a change of the description."""
    project = projects["a"]
    project.description_de = "Erster Absatz.\n\nZweiter Absatz."
    project.save()
    relations = admin.site._registry[Project].inline_relations()
    live = snapshot.from_object(project, relations)
    proposed = snapshot.from_object(project, relations)
    proposed["fields"]["description_de"] = "Erster Absatz.\r\n\r\nZweiter Absatz."
    proposed["fields"]["summary_de"] = "Neue Kurzbeschreibung"
    changed = [
        str(label) for label, _old, _new in snapshot.diff(live, proposed, Project, relations)
    ]
    assert changed == [str(Project._meta.get_field("summary_de").verbose_name)]
