#!/usr/bin/env python3
"""Benchmark the portal as it runs in production and write BENCHMARKS.md.

    .venv/bin/python bench/run.py            # about 5 minutes; needs PostgreSQL, Redis and wrk

What it does, in one run:
1. (Re)creates the PostgreSQL database blp_bench, migrates, collects static files and generates
   10,000 synthetic projects (manage.py generate_catalogue).
2. Starts gunicorn (gunicorn.conf.py) with production settings (DEBUG off, Redis cache,
   whitenoise with hashed static files) on 127.0.0.1.
3. Drives it with wrk from a second process on 127.0.0.1 (32 connections) and records
   requests/s and p50/p99 latency for home, theme list, search list, detail, API list and a
   static CSS file (the upper bound); dynamic pages are also given as a share of the static rate.
4. Restarts gunicorn with the page cache off and measures the uncached pages: throughput at 32
   connections and the median latency at 1 connection (= server time per page).
5. Writes BENCHMARKS.md with the results, the targets and the machine.

Environment: BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_REDIS
(redis://127.0.0.1:6379/15), BENCH_PROJECTS (10000), BENCH_SECONDS (10 per row),
BENCH_CONNECTIONS (32), BENCH_PORT (18931), WEB_CONCURRENCY (gunicorn.conf.py's default).
"""

import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from report import write_section

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "blp_bench"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")
PROJECTS = int(os.environ.get("BENCH_PROJECTS", "10000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
PORT = int(os.environ.get("BENCH_PORT", "18931"))
BASE = f"http://127.0.0.1:{PORT}"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "blp_bench_gunicorn.log"

ENV = {
    **os.environ,
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x7Qp2LmZ9rT4vW8yK3nB6cF1hJ5dS0gA" * 2,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": f"{PG}/{DB_NAME}",
    "CACHE_URL": REDIS,
    "CACHE_KEY_PREFIX": "blpbench",
    # plain HTTP on 127.0.0.1: no redirect to https (the proxy terminates TLS in production)
    "SECURE_SSL_REDIRECT": "0",
    # the open-data API's per-address rate limit would turn the API row into 429s
    "OPENDATA_RATE_LIMIT": "1000000000",
    "LOG_LEVEL": "WARNING",
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "DJANGO_SETTINGS_MODULE": "blp_portal.settings",
}


def log(message):
    print(f"[bench] {message}", flush=True)


def run(*args, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=ENV, check=True, text=True, **kwargs)


def manage(*args):
    return run(PYTHON, "manage.py", *args, capture_output=True).stdout


def prepare_database():
    admin = f"{PG}/postgres"
    log(f"recreating database {DB_NAME}")
    run("psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}", capture_output=True)
    run("psql", admin, "-qc", f"CREATE DATABASE {DB_NAME}", capture_output=True)
    manage("migrate", "--noinput", "-v0")
    manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    manage("generate_catalogue", "--projects", str(PROJECTS), "--force")
    elapsed = time.monotonic() - started
    # The steady state of a live database (autovacuum): planner statistics and a visibility map,
    # without which the covering index cannot answer index-only scans.
    run("psql", f"{PG}/{DB_NAME}", "-qc", "VACUUM ANALYZE", capture_output=True)
    return elapsed


def _port_in_use():
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def start_gunicorn(**extra_env):
    if _port_in_use():
        raise SystemExit(f"port {PORT} is in use by another program: set BENCH_PORT")
    env = {**ENV, **extra_env}
    process = subprocess.Popen(
        [GUNICORN, "-c", "gunicorn.conf.py", "blp_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(GUNICORN_LOG, "a"),  # noqa: SIM115
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gunicorn did not become healthy; see {GUNICORN_LOG}")


def stop(process):
    process.terminate()
    process.wait(timeout=30)
    for _ in range(50):
        if not _port_in_use():
            return
        time.sleep(0.1)


def fetch(path):
    try:
        with urllib.request.urlopen(BASE + path, timeout=120) as response:
            return (
                response.status,
                response.read().decode("utf-8", "replace"),
                dict(response.headers),
            )
    except urllib.error.HTTPError as error:
        return error.code, "", dict(error.headers)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def drain():
    """Wait until requests queued by the last wrk run are done (sync workers finish them)."""
    for _ in range(120):
        started = time.monotonic()
        fetch("/healthz")
        if time.monotonic() - started < 0.5:
            return
        time.sleep(0.5)


def wrk(path, connections=CONNECTIONS, seconds=SECONDS):
    drain()
    _status, body, _headers = fetch(path)  # warm: the first request renders and stores the page
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            BASE + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "kb": len(body.encode()) / 1024,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": _ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket.groups()) if socket else 0),
    }


def targets_of_pages():
    """The URLs to measure, found on the running portal."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/portal.css"]
    detail = run(
        PYTHON,
        "-c",
        "import django; django.setup(); from projects.models import Project; "
        "print(Project.objects.published().filter(slug__startswith='synth-')"
        ".order_by('slug').values_list('slug', flat=True)[500])",
        capture_output=True,
    ).stdout.strip()
    pages = [
        ("Home", "/de/"),
        ("List, filtered by a theme", "/de/projekte/?theme=governance"),
        ("List, search", "/de/projekte/?q=Wasserversorgung"),
        ("Detail", f"/de/projekte/{detail}/"),
        ("API list", "/api/projects"),
        ("Static CSS (whitenoise)", css),
    ]
    notes = []
    available = []
    for label, path in pages:
        status, body, _headers = fetch(path)
        if status != 200:
            notes.append(f"{label} (`{path}`) answered {status}: row skipped.")
            continue
        available.append((label, path))
    status, plain, _ = fetch("/de/projekte/")
    _, searched, _ = fetch("/de/projekte/?q=Wasserversorgung")
    if plain == searched:
        notes.append(
            "The list ignored `?q=` (no search filter yet): the search row measures the "
            "unfiltered list."
        )
    return available, notes


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))

    def version(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, env=ENV, cwd=ROOT).stdout
        except OSError:
            return ""

    pg = version("psql", ENV["DATABASE_URL"], "-tAc", "SHOW server_version").strip()
    redis = re.search(r"redis_version:(\S+)", version("redis-cli", "INFO", "server"))
    wrk_version = version("wrk", "-v").split("\n")[0].split(" [")[0]
    django = version(PYTHON, "-c", "import django; print(django.get_version())").strip()
    gunicorn = version(GUNICORN, "--version").strip()
    workers = version(
        PYTHON, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    ).strip()
    return {
        "Load average (1 min) at start / end": f"{LOAD_AT_START:.2f} / {os.getloadavg()[0]:.2f}",
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django,
        "gunicorn": f"{gunicorn} ({workers} sync workers)",
        "PostgreSQL": pg,
        "Redis": redis.group(1) if redis else "?",
        "Load generator": f"{wrk_version}, 1 thread, {CONNECTIONS} connections, {SECONDS} s per row",
    }


LOAD_AT_START = os.getloadavg()[0]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    (GUNICORN_LOG).write_text("")
    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()[0]
    generate_seconds = prepare_database()
    log(f"generated {PROJECTS} projects in {generate_seconds:.1f} s")

    server = start_gunicorn()
    try:
        pages, notes = targets_of_pages()
        cached = {}
        for label, path in pages:
            log(f"cached: {label}")
            cached[label] = wrk(path)
    finally:
        stop(server)

    server = start_gunicorn(PAGE_CACHE_SECONDS="0")
    uncached, server_time = {}, {}
    try:
        for label, path in pages:
            if path.startswith("/static/"):
                continue
            log(f"uncached: {label}")
            uncached[label] = wrk(path)
            server_time[label] = wrk(path, connections=1, seconds=max(5, SECONDS // 2))
    finally:
        stop(server)

    write_report(pages, notes, cached, uncached, server_time, generate_seconds)
    log("wrote BENCHMARKS.md")


def write_report(pages, notes, cached, uncached, server_time, generate_seconds):
    static = cached.get("Static CSS (whitenoise)", {}).get("rps") or 0
    rows = []
    for label, _path in pages:
        c = cached[label]
        share = f"{100 * c['rps'] / static:.0f} %" if static else "–"
        u = uncached.get(label)
        s = server_time.get(label)
        if s and s["requests"] == 0:
            server = f"> {max(5, SECONDS // 2) * 1000} (no request finished)"
        else:
            server = f"{s['p50']:.1f}" if s else "–"
        rows.append(
            f"| {label} | {c['kb']:.0f} | {c['rps']:.0f} | {c['p50']:.1f} | {c['p99']:.1f} "
            f"| {c['errors']} | {share} | "
            + (
                f"{u['rps']:.0f} | {u['p99']:.1f} | {u['errors']} | {server} |"
                if u
                else "– | – | – | – |"
            )
        )
    theme = cached.get("List, filtered by a theme")
    theme_server = server_time.get("List, filtered by a theme")
    checks = []
    if theme and static:
        share = 100 * theme["rps"] / static
        checks.append(
            f"| Theme list ≥ 50 % of the static file's req/s (cached) | {share:.0f} % | "
            + ("met" if share >= 50 else f"missed by {50 - share:.0f} points")
            + " |"
        )
        checks.append(
            f"| Theme list p99 < 100 ms at {CONNECTIONS} connections | {theme['p99']:.1f} ms | "
            + ("met" if theme["p99"] < 100 else f"missed by {theme['p99'] - 100:.1f} ms")
            + " |"
        )
    total_errors = sum(r["errors"] for r in cached.values()) + sum(
        r["errors"] for r in uncached.values()
    )
    checks.append(
        f"| Zero errors (all rows) | {total_errors} | {'met' if total_errors == 0 else 'missed'} |"
    )
    if theme_server and theme_server["requests"]:
        checks.append(
            f"| Uncached theme list with facets < 50 ms median server time | "
            f"{theme_server['p50']:.1f} ms | "
            + (
                "met"
                if theme_server["p50"] < 50
                else f"missed by {theme_server['p50'] - 50:.1f} ms"
            )
            + " |"
        )
    info = machine()
    if LOAD_AT_START > (os.cpu_count() or 1):
        notes.append(
            f"The machine was busy with other work (load average {LOAD_AT_START:.1f} on "
            f"{os.cpu_count()} cores at the start): absolute numbers and p99 are not "
            "representative; rerun on an idle machine."
        )
    text = f"""## Pages under load (bench/run.py)

Produced by `bench/run.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; rerun it to refresh this
file. {PROJECTS:,} synthetic projects (`manage.py generate_catalogue`, generated in
{generate_seconds:.1f} s), production settings (DEBUG off, Redis cache, whitenoise with hashed
static files, persistent database connections), gunicorn with `gunicorn.conf.py`, wrk on the same
machine over 127.0.0.1. Latencies in milliseconds.

### Results

"Cached" is the normal production set-up: anonymous pages come from the page cache in Redis
(`blp_portal/lib/pagecache.py`). "Uncached" restarts gunicorn with `PAGE_CACHE_SECONDS=0`, so every
request renders the page (the case right after an edit, or a URL nobody asked for before); its
"server time" is the median latency with a single connection.

| Page | KB | cached req/s | p50 | p99 | errors | share of static | uncached req/s | uncached p99 | uncached errors | server time (uncached, p50) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
{chr(10).join(rows)}

### Targets (2 cores, {PROJECTS:,} projects)

| Target | Measured | |
| --- | ---: | --- |
{chr(10).join(checks)}

{chr(10).join(f"- {note}" for note in notes)}

### Machine

| | |
| --- | --- |
{chr(10).join(f"| {key} | {value} |" for key, value in info.items())}

PostgreSQL, Redis, gunicorn and wrk all share these cores, so the absolute numbers are lower than
on a production set-up where the load comes from the network; the ratios are what to compare.
"""
    write_section("bench/run.py", text.replace("\n\n\n", "\n\n"))


if __name__ == "__main__":
    sys.exit(main())
