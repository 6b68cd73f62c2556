"""The project form in a real browser at 1280 px: folded sections, one primary action, and a
coordinator editing on top of their proposal that waits for review (issue 13, 4 and 12)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from editorial.models import ChangeRequest
from projects.models import Project
from tests.browser.conftest import DETAIL_SLUG, log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "Erste Fassung der Kurzbeschreibung, von Sachsen vorgeschlagen."
SECOND = "Zweite Fassung: Sachsen und Mosambik arbeiten beim Bergbau zusammen."
# The form was 6,221 px (editor) and 6,924 px (coordinator) tall at 1280 px before it folded.
MAX_HEIGHT = 3000


def test_coordinator_edits_on_top_of_the_pending_proposal(editorial_site, page):
    project = Project.objects.get(slug=DETAIL_SLUG)
    live_summary = project.summary_de
    url = editorial_site + reverse("admin:projects_project_change", args=[project.pk])
    log_in_to_admin(page, editorial_site, "koordination-sn")
    page.goto(url)

    # Sections fold: only the first is open; one primary action, no four save buttons.
    sections = page.locator("details.project-section")
    assert sections.count() == 8
    expect(sections.first).to_have_attribute("open", "")
    expect(sections.nth(2)).not_to_have_attribute("open", "")
    expect(page.locator(".project-actions input.default")).to_have_count(1)
    expect(page.locator("input[name=_addanother]")).to_have_count(0)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < MAX_HEIGHT, height

    page.fill("#id_summary_de", FIRST)
    page.click(".project-actions input.default")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    # Reopened: the form shows the proposal (not the live text) and says so.
    page.goto(url)
    expect(page.locator(".workflow-box")).to_contain_text("Das Formular zeigt Ihre Änderung")
    expect(page.locator("#id_summary_de")).to_have_value(FIRST)
    primary = page.locator(".project-actions input.default")
    expect(primary).to_have_value("Vorgeschlagene Änderung aktualisieren")
    # A folded section opens with a click and keeps its fields in the form.
    page.locator("details.project-section summary").nth(2).click()
    expect(page.locator("#land_roles-group")).to_be_visible()

    page.fill("#id_summary_de", SECOND)
    page.fill("#id_title_en", project.title_en + " (update)")
    primary.click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    change = ChangeRequest.objects.pending().get(project=project)  # one proposal, updated
    assert change.proposed["fields"]["summary_de"] == SECOND
    assert change.proposed["fields"]["title_en"] == project.title_en + " (update)"
    assert len(change.proposed["inlines"]["land_roles"]) == project.land_roles.count()
    project.refresh_from_db()
    assert project.summary_de == live_summary
