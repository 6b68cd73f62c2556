#!/usr/bin/env python3
"""Server time of the project list and search, measured in-process (no HTTP, no page cache).

    createdb -h 127.0.0.1 -U postgres blp_perf
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/blp_perf
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_catalogue --projects 10000
    .venv/bin/python bench/server_time.py --write    # prints; rewrites its BENCHMARKS.md section

Each URL is rendered through Django's test client (middleware, view, templates) with
production settings (DEBUG off) and the page cache off; the first request warms up, then the median and the slowest of `--repeat` runs are
printed with the number of SQL queries and the time spent in SQL (median). `--queries` lists
each query's time, `--explain` prints the three slowest queries of one request with EXPLAIN
ANALYZE (PostgreSQL). `--write` puts the table into the `bench/server_time.py` section of
BENCHMARKS.md (bench/report.py).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blp_portal.settings")
os.environ["PAGE_CACHE_SECONDS"] = "0"
# Production settings (DEBUG off: cached templates, no query log), as bench/run.py uses them.
for name, value in {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x7Qp2LmZ9rT4vW8yK3nB6cF1hJ5dS0gA" * 2,
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
    # One client renders every page uncached: the crawler budget would answer 429.
    "UNCACHED_RENDER_BUDGET": "0",
}.items():
    os.environ.setdefault(name, value)

URLS = [
    ("List, plain", "/de/projekte/"),
    ("List, filtered by a theme", "/de/projekte/?theme=governance"),
    ("List, several filters", "/de/projekte/?theme=governance&land=de-sn&status=ongoing&from=2018"),
    ("List, search", "/de/projekte/?q=Wasserversorgung"),
    ("List, search, two words", "/de/projekte/?q=Energie+Schulen"),
    ("List, search with a typo", "/de/projekte/?q=Wassrversorgung"),
    ("List, search + theme", "/de/projekte/?q=Bildung&theme=governance"),
    ("List, search (English)", "/en/projects/?q=water"),
    ("List, search for a Land (filter offered)", "/de/projekte/?q=Sachsen"),
    ("List, nothing found (Did you mean)", "/de/projekte/?q=Wassarvursorgunk"),
    ("Search suggestions", "/de/projekte/search/suggestions/?q=wass"),
    ("API list, filtered by a theme", "/api/projects?theme=governance"),
    ("API list, several filters", "/api/projects?theme=governance&land=de-sn&status=ongoing"),
    ("Project detail", "/de/projekte/synth-00042/"),
]

# The same script before the stored search vectors, the trigram indexes and the shared
# selection for the facet counts (2026-11-29, same machine and catalogue): median ms.
BEFORE = {
    "List, plain": 451,
    "List, filtered by a theme": 455,
    "List, several filters": 444,
    "List, search": 4223,
    "List, search, two words": 3836,
    "List, search with a typo": 2225,
    "List, search + theme": 1546,
    "List, search (English)": 1473,
}


class Timer:
    """Records each query's SQL and duration (connection.execute_wrapper)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - began, sql, params))


def explain(connection, sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(client, connection, url, repeat):
    """(median ms, max ms, median SQL ms, queries of the last request)."""
    assert client.get(url).status_code == 200, url
    timings, sql_times = [], []
    for _ in range(repeat):
        timer = Timer()
        with connection.execute_wrapper(timer):
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
        sql_times.append(sum(t for t, _, _ in timer.queries) * 1000)
    return statistics.median(timings), max(timings), statistics.median(sql_times), timer.queries


def section(results, projects, repeat, load):
    rows = "\n".join(
        f"| {name} | `{url}` | {len(queries)} | {BEFORE.get(name, '–')} | {median:.0f} | "
        f"{sql:.0f} | {slowest:.0f} |"
        for name, url, median, slowest, sql, queries in results
    )
    theme = next(r for r in results if r[0] == "List, filtered by a theme")
    return f"""## Server time of the list and the search (bench/server_time.py)

Measured by `bench/server_time.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {projects:,}
published projects (`manage.py generate_catalogue --projects 10000`) on PostgreSQL, each page
rendered in-process through Django's test client (middleware, view, templates; no HTTP, page
cache off, production settings: DEBUG off), median of {repeat} requests after one warm-up. Load average (1 min) at start / end:
{load[0]:.2f} / {load[1]:.2f} on {os.cpu_count()} cores, Python {platform.python_version()};
the machine was shared, so absolute times vary by about ±50 %. "SQL" is the time inside the
database calls. "Before" is the same script on the code before this change (2026-11-29, same machine and
catalogue, load average 2.6).

| Page | URL | queries | before, median ms | median ms | SQL ms | slowest ms |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
{rows}

Target (issue 6): uncached theme list with facets < 50 ms median server time:
{theme[2]:.0f} ms, {"met" if theme[2] < 50 else f"missed by {theme[2] - 50:.0f} ms"}.

What changed (projects/search.py, projects/filters.py, migrations 0004 and 0005, the maps):
- Search: stored tsvector columns per language (generated columns with GIN indexes, without
  the parts a project withholds) and GIN trigram indexes on the title replace vectors and
  similarities computed for every project on every search.
- Facets: ONE query counts the result and every facet (a WITH selection joined to each link
  table, UNION ALL); a ticked facet is counted without its own selection through a second
  table expression in the same query. Filters test membership on the link tables only; a
  partial covering index on published projects serves the selection. Before, each of the nine
  facets ran every filter and the search again (a scan of the whole project table each).
- Python (2026-11-29, second pass): the cards' themes, topics, Länder and countries are
  prefetched as plain lists (no related manager and queryset per project and relation), the
  filter form's ~100 check boxes are built in Python, country names are looked up once per
  language, the filter values are validated once.
- Maps: the outlines are static SVG files (static/maps/), not rendered into every page.
- What is left: the counting query (hash joins over about 70,000 link-table rows, ~19 ms for
  the theme list) and Python (~25 ms: 20 cards, the form, the ORM). A word that occurs in
  nearly every project ranks every project: tests/projects/test_list_scale.py measures that
  worst case.

Rerun:

```bash
createdb -h 127.0.0.1 -U postgres blp_perf
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/blp_perf
.venv/bin/python manage.py migrate && .venv/bin/python manage.py generate_catalogue
.venv/bin/python bench/server_time.py --write   # --queries, --explain for the details
```
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--queries", action="store_true", help="print each query's time")
    parser.add_argument("--write", action="store_true", help="rewrite the BENCHMARKS.md section")
    parser.add_argument("url", nargs="*", help="only these paths (default: the list above)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the hashed file names
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from projects.models import Project

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    urls = [(url, url) for url in args.url] or URLS
    client = Client()
    projects = Project.objects.published().count()
    load_at_start = os.getloadavg()[0]
    print(
        f"{connection.vendor}, {projects} published projects, "
        f"median of {args.repeat} requests after one warm-up"
    )
    print(f"{'page':<30} {'queries':>7} {'median ms':>10} {'max ms':>8} {'SQL ms':>8}")
    results = []
    for name, url in urls:
        median, slowest, sql, queries = measure(client, connection, url, args.repeat)
        results.append((name, url, median, slowest, sql, queries))
        print(f"{name:<30} {len(queries):>7} {median:>10.1f} {slowest:>8.1f} {sql:>8.1f}")
        if args.queries:
            for duration, statement, _params in queries:
                print(f"    {duration * 1000:7.1f} ms  {statement[:110]}")
        if args.explain and connection.vendor == "postgresql":
            for duration, statement, params in sorted(queries, key=lambda q: -q[0])[:3]:
                plan = explain(connection, statement, params)
                print(f"\n--- {duration * 1000:.1f} ms\n{statement[:600]}\n{plan}\n")
    if args.write:
        if connection.vendor != "postgresql" or args.url:
            sys.exit("--write needs PostgreSQL and the default list of pages")
        sys.path.insert(0, str(ROOT / "bench"))
        from report import write_section

        load = (load_at_start, os.getloadavg()[0])
        write_section("bench/server_time.py", section(results, projects, args.repeat, load))
        print("wrote the bench/server_time.py section of BENCHMARKS.md")


if __name__ == "__main__":
    main()
