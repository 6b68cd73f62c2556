"""A Land's profile in a real browser: the coordinator of Saxony edits the profile, the public
Land page keeps the approved text until a GIZ editor approves the change; then it shows it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from editorial.models import ChangeRequest
from partners.models import Land
from tests.browser.conftest import DESKTOP, approve_as_editor, propose_as_coordinator

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PROFILE = "Sachsen arbeitet mit Partnern in Afrika und Asien – von der GIZ geprüft."


def test_coordinator_proposes_profile_editor_approves(editorial_site, chromium, page):
    land = Land.objects.get(code="DE-SN")
    public_url = editorial_site + reverse("partners:land", args=[land.slug])

    propose_as_coordinator(
        page,
        editorial_site,
        reverse("admin:partners_land_change", args=[land.pk]),
        "profile_de",
        NEW_PROFILE,
        "Profil aktualisiert",
    )
    change = ChangeRequest.objects.pending().get(land=land)

    visitor = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    public = visitor.new_page()
    public.goto(public_url)
    expect(public.locator("main")).not_to_contain_text(NEW_PROFILE)

    editor_context = approve_as_editor(chromium, editorial_site, change, NEW_PROFILE)

    public.goto(public_url)
    expect(public.locator("main")).to_contain_text(NEW_PROFILE)
    editor_context.close()
    visitor.close()
