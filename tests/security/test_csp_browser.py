"""The strict CSP in a real browser: Debian chromium reports no violation on public pages and
in the admin (log-in, list, change forms with tabs and inlines, save).

Needs /usr/bin/chromium and playwright (bash .ci/browser-setup.sh); skipped without them,
failed without them when BLP_REQUIRE_BROWSER=1 (CI).
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from pages.models import Page
from projects.models import Project

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop in this thread
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def chromium():
    missing = None
    if not CHROMIUM.exists():
        missing = f"Debian chromium ({CHROMIUM})"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "the Python package playwright"
    if missing:
        if os.environ.get("BLP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{missing} is missing (BLP_REQUIRE_BROWSER=1)", pytrace=False)
        pytest.skip(f"{missing} is missing; run `bash .ci/browser-setup.sh`")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def site(transactional_db, live_server, settings, django_user_model):
    settings.DEBUG = True  # the demo loader refuses to run otherwise
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    settings.DEBUG = False
    settings.OTP_REQUIRED = False
    django_user_model.objects.create_superuser("chef", "chef@example.org", "Browser-test-pw-1")
    return live_server.url


def test_no_csp_violation_on_public_pages_and_in_the_admin(chromium, site):
    page = chromium.new_page()
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append((page.url, m.text)) if "Content Security Policy" in m.text else None
        ),
    )
    for path in ["/de/", "/de/projekte/", "/de/projekte/sachsen-mosambik-bergbausicherheit/"]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")

    page.goto(site + "/admin/login/")
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
        page.goto(site + path)
        page.wait_for_load_state("networkidle")

    page.goto(site + f"/admin/pages/page/{page_id}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".ui-tabs").count() > 0  # modeltranslation's tabs (vendored jQuery UI)
    page.click("input[name=_save]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".messagelist .success").count() == 1
    assert violations == []
