"""The review workflow in a real browser: a Länder coordinator edits a published project of
their Land and proposes the change; the public page keeps the approved text until a GIZ editor
approves the change on the dashboard's link; then the public page shows the new text."""

import pytest
from django.urls import reverse
from django.utils import translation

from editorial.models import ChangeRequest
from projects.models import Project
from tests.browser.conftest import DESKTOP, DETAIL_SLUG, approve_as_editor, propose_as_coordinator

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SUMMARY = "Neue Kurzbeschreibung, von Sachsen vorgeschlagen und von der GIZ geprüft."


def _public_summary(page, site, project):
    with translation.override("de"):
        page.goto(site + project.get_absolute_url())
    return page.locator("main").inner_text()


def test_coordinator_proposes_editor_approves_public_page_changes(editorial_site, chromium, page):
    project = Project.objects.get(slug=DETAIL_SLUG)
    assert project.publication_state == Project.PublicationState.PUBLISHED
    assert project.land_roles.filter(land__code="DE-SN").exists()
    old_summary = project.summary_de

    # The coordinator edits the German summary and proposes the change.
    propose_as_coordinator(
        page,
        editorial_site,
        reverse("admin:projects_project_change", args=[project.pk]),
        "summary_de",
        NEW_SUMMARY,
        "Kurzbeschreibung aktualisiert",
        save=".workflow-buttons input[name=_save]",
    )
    change = ChangeRequest.objects.pending().get(project=project)

    # The public page still shows the approved version.
    visitor = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    public = visitor.new_page()
    text = _public_summary(public, editorial_site, project)
    assert old_summary[:60] in text and NEW_SUMMARY not in text

    # The editor finds the proposal on the dashboard, sees the difference and approves it.
    editor_context = approve_as_editor(
        chromium, editorial_site, change, NEW_SUMMARY, comment="Kurzbeschreibung aktualisiert"
    )

    # Now the public page shows the new text.
    assert NEW_SUMMARY in _public_summary(public, editorial_site, project)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
    editor_context.close()
    visitor.close()
