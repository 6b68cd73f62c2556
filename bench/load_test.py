#!/usr/bin/env python3
"""Bounded load test: mixed public traffic and admin saves against gunicorn on 127.0.0.1.

    .venv/bin/python bench/load_test.py          # about 2 min; needs PostgreSQL (Redis if present)

1. (Re)creates the PostgreSQL database (LOAD_DB), migrates, loads the demo catalogue,
   collects static files and creates one staff account per editor thread, each with a TOTP
   device: the production log-in (password + two-factor code) is what the editors go through.
2. Starts gunicorn (gunicorn.conf.py) with production settings (DEBUG off, OTP required, Redis
   page cache when Redis answers) on 127.0.0.1:LOAD_PORT.
3. Baseline: for LOAD_SECONDS (40), READERS threads request public pages, searches and API
   calls at random, with nobody editing.
4. Editing: the same readers as long again, while EDITORS threads log in to the admin and save
   what editors save, in turn: the German description of a project they own and the German
   text of a content page they own, each save with a unique marker. Right after each accepted
   save the editor fetches the public page(s) it changed anonymously (the project's page and
   its API record, or the content page): a page without the new marker is stale, an error.
5. Stops gunicorn and checks: zero errors (every answer 2xx/3xx, no exception, nothing stale),
   zero lost edits (every successful save is in the admin log, and each object ends with its
   editor's last marker). Prints the figures, the readers' page-view p50 without and with
   editors and their ratio (target: at most 1.5), and rewrites its own section of
   BENCHMARKS.md (bench/report.py). Exit status 1 on any error or lost edit.

Environment: LOAD_PG (postgres://postgres@127.0.0.1:5432), LOAD_DB (blp_loadtest), LOAD_REDIS
(redis://127.0.0.1:6379/13), LOAD_SECONDS (40 per phase), LOAD_READERS (6), LOAD_EDITORS (2),
LOAD_PORT (18951), LOAD_EDIT_PAUSE (1.0 s between one editor's saves), WEB_CONCURRENCY
(gunicorn.conf.py's default). A save makes stale only the cached pages that show what it
changed (blp_portal/lib/cachetags.py): the readers' pages should stay about as fast as without
editors.
"""

import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import requests
from portal import production_env
from report import write_section

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("LOAD_DB", "blp_loadtest")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/13")
SECONDS = min(int(os.environ.get("LOAD_SECONDS", "40")), 600)
READERS = int(os.environ.get("LOAD_READERS", "6"))
EDITORS = int(os.environ.get("LOAD_EDITORS", "2"))
PORT = int(os.environ.get("LOAD_PORT", "18951"))
EDIT_PAUSE = float(os.environ.get("LOAD_EDIT_PAUSE", "1.0"))
BASE = f"http://127.0.0.1:{PORT}"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "blp_loadtest_gunicorn.log"
PASSWORD = "load-test-Editor-pw-1"
TOTP_KEYS = [f"{i:02x}" * 20 for i in range(1, EDITORS + 1)]  # 20-byte hex keys, test only
SECTION = "## Load test: mixed traffic with admin saves (bench/load_test.py)"

ENV = production_env(
    f"{PG}/{DB_NAME}",
    PORT,
    SECRET_KEY="load-test-only-" + "k3Jd8sLq0Wz5xN2vB7cR4tY9" * 2,
    CACHE_KEY_PREFIX="blpload",
    AXES_FAILURE_LIMIT="1000",
    OTP_REQUIRED="1",
)

SEARCH_WORDS = ["wasser", "energie", "schule", "klima", "gesundheit", "ruanda", "xyz", "ä", ""]
PAGES = [
    "/de/",
    "/en/",
    "/de/projekte/",
    "/de/projekte/?theme=governance",
    "/de/projekte/?land=de-sn&sort=title",
    "/de/projekte/?page=1&status=ongoing",
    "/de/projekte/sachsen-mosambik-bergbausicherheit/",
    "/en/projects/rlp-ruanda-digitales-informationssystem-landwirtschaft/",
    "/de/themen/governance/",
    "/de/laender/de-sn/",
    "/en/statistics/",
]
API = [
    "/api/projects",
    "/api/projects?page=2&page_size=5",
    "/api/projects/sachsen-mosambik-bergbausicherheit",
    "/api/themes",
    "/api/laender",
]


def log(message):
    print(f"[load] {message}", flush=True)


def manage(*args, debug=False):
    env = {**ENV, "DEBUG": "1" if debug else "0"}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def redis_available():
    host, _, rest = REDIS.removeprefix("redis://").partition(":")
    port = int(rest.split("/")[0] or 6379)
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


SETUP_EDITORS = """
import json
from django.contrib.auth.models import User
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from pages.models import Page
from projects.models import Project
keys = {keys!r}
for number, key in enumerate(keys, start=1):
    user = User.objects.create_superuser(f"editor{{number}}", f"e{{number}}@example.org", {pw!r})
    TOTPDevice.objects.create(user=user, name="app", key=key, confirmed=True)
with translation.override("de"):
    pages = [
        {{"kind": "page", "id": p.pk, "public": [p.get_absolute_url()]}}
        for p in Page.objects.order_by("pk")
    ]
    projects = [
        {{"kind": "project", "id": p.pk, "public": [p.get_absolute_url(), f"/api/projects/{{p.slug}}?lang=de"]}}
        for p in Project.objects.published().order_by("pk")[: len(keys)]
    ]
print("TARGETS", json.dumps({{"pages": pages, "projects": projects}}))
"""


def prepare_database():
    admin = f"{PG}/postgres"
    log(f"recreating database {DB_NAME}")
    for sql in (f"DROP DATABASE IF EXISTS {DB_NAME}", f"CREATE DATABASE {DB_NAME}"):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_data", "--no-users", debug=True)
    manage("collectstatic", "--noinput", "-v0")
    script = SETUP_EDITORS.format(keys=TOTP_KEYS, pw=PASSWORD)
    return shell_json(script, "TARGETS ")


def _port_in_use():
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def start_gunicorn(env):
    if _port_in_use():
        raise SystemExit(f"port {PORT} is in use by another program: set LOAD_PORT")
    process = subprocess.Popen(
        [GUNICORN, "-c", "gunicorn.conf.py", "blp_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(GUNICORN_LOG, "w"),  # noqa: SIM115
    )
    for _ in range(150):
        try:
            if requests.get(f"{BASE}/healthz", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"gunicorn did not become healthy; see {GUNICORN_LOG}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class FormReader(HTMLParser):
    """The fields a browser would submit from the admin change form (#…_form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = []
        self._textarea = None
        self._select = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id", "").endswith("_form")):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {"page": [], "search": [], "api": [], "save": []}
        self.errors = []
        self.saves = {}  # (kind, id) -> list of markers saved successfully, in order
        self.checked = 0  # public pages fetched right after a save
        self.hits = dict.fromkeys(self.latencies, 0)  # answers from the page cache

    def record(self, kind, seconds):
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, message):
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(message)
            else:
                self.errors.append("…")


def _get(session, stats, kind, path):
    started = time.perf_counter()
    try:
        response = session.get(BASE + path, timeout=30)
    except requests.RequestException as exc:
        stats.error(f"{path}: {exc.__class__.__name__}")
        return
    stats.record(kind, time.perf_counter() - started)
    if response.headers.get("X-Page-Cache") == "hit":
        with stats.lock:
            stats.hits[kind] += 1
    if response.status_code >= 400:
        stats.error(f"{path}: HTTP {response.status_code}")


def reader(stop_at, stats, seed):
    rng = random.Random(seed)
    session = requests.Session()
    while time.monotonic() < stop_at:
        roll = rng.random()
        if roll < 0.55:
            _get(session, stats, "page", rng.choice(PAGES))
        elif roll < 0.75:
            word = rng.choice(SEARCH_WORDS)
            _get(session, stats, "search", f"/de/projekte/?q={word}&sort=relevance")
        else:
            _get(session, stats, "api", rng.choice(API))


def _current_totp(key):
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key)):06d}"


# Production settings: the session and CSRF cookies are Secure, and the admin is meant to be
# reached over HTTPS through the reverse proxy. The editors therefore send the proxy's
# X-Forwarded-Proto header and an https Referer (as a browser behind the proxy would) and keep
# their cookies on this plain-HTTP loopback connection.
TLS_HEADERS = {"X-Forwarded-Proto": "https"}
HTTPS_BASE = f"https://127.0.0.1:{PORT}"


class EditorSession(requests.Session):
    """A browser behind the TLS proxy: X-Forwarded-Proto, and Secure cookies kept for HTTP."""

    def __init__(self):
        super().__init__()
        self.headers.update(TLS_HEADERS)

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def editor_session():
    return EditorSession()


def login(session, number):
    page = session.get(f"{BASE}/admin/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{BASE}/admin/login/?next=/admin/",
        data={
            "csrfmiddlewaretoken": token,
            "username": f"editor{number}",
            "password": PASSWORD,
            "otp_token": _current_totp(TOTP_KEYS[number - 1]),
            "next": "/admin/",
        },
        headers={"Referer": f"{HTTPS_BASE}/admin/login/"},
        timeout=30,
        allow_redirects=False,
    )
    return response.status_code == 302


# What an editor changes, and where the public sees it.
FIELDS = {"page": ("pages/page", "body_de"), "project": ("projects/project", "description_de")}
OLD_MARKER = re.compile(r" \[e\d+-\d+\](?=(</p>)?$)")


def _with_marker(value, marker):
    value = OLD_MARKER.sub("", value.rstrip())
    if value.endswith("</p>"):  # a rich text: the marker inside its last paragraph
        return f"{value[:-4]} {marker}</p>"
    return f"{value} {marker}"


def _save(session, target, marker):
    """Open the admin change form, put the marker into the field, save: the POST's response."""
    path, field = FIELDS[target["kind"]]
    url = f"{BASE}/admin/{path}/{target['id']}/change/"
    form = session.get(url, timeout=30)
    reader_ = FormReader()
    reader_.feed(form.text)
    data = [(k, v) for k, v in reader_.data if k != field]
    data.append((field, _with_marker(dict(reader_.data).get(field, ""), marker)))
    data.append(("_continue", "1"))
    return session.post(
        url,
        data=data,
        headers={"Referer": url.replace(BASE, HTTPS_BASE)},
        timeout=30,
        allow_redirects=False,
    )


def _check_fresh(target, marker, stats):
    """Right after the save: every public page of the object, anonymously, shows the marker."""
    for path in target["public"]:
        try:
            response = requests.get(BASE + path, timeout=30)
        except requests.RequestException as exc:
            stats.error(f"{path}: {exc.__class__.__name__}")
            continue
        with stats.lock:
            stats.checked += 1
        if marker not in response.text:
            stats.error(f"STALE {path} (HTTP {response.status_code}) lacks {marker}")


def editor(number, targets, stop_at, stats):
    session = editor_session()
    try:
        logged_in = login(session, number)
    except (requests.RequestException, AttributeError) as exc:
        logged_in = False
        stats.error(f"editor{number} log-in: {exc.__class__.__name__}")
    if not logged_in:
        stats.error(f"editor{number} could not log in")
        return
    count = 0
    while time.monotonic() < stop_at:
        target = targets[count % len(targets)]
        count += 1
        marker = f"[e{number}-{count}]"
        started = time.perf_counter()
        try:
            response = _save(session, target, marker)
        except requests.RequestException as exc:
            stats.error(f"save {target['kind']} {target['id']}: {exc.__class__.__name__}")
            continue
        stats.record("save", time.perf_counter() - started)
        if response.status_code != 302:
            stats.error(f"save {target['kind']} {target['id']}: HTTP {response.status_code}")
            continue
        with stats.lock:
            stats.saves.setdefault((target["kind"], target["id"]), []).append(marker)
        _check_fresh(target, marker, stats)
        time.sleep(EDIT_PAUSE)


VERIFY = """
import json
from django.contrib.admin.models import CHANGE, LogEntry
from pages.models import Page
from projects.models import Project
print("RESULT", json.dumps({{
    "page": {{str(p.pk): p.body_de for p in Page.objects.filter(pk__in={pages!r})}},
    "project": {{
        str(p.pk): p.description_de for p in Project.objects.filter(pk__in={projects!r})
    }},
    "log_entries": LogEntry.objects.filter(
        action_flag=CHANGE, content_type__model__in=["page", "project"]
    ).count(),
}}))
"""


def shell_json(script, marker):
    """Run `script` in `manage.py shell` against the load test's database; the JSON it prints
    after `marker`."""
    import json

    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.split(marker, 1)[1])


def verify(stats):
    ids = {kind: [pk for k, pk in stats.saves if k == kind] for kind in FIELDS}
    script = VERIFY.format(pages=ids["page"], projects=ids["project"])
    result = shell_json(script, "RESULT ")
    saves = sum(len(markers) for markers in stats.saves.values())
    lost = []
    for (kind, pk), markers in stats.saves.items():
        text = result[kind].get(str(pk), "")
        if markers[-1] not in text:
            lost.append(f"{kind} {pk}: last save {markers[-1]} not found")
    if result["log_entries"] != saves:
        lost.append(f"{saves} saves but {result['log_entries']} admin log entries")
    return saves, lost


def _ms(values, q):
    if not values:
        return "–"
    values = sorted(values)
    index = min(len(values) - 1, round(q * (len(values) - 1)))
    return f"{values[index] * 1000:.0f}"


def _p50(values):
    return statistics.median(values) * 1000 if values else 0.0


def _rows(stats, seconds, kinds):
    rows = []
    for kind, label in kinds:
        values = stats.latencies[kind]
        hits = _share(stats, kind) if kind != "save" else "–"
        rows.append(
            f"| {label} | {len(values)} | {len(values) / seconds:.1f} | {hits} | "
            f"{_ms(values, 0.5)} | {_ms(values, 0.95)} | {_ms(values, 0.99)} |"
        )
    return rows


def _share(stats, kind):
    count = len(stats.latencies[kind])
    return f"{stats.hits[kind] / count:.0%}" if count else "–"


READ_KINDS = [("page", "Page views"), ("search", "Searches"), ("api", "API calls")]


def report(phases, saves, lost, workers, cache, load_before):
    (base, base_seconds), (edit, edit_seconds) = phases
    ratio = _p50(edit.latencies["page"]) / max(_p50(base.latencies["page"]), 1e-9)
    errors = len(base.errors) + len(edit.errors)
    stale = sum(1 for message in edit.errors if message.startswith("STALE"))
    total = sum(len(v) for stats in (base, edit) for v in stats.latencies.values())
    table = "| Requests | Count | per second | cache hits | p50 ms | p95 ms | p99 ms |\n"
    table += "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    rows = [f"| *without editors ({base_seconds:.0f} s)* | | | | | | |"]
    rows += _rows(base, base_seconds, READ_KINDS)
    rows += [f"| *with {EDITORS} editors ({edit_seconds:.0f} s)* | | | | | | |"]
    rows += _rows(edit, edit_seconds, [*READ_KINDS, ("save", "Admin saves (GET form + POST)")])
    text = f"""{SECTION}

Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC against gunicorn ({workers}) with production
settings on PostgreSQL (database `{DB_NAME}`, demo catalogue), {cache}, two-factor admin
log-in, all on the same 2-core machine (load average {load_before:.1f} when the run started;
other work on the machine lowers the rates). {READERS} reader threads (55 % pages, 20 %
searches, 25 % API), first alone, then as long again while {EDITORS} editor threads save
through the admin change forms, in turn, a project's description and a content page's text
(pause {EDIT_PAUSE:g} s between saves), and after each save fetch its public pages
anonymously to check that they show it. A save makes stale only the cached pages that show
what it changed (blp_portal/lib/cachetags.py).

{table}{chr(10).join(rows)}

- Page views' p50: {_p50(base.latencies["page"]):.1f} ms without editors,
  {_p50(edit.latencies["page"]):.1f} ms with editors: **{ratio:.2f}x** (target: at most 1.5x).
  From the page cache: {_share(base, "page")} of the page views without editors,
  {_share(edit, "page")} with them; what is left of the slowdown is the editors' admin
  requests taking the same workers and cores.
- Total: {total} requests, **{errors} errors**, of them **{stale} stale pages** in
  {edit.checked} public fetches right after a save.
- Admin saves: {saves} accepted, **{len(lost)} lost** (every save is in the admin log and each
  object ends with its editor's last marker).
"""
    print(text)
    write_section("bench/load_test.py", text)
    log("wrote the load test section of BENCHMARKS.md")
    return ratio


def run_phase(label, targets, with_editors):
    """Readers for SECONDS, with the editors or without: (stats, seconds)."""
    stats = Stats()
    log(f"{label}: {SECONDS} s, {READERS} readers, {EDITORS if with_editors else 0} editors")
    started = time.monotonic()
    stop_at = started + SECONDS
    threads = [
        threading.Thread(target=reader, args=(stop_at, stats, seed)) for seed in range(READERS)
    ]
    if with_editors:
        # Each editor owns its project and pages: concurrent saves of one object would
        # overwrite each other by design (last write wins), which is not what "lost" means.
        for n in range(EDITORS):
            owned = [targets["projects"][n % len(targets["projects"])]]
            owned += targets["pages"][n::EDITORS]
            # in turn: project, page, project, next page, ...
            turns = [item for page in owned[1:] for item in (owned[0], page)]
            threads.append(threading.Thread(target=editor, args=(n + 1, turns, stop_at, stats)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    return stats, time.monotonic() - started


def main():
    targets = prepare_database()
    env = dict(ENV)
    cache = "Redis page cache" if redis_available() else "no page cache (Redis not reachable)"
    if redis_available():
        env["CACHE_URL"] = REDIS
    workers = subprocess.run(
        [PYTHON, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    server = start_gunicorn(env)
    load_before = os.getloadavg()[0]
    try:
        for path in PAGES + API:  # both phases start with the same pages cached
            requests.get(BASE + path, timeout=30)
        phases = [
            run_phase("baseline", targets, with_editors=False),
            run_phase("editing", targets, with_editors=True),
        ]
    finally:
        stop(server)
    saves, lost = verify(phases[1][0])
    report(phases, saves, lost, f"{workers} sync workers", cache, load_before)
    for message in (phases[0][0].errors + phases[1][0].errors)[:20] + lost:
        log(f"PROBLEM: {message}")
    return 1 if phases[0][0].errors or phases[1][0].errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
