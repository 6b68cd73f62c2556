"""The bench/run.py section of BENCHMARKS.md, rendered from the figures of one run (no I/O)."""

import re

from targets import MET, MISSED, STATIC, evaluate, reference_size

COLD_ORDER = (
    "List, filtered by a theme",
    "List, search",
    "Detail",
    "API list",
    "Search suggestions",
)


def _n(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def _table(header, rows):
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def size_table(run):
    """One catalogue size: cached throughput and latency, and the cold medians."""
    cached, cold, kb = run.get("cached", {}), run.get("cold", {}), run.get("kb", {})
    static = (cached.get(STATIC) or {}).get("rps")
    rows = []
    for label in list(cached) + [c for c in COLD_ORDER if c in cold and c not in cached]:
        c, k = cached.get(label), cold.get(label) or {}
        share = f"{100 * c['rps'] / static:.0f} %" if c and static else "–"
        rows.append(
            [
                label,
                _n(kb.get(label), 0),
                *(
                    [_n(c["rps"], 0), _n(c["p50"]), _n(c["p99"]), c["errors"], share]
                    if c
                    else ["–"] * 5
                ),
                _n(k.get("p50")),
                _n(k.get("p90")),
                _n(k.get("max")),
                f"{k['urls']} / {k['errors']}" if k else "–",
            ]
        )
    return _table(
        [
            "Page",
            "KB",
            "cached req/s",
            "p50",
            "p99",
            "errors",
            "share of static",
            "cold p50",
            "cold p90",
            "cold max",
            "cold URLs / errors",
        ],
        rows,
    )


def nginx_table(run):
    nginx = run.get("nginx") or {}
    if not nginx:
        return f"Not measured: {run.get('nginx_error') or 'nginx did not run'}."
    static = (nginx.get(STATIC) or {}).get("rps")
    direct = run.get("cached", {})
    status = run.get("nginx_cache_status") or {}
    rows = [
        [
            label,
            _n(r["rps"], 0),
            _n(r["p50"]),
            _n(r["p99"]),
            r["errors"],
            f"{100 * r['rps'] / static:.0f} %" if static else "–",
            _n((direct.get(label) or {}).get("rps"), 0),
            status.get(label, "–"),
        ]
        for label, r in nginx.items()
    ]
    return _table(
        [
            "Page",
            "req/s",
            "p50",
            "p99",
            "errors",
            "share of static through nginx",
            "req/s from gunicorn directly",
            "X-Cache-Status",
        ],
        rows,
    )


def growth_table(results):
    runs = sorted(results["runs"].items(), key=lambda item: int(item[0]))
    rows = []
    for size, run in runs:
        cold = run.get("cold", {})
        cached = run.get("cached", {})
        rows.append(
            [
                f"{int(size):,}",
                f"{run.get('published', 0):,}",
                _n(run.get("generate_seconds"), 0),
                *(_n((cold.get(label) or {}).get("p50")) for label in COLD_ORDER),
                _n((cached.get("List, filtered by a theme") or {}).get("rps"), 0),
                " / ".join(_n(ms) for ms in run.get("yardstick") or ()) or "–",
            ]
        )
    return _table(
        [
            "Projects",
            "published",
            "generated in s",
            "cold theme list",
            "cold search",
            "cold detail",
            "cold API list",
            "cold suggestions",
            "cached theme list req/s",
            "yardstick ms, before / after the cold rows",
        ],
        rows,
    )


def growth_chart(results, width=40):
    """The cold theme list's median per size as bars of text (a picture of the curve)."""
    points = [
        (int(size), (run.get("cold", {}).get("List, filtered by a theme") or {}).get("p50"))
        for size, run in results["runs"].items()
    ]
    points = sorted((s, v) for s, v in points if v)
    if len(points) < 2:
        return ""
    top = max(v for _s, v in points)
    lines = [f"{s:>7,} │{'█' * max(1, round(width * v / top))} {v:.1f} ms" for s, v in points]
    return "Cold theme list, median:\n\n```text\n" + "\n".join(lines) + "\n```"


def targets_table(results):
    rows = []
    for what, measured, limit, verdict in evaluate(results):
        mark = {MET: "**met**", MISSED: "**missed**"}.get(verdict, verdict)
        rows.append([what, measured, limit, mark])
    table = _table(["Target", "Measured", "Limit", ""], rows)
    return table.replace("| --- | ---: | ---: | ---: |", "| --- | ---: | --- | --- |")


def server_time_text(results):
    st = results.get("server_time") or {}
    pg, lite = st.get("postgresql") or {}, st.get("sqlite") or {}
    if not pg and not lite:
        return "Not measured in this run."
    rows = [
        [label, _n(pg.get(label)), _n(lite.get(label))]
        for label in ("List, search", "Search suggestions")
    ]
    return (
        "`bench/server_time.py` at 10,000 projects (median of 15 requests after a warm-up, "
        "in-process through Django's test client, page cache off):\n\n"
        + _table(["Page", "PostgreSQL ms", "SQLite ms"], rows)
    )


def load_test_text(load):
    if not load:
        return "Not run (`--no-load-test` or `--quick`)."
    ratio = load.get("ratio")
    figures = (
        f"page views' p50 {_n(load.get('p50_without'), 0)} ms without editors, "
        f"{_n(load.get('p50_with'), 0)} ms with them (ratio {_n(ratio, 2)}); "
        f"stale pages after a save: {_n(load.get('stale'), 0)}, errors: "
        f"{_n(load.get('errors'), 0)}, lost saves: {_n(load.get('lost'), 0)}"
    )
    return (
        f"`bench/load_test.py` ran for {load.get('seconds', 0):.0f} s with its own database and "
        f"gunicorn and exited with status {load.get('exit_status')}: {figures}. Its own section "
        "below has the details."
    )


def render(results):
    size = reference_size(results)
    runs = sorted(results["runs"].items(), key=lambda item: int(item[0]))
    sizes = ", ".join(f"{int(s):,}" for s, _ in runs)
    notes = [f"{int(s):,} projects: {n}" for s, run in runs for n in run.get("notes", [])]
    machine = results.get("machine", {})
    load = machine.get("Load average (1 min) at start / end", "")
    minutes = results.get("duration_seconds", 0) / 60
    css_kb = _n(results["runs"].get(str(size), {}).get("kb", {}).get(STATIC), 0)
    if results.get("load_at_start", 0) > (results.get("cores") or 1):
        notes.append(
            f"The machine was busy with other work (load average {results['load_at_start']:.1f} "
            f"on {results['cores']} cores at the start): absolute figures and the 99th "
            "percentiles are not representative; rerun on an idle machine."
        )
    if results.get("quick"):
        notes.append("A quick run (`--quick`): smoke figures, not the full set-up.")
    per_size = "\n\n".join(f"#### {int(s):,} projects\n\n{size_table(run)}" for s, run in runs)
    nginx = "\n\n".join(f"#### {int(s):,} projects\n\n{nginx_table(run)}" for s, run in runs)
    text = f"""## Pages under load, cold pages and growth (bench/run.py)

Produced by `bench/run.py` on {results.get("date", "?")} UTC in {minutes:.0f} minutes (load
average at start / end: {load}); rerun it to refresh this section. Catalogues of {sizes}
synthetic projects (`manage.py generate_catalogue`, each in a fresh PostgreSQL database),
production settings (DEBUG off, Redis page cache, whitenoise with hashed static files,
persistent database connections), gunicorn with `gunicorn.conf.py`, the load generators on the
same machine over 127.0.0.1. Latencies in milliseconds. Targets are judged at {size:,}
projects unless they name a size.

- **Cached**: wrk, {results.get("connections")} connections, {results.get("seconds")} s per row
  (shorter than the 10 s of earlier runs, to measure three sizes in one run), each page asked
  again and again: it comes from the page cache in Redis. "Share of static" is the page's
  requests/s against the static CSS file served by whitenoise in the same gunicorn (measured
  before and after the pages; the mean of the two). wrk asks without `Accept-Encoding`, so
  every answer is uncompressed, as gunicorn hands it to the proxy that compresses it (the CSS
  file is {css_kb} KB then).
- **Cold**: gunicorn restarted with `PAGE_CACHE_SECONDS=0`, its workers warmed with other URLs;
  50 distinct URLs per row, each asked once, one after the other on one connection (theme
  lists with a second filter, searches for words of the catalogue's titles, 50 projects, the
  API with the same filters, suggestions for typed prefixes; `bench/catalogue.py`): no cache
  is warm for any of them.
- `UNCACHED_RENDER_BUDGET=0` and a very high `OPENDATA_RATE_LIMIT`: one benchmark client must
  not be answered 429 by the limits meant for crawlers.

### Targets

{targets_table(results)}

### Results per catalogue size

{per_size}

### Growth

{growth_table(results)}

The yardstick is a fixed piece of pure-Python work timed in the bench's own process just before
and after each size's cold rows (`bench/measure.py`): where it is higher, the machine was slower
while those rows ran, and the cold times of that size are slower by about as much.

{growth_chart(results)}

### Through nginx's proxy cache

The nginx configuration of docs/deployment.md ("A cache in front of gunicorn"), read from the
guide by `bench/nginx.py`, in front of the same gunicorn with `SHARED_CACHE_SECONDS=60`; wrk
as above against nginx. Here nginx answers from its own cache and bytes, not Python, set the
rate: a page smaller than the uncompressed CSS file goes faster than the file, so shares above
100 % are real.

{nginx}

### Server time in-process (issue 16)

{server_time_text(results)}

### Editors saving while visitors read

{load_test_text(results.get("load_test"))}

{chr(10).join(f"- {note}" for note in notes)}

### Machine

{_table(["", ""], machine.items()).replace("| --- | ---: |", "| --- | --- |")}

PostgreSQL, Redis, gunicorn, nginx and the load generators all share these cores, so absolute
numbers are lower than on a production set-up where the load comes from the network; the
ratios are what to compare.
"""
    return re.sub(r"\n{3,}", "\n\n", text)
