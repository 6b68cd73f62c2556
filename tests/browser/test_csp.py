"""The strict CSP in a real browser: Debian chromium reports no violation on public pages and
in the admin (log-in, list, change forms with tabs and inlines, save)."""

import pytest

from pages.models import Page
from projects.models import Project


@pytest.fixture
def admin_site(site, settings, django_user_model):
    """The live server with the demo catalogue and a superuser; two-factor log-in off."""
    settings.OTP_REQUIRED = False
    django_user_model.objects.create_superuser("chef", "chef@example.org", "Browser-test-pw-1")
    return site


def test_no_csp_violation_on_public_pages_and_in_the_admin(chromium, admin_site):
    page = chromium.new_page()
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append((page.url, m.text)) if "Content Security Policy" in m.text else None
        ),
    )
    for path in ["/de/", "/de/projekte/", "/de/projekte/sachsen-mosambik-bergbausicherheit/"]:
        page.goto(admin_site + path)
        page.wait_for_load_state("networkidle")

    page.goto(admin_site + "/admin/login/")
    assert page.locator("#otp-off-notice").is_visible()
    page.fill("#id_username", "chef")
    page.fill("#id_password", "Browser-test-pw-1")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    # Ids are looked up: earlier live-server tests leave SQLite's id counters past 1.
    project_id = Project.objects.order_by("pk").values_list("pk", flat=True).first()
    page_id = Page.objects.order_by("pk").values_list("pk", flat=True).first()
    for path in [
        "/admin/",
        "/admin/projects/project/",
        "/admin/projects/project/add/",
        f"/admin/projects/project/{project_id}/change/",
        "/admin/pages/page/add/",
    ]:
        page.goto(admin_site + path)
        page.wait_for_load_state("networkidle")

    page.goto(admin_site + f"/admin/pages/page/{page_id}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".ui-tabs").count() > 0  # modeltranslation's tabs (vendored jQuery UI)
    page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".messagelist .success").count() == 1
    assert violations == []
