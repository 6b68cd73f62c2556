"""Issue 13.12 in the import: a new project (always a draft) may leave phase and status open;
a project beyond the draft keeps both."""

import pytest

from projects.models import Project
from tests.editorial.spreadsheets.conftest import row, sheet
from tests.editorial.spreadsheets.test_import import _confirm, _preview
from tests.factories import make_land, make_phase, make_project

pytestmark = pytest.mark.django_db


def test_new_draft_may_leave_phase_and_status_open(reference_data, editor_client):
    preview = _preview(editor_client, sheet(row("offen", phase="", status="")))
    assert preview.context["confirm_form"] is not None, preview.content.decode()[-3000:]
    _confirm(editor_client, preview)
    project = Project.objects.get(slug="offen")
    assert (project.phase, project.status) == (None, "")
    assert project.publication_state == Project.PublicationState.DRAFT


@pytest.mark.parametrize("column", ["phase", "status"])
def test_published_project_keeps_phase_and_status(reference_data, editor_client, column):
    make_project(
        slug="live",
        phase=make_phase("blp-iii"),
        laender=[make_land("DE-SN", "Sachsen", "Saxony")],
    )
    response = _preview(editor_client, sheet(row("live", **{column: ""})))
    assert response.context.get("confirm_form") is None
    assert "Required once the project is beyond the draft." in response.content.decode()
    project = Project.objects.get(slug="live")
    assert project.phase is not None and project.status == Project.Status.ONGOING
