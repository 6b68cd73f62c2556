"""The start pages in a real browser at 1280 px: the Saxony coordinator sees what needs doing
and confirms an old entry unchanged with one click; the GIZ editor sees the review queue."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from editorial.models import WorkflowEvent
from projects.models import Project
from tests.browser.conftest import DESKTOP, log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


def _saxony_projects():
    return Project.objects.filter(
        land_roles__land__code="DE-SN", publication_state=Project.PublicationState.PUBLISHED
    ).order_by("pk")


def _count(page, label):
    text = page.locator(".start-menu").inner_text()
    return int(re.search(rf"{label} \((\d+)\)", text).group(1))


def test_coordinator_confirms_an_old_entry_on_the_start_page(editorial_site, page):
    old = _saxony_projects().first()
    long_ago = timezone.now() - timedelta(days=500)
    Project.objects.filter(pk=old.pk).update(published_at=long_ago, created_at=long_ago)
    WorkflowEvent.objects.filter(project=old).delete()

    assert page.viewport_size == DESKTOP
    log_in_to_admin(page, editorial_site, "koordination-sn")
    due = page.locator("#due")
    expect(due).to_contain_text(str(old))
    before = _count(page, "Zu bestätigen")
    assert before >= 1
    due.get_by_role("button", name=f"Unverändert bestätigen: {old}").click()

    expect(page.locator(".messagelist .success")).to_contain_text(str(old))
    expect(page).to_have_url(editorial_site + reverse("admin:index"))
    assert _count(page, "Zu bestätigen") == before - 1
    event = WorkflowEvent.objects.get(project=old, action=WorkflowEvent.Action.CONFIRMED)
    assert event.actor.username == "koordination-sn" and event.land.code == "DE-SN"


def test_editor_sees_the_review_queue(editorial_site, page):
    waiting = _saxony_projects().last()
    Project.objects.filter(pk=waiting.pk).update(publication_state=Project.PublicationState.REVIEW)
    log_in_to_admin(page, editorial_site, "redaktion-giz")
    assert _count(page, "Zu prüfen") >= 1
    queue = page.locator("#review-queue")
    link = queue.get_by_role("link", name=str(waiting))
    expect(link).to_be_visible()
    # the menu leads to the list
    page.get_by_role("link", name=re.compile(r"Zu prüfen \(\d+\)")).click()
    expect(page).to_have_url(re.compile("#review-queue$"))
    link.click()
    expect(page).to_have_url(
        editorial_site + reverse("admin:projects_project_change", args=[waiting.pk])
    )
    # the project form names the last confirmation and confirms in one click
    expect(page.locator(".confirmation-box")).to_be_visible()
    page.locator(".confirmation-box button").click()
    expect(page.locator(".messagelist .success")).to_contain_text(str(waiting))
