"""Real-browser tests: Debian chromium driven by Playwright, judged by axe-core and vnu.jar.

The tools are installed by `bash .ci/browser-setup.sh` (apt: chromium, a headless JRE; npm:
axe-core and vnu-jar into ./node_modules). Without them the affected tests skip and say what
is missing; with BLP_REQUIRE_BROWSER=1 (as in CI) a missing tool fails the test instead.

Playwright's sync API keeps an asyncio loop running in the test thread, so Django's ORM would
raise SynchronousOnlyOperation in these tests; the environment flag below allows it (tests only).
One chromium is shared by all tests in this package and closed after the last of them, so the
loop does not outlive the browser tests.
"""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from editorial.models import Coordinator
from editorial.scope import COORDINATORS, EDITORS
from partners.models import Land

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP_HINT = "run `bash .ci/browser-setup.sh` in the project root"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # deprecated in axe 4.14 (WCAG 2.2 dropped SC 4.1.1), so it has to be asked for
    "rules": {"duplicate-id": {"enabled": True}},
    "resultTypes": ["violations"],
}
DESKTOP = {"width": 1280, "height": 800}

# A demo project with many partners, Länder contributions and links.
DETAIL_SLUG = "sachsen-mosambik-bergbausicherheit"
# A demo project with a predecessor (the predecessor/successor links on the detail page).
SUCCESSOR_SLUG = "hamburg-mexiko-umweltpartnerschaft-ii"


def require(available, what):
    """Skip the test when a tool is missing; fail it when BLP_REQUIRE_BROWSER=1."""
    if available:
        return
    message = f"{what} is missing; {SETUP_HINT}"
    if os.environ.get("BLP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (BLP_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


# Every public page type: test id, language, URL name, URL arguments, query string, HTTP status.
PUBLIC_PAGES = [
    ("home-de", "de", "home", [], "", 200),
    ("home-en", "en", "home", [], "", 200),
    ("list", "de", "projects:list", [], "", 200),
    ("list-filtered", "de", "projects:list", [], "?theme=governance&land=de-sn", 200),
    ("list-empty", "de", "projects:list", [], "?land=de-be", 200),  # no demo project in Berlin
    ("search", "de", "projects:list", [], "?q=Wasser&sort=title", 200),  # highlighted matches
    ("search-en", "en", "projects:list", [], "?q=water", 200),
    ("detail", "de", "projects:detail", [DETAIL_SLUG], "", 200),
    ("detail-successor", "de", "projects:detail", [SUCCESSOR_SLUG], "", 200),
    ("theme", "de", "themes:detail", ["governance"], "", 200),
    ("laender", "de", "partners:laender", [], "", 200),
    ("land", "de", "partners:land", ["de-sn"], "", 200),
    ("partner-countries", "de", "partners:countries", [], "", 200),
    ("partner-country", "de", "partners:country", ["ug"], "", 200),
    ("statistics", "de", "statistics", [], "", 200),
    ("about-page", "de", "pages:about", ["ziele"], "", 200),
    ("legal-page", "de", "pages:legal", ["impressum"], "", 200),
    # BITV 2.0: the statement with its feedback form, Leichte Sprache / plain English, sign language
    ("accessibility-statement", "de", "pages:legal", ["barrierefreiheit"], "", 200),
    ("easy-read", "de", "pages:access", ["leichte-sprache"], "", 200),
    ("easy-read-en", "en", "pages:access", ["plain-english"], "", 200),
    ("sign-language", "de", "pages:access", ["gebaerdensprache"], "", 200),
    ("feedback-thanks", "de", "pages:feedback_thanks", [], "", 200),
    ("open-data", "de", "opendata:index", [], "", 200),
    # the list and a card as other sites embed them in an iframe
    ("embed-list", "de", "embed:list", [], "?theme=governance", 200),
    ("embed-card", "de", "embed:card", [DETAIL_SLUG], "", 200),
    ("not-found", "de", None, [], "/de/gibt-es-nicht/", 404),
]
PAGE_IDS = [page_id for page_id, *_ in PUBLIC_PAGES]


def public_pages():
    """Test id -> (path, expected HTTP status) for every public page type.

    Paths come from reverse() in the page's language, so they follow the translated URL
    patterns whether or not locale/de is compiled yet.
    """
    pages = {}
    for page_id, language, name, args, query, status in PUBLIC_PAGES:
        with translation.override(language):
            path = reverse(name, args=args) if name else ""
        pages[page_id] = (path + query, status)
    return pages


@pytest.fixture
def site(transactional_db, live_server, settings):
    """The live server's base URL, with the demo catalogue loaded for this test."""
    settings.DEBUG = True  # the demo loader refuses to run otherwise
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    settings.DEBUG = False
    return live_server.url


@pytest.fixture(scope="package")
def chromium():
    """One headless Debian chromium for all browser tests."""
    require(CHROMIUM.exists(), f"Debian chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "the Python package playwright (.venv/bin/pip install playwright)")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    # While playwright's event loop runs in this thread, asgiref gives Django's ORM a database
    # connection of its own (per context, not per thread). Close it before the loop goes away:
    # afterwards nothing could reach it, and PostgreSQL would refuse to drop the test database.
    connections.close_all()
    playwright.stop()


@pytest.fixture
def page(chromium):
    """A fresh browser context (no cookies, no history) and page for each test."""
    context = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    context.set_default_timeout(10_000)
    in_flight = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    page = context.new_page()
    yield page
    # Let late requests (htmx, the favicon) finish before the test's database is flushed: the
    # live server shares the in-memory SQLite database, and a running request locks its tables.
    for _ in range(100):
        if not in_flight:
            break
        page.wait_for_timeout(50)
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    require(AXE_JS.exists(), f"axe-core ({AXE_JS.relative_to(ROOT)})")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def run_axe(axe_source):
    """run_axe(page) -> axe violations for the loaded page (WCAG 2.0/2.1 A and AA).

    axe is injected with page.evaluate, which a Content-Security-Policy does not block.
    """

    def run(page):
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        return page.evaluate(
            "async (options) => (await axe.run(document, options)).violations", AXE_OPTIONS
        )

    return run


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def fetch(url):
    """Status and body of a URL, straight from the server (no proxy, errors included)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


@dataclass
class HtmlCheck:
    """vnu.jar over the served HTML of all public pages in one run (one JVM start)."""

    java: str
    workdir: Path
    statuses: dict = field(default_factory=dict)
    messages: dict | None = None

    def run(self, base_url):
        files = {}
        for page_id, (path, _expected) in public_pages().items():
            self.statuses[page_id], body = fetch(base_url + path)
            target = self.workdir / f"{page_id}.html"
            target.write_bytes(body)
            files[target.name] = page_id
        result = subprocess.run(
            [self.java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always"]
            + [str(self.workdir / name) for name in files],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0 or not result.stdout.strip():
            raise RuntimeError(f"vnu.jar did not run (exit {result.returncode}):\n{result.stderr}")
        self.messages = {page_id: [] for page_id in files.values()}
        for message in json.loads(result.stdout)["messages"]:
            name = message.get("url", "").rsplit("/", 1)[-1]
            # a message without a document (an I/O problem) counts against every page
            for page_id in [files[name]] if name in files else self.messages:
                self.messages[page_id].append(message)

    def errors(self, page_id):
        """Errors and non-document errors; warnings ("info") do not fail a page."""
        return [m for m in self.messages[page_id] if m.get("type") != "info"]


@pytest.fixture(scope="session")
def _html_check(tmp_path_factory):
    java = shutil.which("java")
    require(java, "Java (for vnu.jar; apt-get install default-jre-headless)")
    require(VNU_JAR.exists(), f"the Nu Html Checker ({VNU_JAR.relative_to(ROOT)})")
    return HtmlCheck(java=java, workdir=tmp_path_factory.mktemp("vnu"))


@pytest.fixture
def html_check(request, _html_check):
    """The session's vnu results. Only the first test that asks sets up the demo site and runs
    vnu; the others read the cached result without touching the database."""
    if _html_check.messages is None:
        _html_check.run(request.getfixturevalue("site"))
    return _html_check


def format_vnu(messages):
    return "\n".join(
        f"line {m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}\n"
        f"    {m.get('extract', '').strip()[:200]}"
        for m in messages
    )


# --- The editorial office in the browser (test_editorial_flow.py, test_land_review.py) ---

ADMIN_PASSWORD = "Browser-test-pw-1"


@pytest.fixture
def editorial_site(site, settings, django_user_model):
    """The demo site with a coordinator of Saxony and a GIZ editor; two-factor log-in off."""
    settings.OTP_REQUIRED = False
    call_command("setup_roles", stdout=StringIO())
    users = {}
    for username, role in (("koordination-sn", COORDINATORS), ("redaktion-giz", EDITORS)):
        users[role] = django_user_model.objects.create_user(
            username, f"{username}@example.org", ADMIN_PASSWORD, is_staff=True
        )
        users[role].groups.add(Group.objects.get(name=role))
    Coordinator.objects.create(user=users[COORDINATORS]).laender.set(
        [Land.objects.get(code="DE-SN")]
    )
    return site


def log_in_to_admin(page, site, username):
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(site + reverse("admin:index"))


def propose_as_coordinator(page, site, change_url, field, value, comment, save="input[name=_save]"):
    """Saves a coordinator's edit of one field in the admin; it goes to review as a proposal."""
    log_in_to_admin(page, site, "koordination-sn")
    page.goto(site + change_url)
    page.fill(f"#id_{field}", value)
    page.fill("#id_workflow_comment", comment)
    page.click(save)
    expect(page.locator(".messagelist .success")).to_have_count(1)


def approve_as_editor(chromium, site, change, new_text, comment=None):
    """A GIZ editor opens the proposal from the dashboard, sees exactly one changed field with
    `new_text` (and the proposer's `comment` beside it), and approves it. Returns the editor's
    browser context (the caller closes it)."""
    context = chromium.new_context(viewport=DESKTOP, locale="de-DE")
    editor = context.new_page()
    log_in_to_admin(editor, site, "redaktion-giz")
    review_url = reverse("admin:editorial_changerequest_change", args=[change.pk])
    editor.click(f"#editorial-dashboard a[href='{review_url}']")
    # only that field differs (not the other texts the browser sent back unchanged)
    expect(editor.locator("table.diff tbody tr")).to_have_count(1)
    expect(editor.locator("table.diff ins")).to_have_text(new_text)
    if comment:
        expect(editor.locator(".proposal-comment")).to_contain_text(comment)
    editor.click("button[name=decision][value=approve]")
    expect(editor.locator(".messagelist .success")).to_have_count(1)
    return context
