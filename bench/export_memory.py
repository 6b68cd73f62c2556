#!/usr/bin/env python3
"""Peak memory, time and SQL queries of the streamed open-data exports for 10,000 projects.

    .venv/bin/python bench/export_memory.py            # SQLite in a temporary file, ~1-2 min
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/blp_bench_export .venv/bin/python bench/export_memory.py

Generates the synthetic catalogue (manage.py generate_catalogue) into a fresh database,
publishes every generated project, then writes the CSV, the IATI XML and the xlsx of all of
them exactly as the download views do, consuming the streams without keeping them. Peak memory
is Python's allocation peak (tracemalloc) during the export; the export of a 1,000-project
slice is measured too, to show that the peak does not grow with the number of projects.
Environment: BENCH_PROJECTS (10000), BENCH_DATABASE_URL (an empty database of its own).
"""

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup():
    workdir = tempfile.mkdtemp(prefix="blp-export-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    # DEBUG off: Django would otherwise keep every query in memory.
    os.environ.update(DEBUG="0", SECRET_KEY="bench-only", ALLOWED_HOSTS="localhost")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blp_portal.settings")
    os.environ.setdefault("OPENDATA_BASE_URL", "https://portal.example.org")
    import django

    django.setup()


def measure(label, produce):
    """Run `produce()` (returns an iterable of chunks) and consume it; return the figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tracemalloc.start()
    tracemalloc.reset_peak()
    started = time.perf_counter()
    size = 0
    with CaptureQueriesContext(connection) as queries:
        for chunk in produce():
            size += len(chunk)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "export": label,
        "MiB out": size / 2**20,
        "peak MiB": peak / 2**20,
        "seconds": seconds,
        "queries": len(queries),
    }


def main():
    setup()
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone, translation

    from opendata import exports, iati
    from opendata.records import public_projects
    from projects.models import Project

    count = int(os.environ.get("BENCH_PROJECTS", "10000"))
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_catalogue", projects=count, force=True, clear=True, stdout=StringIO())
    Project.objects.filter(slug__startswith="synth-").update(
        publication_state=Project.PublicationState.PUBLISHED, published_at=timezone.now()
    )
    published = Project.objects.published().count()
    print(f"{published} published projects generated in {time.perf_counter() - started:.1f} s")
    translation.activate("de")

    first_pks = list(Project.objects.published().order_by("pk").values_list("pk", flat=True)[:1000])

    def iati_chunks(queryset):
        return lambda: iati.activities_chunks(
            queryset.order_by("pk").iterator(chunk_size=exports.EXPORT_CHUNK_SIZE)
        )

    def csv_bytes(queryset):
        return lambda: (chunk.encode() for chunk in exports.csv_chunks(queryset))

    def xlsx_bytes(queryset):
        def produce():
            with exports.xlsx_file(queryset) as output:
                yield from iter(lambda: output.read(1 << 16), b"")

        return produce

    slice_ = public_projects().filter(pk__in=first_pks)
    rows = []
    for label, factory in (("CSV", csv_bytes), ("IATI XML", iati_chunks), ("xlsx", xlsx_bytes)):
        rows.append(measure(f"{label}, 1,000 projects", factory(slice_)))
        rows.append(measure(f"{label}, {published:,} projects", factory(public_projects())))

    print(
        f"\nchunk size {exports.EXPORT_CHUNK_SIZE}, database {os.environ['DATABASE_URL'].split(':')[0]}"
    )
    print(
        f"| {'export':<28} | {'MiB out':>8} | {'peak MiB':>8} | {'seconds':>7} | {'queries':>7} |"
    )
    print(f"|{'-' * 30}|{'-' * 10}|{'-' * 10}|{'-' * 9}|{'-' * 9}|")
    for row in rows:
        print(
            f"| {row['export']:<28} | {row['MiB out']:>8.1f} | {row['peak MiB']:>8.1f} | "
            f"{row['seconds']:>7.1f} | {row['queries']:>7} |"
        )


if __name__ == "__main__":
    main()
