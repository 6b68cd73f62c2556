"""A project update in a real browser at 1280 px: the coordinator of Saxony posts one for a
project of their Land, the public page shows nothing until a GIZ editor publishes it from the
change list; then the page lists it under "Neuigkeiten".

With BLP_SCREENSHOTS=<directory> the admin form, the change list and the public section are
saved as PNG files at 1280 and 375 px, to be looked at.
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Project
from projects.updates import ProjectUpdate
from tests.browser.conftest import DESKTOP, DETAIL_SLUG, log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Die Bergbauaufsicht in Tete hat ihre erste gemeinsame Grubenbegehung abgeschlossen."
SHOTS = os.environ.get("BLP_SCREENSHOTS")


def _shot(page, name):
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_coordinator_posts_an_update_editor_publishes_it(editorial_site, chromium, page):
    project = Project.objects.get(slug=DETAIL_SLUG)
    public_url = editorial_site + project.get_absolute_url()

    log_in_to_admin(page, editorial_site, "koordination-sn")
    page.goto(f"{editorial_site}{reverse('admin:projects_projectupdate_add')}?project={project.pk}")
    expect(page.locator("h1")).to_have_text("Projektneuigkeit hinzufügen")
    page.fill("#id_text_de", TEXT)
    page.fill("#id_text_en", "The mining inspectorate in Tete finished its first joint inspection.")
    page.fill("#id_link", "https://www.giz.de/de/weltweit/132983.html")
    expect(page.locator("#id_publication_state")).to_have_count(0)  # GIZ decides
    _shot(page, "update-form-coordinator")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    update = ProjectUpdate.objects.get(project=project)
    assert update.publication_state == Project.PublicationState.REVIEW

    visitor = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    public = visitor.new_page()
    public.goto(public_url)
    expect(public.locator("main")).not_to_contain_text(TEXT)

    editor_context = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    editor = editor_context.new_page()
    log_in_to_admin(editor, editorial_site, "redaktion-giz")
    editor.goto(editorial_site + reverse("admin:projects_projectupdate_changelist"))
    expect(editor.locator("#result_list tbody tr")).to_have_count(1)
    expect(editor.locator("#result_list")).to_contain_text("In Prüfung")
    editor.check(f"input[name=_selected_action][value='{update.pk}']")
    editor.select_option("select[name=action]", "publish_selected")
    _shot(editor, "update-changelist-editor")
    editor.click("button[name=index]")
    expect(editor.locator(".messagelist .success")).to_contain_text("1 Neuigkeit veröffentlicht")
    expect(editor.locator("#result_list")).to_contain_text("Veröffentlicht")

    public.goto(public_url)
    section = public.locator("section.project-updates")
    expect(section.locator("h2")).to_have_text("Neuigkeiten")
    expect(section).to_contain_text(TEXT)
    expect(section.locator("a", has_text="Mehr zu dieser Neuigkeit")).to_have_attribute(
        "href", "https://www.giz.de/de/weltweit/132983.html"
    )
    section.scroll_into_view_if_needed()
    _shot(public, "update-public-section")
    editor_context.close()
    visitor.close()
