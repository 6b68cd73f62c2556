"""The barrier report form on the accessibility statement in a real browser: a rejected form
keeps the text and names the problem accessibly, a later send is thanked, and no cookie is set."""

import re

import pytest
from playwright.sync_api import expect

from pages.forms import MIN_FILL_SECONDS
from pages.models import Feedback
from tests.browser.conftest import format_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_report_a_barrier(site, page, run_axe):
    page.goto(f"{site}/de/rechtliches/barrierefreiheit/")
    form = page.locator("#feedback-form")
    expect(form.get_by_label("Dieses Feld bitte leer lassen")).to_be_hidden()  # the honeypot
    form.get_by_label("Adresse oder Name der Seite mit der Barriere").fill("/de/projekte/")
    form.get_by_label("Auf welche Barriere sind Sie gestoßen?").fill("Der Kontrast ist zu schwach.")
    form.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill("keine-adresse")
    form.get_by_role("button", name="Nachricht senden").click()

    # rejected (invalid address, and sent within the minimum fill time): the text is kept
    expect(page.get_by_role("alert")).to_contain_text("noch nicht gesendet")
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    email = page.locator("#feedback-form").get_by_label("Ihre E-Mail-Adresse (freiwillig)")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_message")).to_have_value("Der Kontrast ist zu schwach.")
    violations = run_axe(page)
    assert not violations, format_violations(violations)

    email.fill("")
    page.wait_for_timeout(MIN_FILL_SECONDS * 1000)
    page.locator("#feedback-form").get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Rückmeldung")
    assert Feedback.objects.get().message == "Der Kontrast ist zu schwach."
    assert page.context.cookies() == []
