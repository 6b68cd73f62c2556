#!/usr/bin/env python3
"""Benchmark the portal as it runs in production, judge issue 17's targets, write BENCHMARKS.md.

    .venv/bin/python bench/run.py            # about 15 minutes; PostgreSQL, Redis, wrk, nginx
    .venv/bin/python bench/run.py --quick    # smoke run: 1,000 projects, 2 s rows, no extras

For each catalogue size (1,000, 10,000 and 50,000 projects; --sizes or BENCH_SIZES):
1. Recreates the PostgreSQL database blp_bench, migrates and generates the projects
   (manage.py generate_catalogue); static files are collected once.
2. Cached: gunicorn (gunicorn.conf.py, production settings, Redis page cache,
   SHARED_CACHE_SECONDS=60) driven by wrk at 32 connections for home, theme list, search,
   detail, a repeated API query and a static CSS file (the upper bound, = 100 %). The API's
   second answer and an If-None-Match request show whether it is cached and conditional.
3. Through nginx: the proxy cache configuration of docs/deployment.md in front of the same
   gunicorn (bench/nginx.py), home and theme list against the static file through nginx.
4. Cold: gunicorn restarted with the page cache off; 50 distinct URLs per row (theme lists with
   different filters, searches for words of the catalogue, projects, API filters, suggestions;
   bench/catalogue.py), each asked once on one connection: the median is what a visitor
   waits for a page no cache has seen.
At 10,000 projects also: bench/server_time.py (in-process search and suggestions, issue 16) and
bench/load_test.py (readers with and without two editors saving). Once per run: the search on
SQLite with 10,000 projects. Then the targets are judged (bench/targets.py) and the bench/run.py
section of BENCHMARKS.md is written (bench/run_report.py); the figures are also kept as JSON
(--json), and --report-only FILE renders the section again from such a file.

Environment: BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_REDIS
(redis://127.0.0.1:6379/15), BENCH_SIZES (1000,10000,50000), BENCH_SECONDS (5 per cached
row), BENCH_CONNECTIONS (32), BENCH_PORT (18931), BENCH_NGINX_PORT (18932), WEB_CONCURRENCY
(gunicorn.conf.py's default).
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import portal
from catalogue import cold_urls
from measure import cold, mean_row, wrk, yardstick
from nginx import Nginx
from portal import BASE, PORT, Gunicorn, drain, fetch, log
from report import write_section
from run_report import render
from targets import STATIC

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
REFERENCE = 10_000  # the set-up: the load test and the in-process times run at this size
SEARCH = "/de/projekte/?q=Wasserversorgung"
SUGGESTIONS = "/de/projekte/search/suggestions/?q=wass"


def pages_of(sample, css):
    """The URLs of the cached rows: one page of each kind, asked for again and again."""
    theme = sample["choices"]["theme"][0]
    return [
        ("Home", "/de/"),
        ("List, filtered by a theme", f"/de/projekte/?theme={theme}"),
        ("List, search", SEARCH),
        ("Detail", f"/de/projekte/{sample['slugs'][0]}/"),
        ("API list", f"/api/projects?theme={theme}"),
        (STATIC, css),
    ]


def cached_rows(pages, seconds, base=BASE, notes=None):
    """wrk on each page; the static file, the yardstick, both first and last: on a machine
    shared with other work the rate drifts within minutes, and the mean of the two runs is what
    the pages measured between them are compared with."""
    static = [item for item in pages if item[0] == STATIC]
    rows, kb = {}, {}
    for label, path in static + pages:
        drain()
        status, body, _headers = fetch(path, base=base)  # the first request renders and stores
        if status != 200:
            notes.append(f"{label} (`{path}`) answered {status} via {base}: row skipped.")
            continue
        kb[label] = len(body.encode()) / 1024
        row = wrk(base + path, CONNECTIONS, seconds)
        rows[label] = mean_row(rows[label], row) if label in rows else row
        log(f"  {label}: {row['rps']:.0f} req/s, p99 {row['p99']} ms")
    return rows, kb


def api_conditional(path):
    """Is the API's answer served from the page cache the second time, and does its ETag give
    a 304 (the same validators as the pages)?"""
    fetch(path)
    status, _body, headers = fetch(path)
    etag = headers.get("ETag")
    again = fetch(path, headers={"If-None-Match": etag})[0] if etag else None
    return {
        "hit": (headers.get("X-Page-Cache") or "") == "hit",
        "etag": bool(etag),
        "status": again,
        "not_modified": again == 304,
    }


def nginx_rows(pages, seconds, notes):
    wanted = [
        (label, path)
        for label, path in pages
        if label in ("Home", "List, filtered by a theme", STATIC)
    ]
    with Nginx(PORT) as proxy:
        if proxy.error:
            return {}, {}, proxy.error
        rows, _kb = cached_rows(wanted, seconds, base=proxy.base, notes=notes)
        status = {
            label: fetch(path, base=proxy.base)[2].get("X-Cache-Status", "–")
            for label, path in wanted
        }
    return rows, status, None


def warm_workers(sample):
    """Give every worker its first requests (imports, template loading, the first database
    connection: a fresh worker's first page takes hundreds of milliseconds) before the rows, with
    URLs that no cold row asks for."""
    for _ in range(6):
        for path in (
            "/de/",
            "/de/projekte/",
            f"/de/projekte/{sample['slugs'][0]}/",
            "/api/projects",
            "/de/projekte/search/suggestions/?q=zz",
        ):
            fetch(path)


@contextlib.contextmanager
def kept_going(notes, what):
    """A part that fails (a server that does not start, a helper that exits) is written down in
    the report and the run goes on with the next part: one long run keeps what it measured."""
    try:
        yield
    except (Exception, SystemExit) as exc:
        log(f"FAILED {what}: {exc!r}")
        notes.append(f"Failed while {what}: `{str(exc)[:200] or exc.__class__.__name__}`.")


def measure_size(size, css, seconds, extras, result):
    """Fill `result` with the rows of one catalogue size, as far as they get."""
    generate_seconds = portal.prepare_database(size)
    sample = portal.catalogue_sample()
    log(
        f"{size:,} projects generated in {generate_seconds:.0f} s ({sample['published']:,} published)"
    )
    pages = pages_of(sample, css)
    notes = result["notes"]
    result.update(
        published=sample["published"], generate_seconds=generate_seconds, pages=dict(pages)
    )
    with Gunicorn(SHARED_CACHE_SECONDS="60"):
        warm_workers(sample)
        log("cached rows")
        result["cached"], result["kb"] = cached_rows(pages, seconds, notes=notes)
        result["api_conditional"] = api_conditional(dict(pages)["API list"])
        log("through nginx")
        result["nginx"], result["nginx_cache_status"], result["nginx_error"] = nginx_rows(
            pages, seconds, notes
        )
    with Gunicorn(PAGE_CACHE_SECONDS="0"):
        warm_workers(sample)
        result["cold"] = {}
        before = yardstick()
        for label, paths in cold_urls(sample).items():
            drain()
            result["cold"][label] = row = cold("127.0.0.1", PORT, paths)
            log(f"  cold {label}: median {row['p50'] or 0:.1f} ms, {row['errors']} errors")
        result["yardstick"] = [before, yardstick()]
    if size == REFERENCE and "server_time" in extras:
        log("bench/server_time.py on PostgreSQL")
        with kept_going(notes, "running bench/server_time.py"):
            result["server_time"] = server_time(portal.ENV["DATABASE_URL"])
    if size == REFERENCE and "load_test" in extras:
        with kept_going(notes, "running bench/load_test.py"):
            result["load_test"] = load_test()


def server_time(database_url, repeat=15):
    """Median ms of the search and the suggestions, in-process (bench/server_time.py)."""
    out = portal.run(
        portal.PYTHON,
        "bench/server_time.py",
        "--repeat",
        str(repeat),
        SEARCH,
        SUGGESTIONS,
        env={"DATABASE_URL": database_url, "ALLOWED_HOSTS": "testserver"},
        capture_output=True,
    ).stdout
    return parse_server_time(out, {SEARCH: "List, search", SUGGESTIONS: "Search suggestions"})


def parse_server_time(out, names):
    """{label: median ms} from bench/server_time.py's printed table (name, queries, median,
    max, SQL); rows are named by their URL when the URLs are given on the command line."""
    found = {}
    for line in out.splitlines():
        match = re.match(r"^(\S.*?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$", line)
        if match and match.group(1) in names:
            found[names[match.group(1)]] = float(match.group(3))
    return found


def sqlite_search():
    """The search on SQLite with 10,000 projects (issue 16: < 150 ms), in-process."""
    directory = tempfile.mkdtemp(prefix="blp_bench_sqlite_")
    url = f"sqlite:///{directory}/bench.sqlite3"
    try:
        portal.manage("migrate", "--noinput", "-v0", env={"DATABASE_URL": url})
        portal.manage(
            "generate_catalogue", "--projects", str(REFERENCE), "--force", env={"DATABASE_URL": url}
        )
        return server_time(url)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def load_test():
    """bench/load_test.py as it is (it writes its own section); its figures as far as it
    reports them in that section, and its exit status."""
    log("bench/load_test.py (its own database and gunicorn)")
    started = time.monotonic()
    result = subprocess.run(
        [portal.PYTHON, "bench/load_test.py"],
        cwd=portal.ROOT,
        capture_output=True,
        text=True,
        # the bench's Redis database and the settings production checks insist on
        env={
            **os.environ,
            "UNCACHED_RENDER_BUDGET": "0",
            "LOAD_REDIS": portal.REDIS,
            "PORTAL_BASE_URL": portal.ENV["PORTAL_BASE_URL"],
        },
    )
    figures = parse_load_test(result.stdout)
    figures.update({"exit_status": result.returncode, "seconds": time.monotonic() - started})
    return figures


def parse_load_test(out):
    """Readers' page-view p50 without and with editors, their ratio, stale pages, errors and
    lost saves from the load test's printed report (None where it does not report them)."""

    def number(pattern):
        match = re.search(pattern, out, re.IGNORECASE | re.DOTALL)
        return float(match.group(1)) if match else None

    without = number(r"p50:\s*([\d.]+) ms without editors")
    with_ = number(r"without editors,\s*([\d.]+) ms with")
    ratio = number(r"\*\*([\d.]+) ?[x×]\*\*")
    if ratio is None and without and with_:
        ratio = with_ / without
    return {
        "p50_without": without,
        "p50_with": with_,
        "ratio": ratio,
        "stale": number(r"\*\*(\d+) stale pages?\*\*"),
        "errors": number(r"\*\*(\d+) errors?\*\*"),
        "lost": number(r"\*\*(\d+) lost\*\*"),
    }


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000,10000,50000"))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument(
        "--quick",
        action="store_true",
        help="1,000 projects, 2 s rows, no SQLite, server time or load test",
    )
    parser.add_argument("--no-load-test", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--json", default=str(Path(tempfile.gettempdir()) / "blp_bench_run.json"))
    parser.add_argument("--report-only", metavar="JSON", help="render BENCHMARKS.md from a run")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.seconds = os.environ.get("BENCH_SIZES", "1000"), 2
        args.no_load_test = args.no_sqlite = True
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main():
    args = arguments()
    if args.report_only:
        results = json.loads(Path(args.report_only).read_text())
    else:
        results = bench(args)
        Path(args.json).write_text(json.dumps(results, indent=1))
        log(f"figures kept in {args.json}")
    write_section("bench/run.py", render(results))
    log("wrote the bench/run.py section of BENCHMARKS.md")


def bench(args):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk nginx")
    load_at_start = os.getloadavg()[0]
    started = time.monotonic()
    portal.GUNICORN_LOG.write_text("")
    css = portal.prepare_static()
    extras = set() if args.quick else {"server_time"}
    if not args.no_load_test:
        extras.add("load_test")
    results = {
        "runs": {},
        "seconds": args.seconds,
        "connections": CONNECTIONS,
        "quick": args.quick,
        "load_at_start": load_at_start,
        "cores": os.cpu_count(),
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
    }
    for size in args.sizes:
        run = results["runs"][str(size)] = {"notes": []}
        with kept_going(run["notes"], f"measuring {size:,} projects"):
            measure_size(size, css, args.seconds, extras, run)
        Path(args.json).write_text(json.dumps(results, indent=1))  # what a crash would lose
    reference = results["runs"].get(str(REFERENCE), {})
    results["load_test"] = reference.pop("load_test", None)
    results["server_time"] = {"postgresql": reference.pop("server_time", {})}
    if not args.no_sqlite:
        log("search on SQLite with 10,000 projects")
        with kept_going(reference.setdefault("notes", []), "the search on SQLite"):
            results["server_time"]["sqlite"] = sqlite_search()
    results["machine"] = portal.machine(load_at_start, CONNECTIONS, args.seconds)
    results["duration_seconds"] = time.monotonic() - started
    return results


if __name__ == "__main__":
    sys.exit(main())
