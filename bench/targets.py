"""Issue 17's and issue 16's targets, judged from the figures of one bench/run.py run.

Each target is (what, measured, limit, verdict) with the verdict "met", "missed" or "not
measured" (a row that could not run, e.g. nginx missing): a target is never called met without
its figure.
"""

STATIC = "Static CSS (whitenoise)"
CACHED_PAGES = ("Home", "List, filtered by a theme", "List, search", "Detail")
COLD_LIMITS = {"List, filtered by a theme": 35, "List, search": 50, "Detail": 20}
MET, MISSED, NOT_MEASURED = "met", "missed", "not measured"


def _verdict(value, limit, at_most=True, strict=False):
    if value is None or limit is None:
        return NOT_MEASURED
    if strict:
        ok = value < limit if at_most else value > limit
    else:
        ok = value <= limit if at_most else value >= limit
    return MET if ok else MISSED


def _fmt(value, unit, digits=1):
    return "–" if value is None else f"{value:.{digits}f}{unit}"


def _share(row, static):
    if not row or not static or not static.get("rps"):
        return None
    return 100 * row["rps"] / static["rps"]


def reference_size(results):
    """The catalogue size the single-size targets are judged at: 10,000 when measured (the
    issue's set-up), else the size nearest to it."""
    sizes = [int(s) for s in results["runs"]]
    return min(sizes, key=lambda s: abs(s - 10_000)) if sizes else None


def cached_targets(run):
    cached = run.get("cached", {})
    static = cached.get(STATIC)
    rows = []
    for label in CACHED_PAGES:
        share = _share(cached.get(label), static)
        rows.append(
            (
                f"1. {label}, cached: share of the static file's req/s",
                _fmt(share, " %", 0),
                "≥ 80 %",
                _verdict(share, 80, at_most=False),
            )
        )
    limit = 3 * static["p99"] if static and static.get("p99") else None
    for label in CACHED_PAGES:
        p99 = (cached.get(label) or {}).get("p99")
        rows.append(
            (
                f"1. {label}, cached: p99",
                _fmt(p99, " ms"),
                f"≤ 3 × static = {_fmt(limit, ' ms')}",
                _verdict(p99, limit),
            )
        )
    errors = sum(r["errors"] for r in cached.values()) if cached else None
    rows.append(("1. Cached rows: errors", _fmt(errors, "", 0), "0", _verdict(errors, 0)))
    return rows


def api_targets(run):
    cached, cold = run.get("cached", {}), run.get("cold", {})
    share = _share(cached.get("API list"), cached.get(STATIC))
    conditional = run.get("api_conditional") or {}
    if conditional:
        ok = conditional.get("hit") and conditional.get("not_modified")
        measured = (
            f"second answer {'from' if conditional.get('hit') else 'not from'} the page cache, "
            f"If-None-Match → {conditional.get('status')}"
        )
        verdict = MET if ok else MISSED
    else:
        measured, verdict = "–", NOT_MEASURED
    p50 = (cold.get("API list") or {}).get("p50")
    return [
        (
            "2. API list, repeated query: share of the static file's req/s",
            _fmt(share, " %", 0),
            "≥ 50 %",
            _verdict(share, 50, at_most=False),
        ),
        (
            "2. API answers cached and conditional like the pages",
            measured,
            "cache hit, 304",
            verdict,
        ),
        ("2. API list, uncached: median", _fmt(p50, " ms"), "≤ 40 ms", _verdict(p50, 40)),
    ]


def cold_targets(run):
    cold = run.get("cold", {})
    rows = []
    for label, limit in COLD_LIMITS.items():
        row = cold.get(label) or {}
        p50 = row.get("p50") if not row.get("errors") else None
        rows.append(
            (
                f"3. {label}, cold (distinct URLs, one connection): median",
                _fmt(p50, " ms"),
                f"≤ {limit} ms",
                _verdict(p50, limit),
            )
        )
    return rows


def growth_targets(results, wanted=(1_000, 10_000, 50_000)):
    runs = results["runs"]
    measured = [s for s in wanted if str(s) in runs]
    rows = [
        (
            "4. Measured at 1,000, 10,000 and 50,000 projects in one run",
            ", ".join(f"{s:,}" for s in sorted(int(s) for s in runs)),
            "all three",
            MET if len(measured) == len(wanted) else MISSED,
        )
    ]

    def theme(size):
        return (runs.get(str(size), {}).get("cold", {}).get("List, filtered by a theme") or {}).get(
            "p50"
        )

    small, large = theme(10_000), theme(50_000)
    ratio = large / small if small and large else None
    rows.append(
        (
            "4. Cold theme list at 50,000 / at 10,000",
            _fmt(ratio, " ×", 2) + (f" ({small:.1f} → {large:.1f} ms)" if ratio else ""),
            "≤ 2 ×",
            _verdict(ratio, 2),
        )
    )
    return rows


def editing_targets(load):
    if not load:
        return [("5. Steady while editing (bench/load_test.py)", "–", "", NOT_MEASURED)]
    ratio, stale = load.get("ratio"), load.get("stale")
    return [
        (
            "5. Page views' p50 with two editors / without",
            _fmt(ratio, " ×", 2)
            + (f" ({load['p50_without']:.0f} → {load['p50_with']:.0f} ms)" if ratio else ""),
            "≤ 1.5 ×",
            _verdict(ratio, 1.5),
        ),
        ("5. Stale pages after a save", _fmt(stale, "", 0), "0", _verdict(stale, 0)),
    ]


def edge_targets(run):
    nginx = run.get("nginx") or {}
    if not nginx:
        reason = run.get("nginx_error") or "not run"
        return [
            (
                "6. nginx proxy cache of docs/deployment.md in front of gunicorn",
                reason,
                "",
                NOT_MEASURED,
            )
        ]
    static = nginx.get(STATIC)
    rows = []
    for label, row in nginx.items():
        if label == STATIC:
            continue
        status = (run.get("nginx_cache_status") or {}).get(label, "?")
        share = _share(row, static)
        ok = status == "HIT" and row["errors"] == 0
        rows.append(
            (
                f"6. {label} through nginx's cache: share of static through nginx",
                f"{_fmt(share, ' %', 0)}, {row['rps']:.0f} req/s, X-Cache-Status {status}, "
                f"{row['errors']} errors",
                "served by nginx (HIT), 0 errors",
                MET if ok else MISSED,
            )
        )
    return rows


def server_time_targets(server_time):
    pg = (server_time or {}).get("postgresql") or {}
    sqlite = (server_time or {}).get("sqlite") or {}
    search, suggestions, lite = (
        pg.get("List, search"),
        pg.get("Search suggestions"),
        sqlite.get("List, search"),
    )
    return [
        (
            "Issue 16: search, PostgreSQL, in-process (bench/server_time.py): median",
            _fmt(search, " ms"),
            "≤ 50 ms",
            _verdict(search, 50),
        ),
        (
            "Issue 16: search suggestions, PostgreSQL, in-process: median",
            _fmt(suggestions, " ms"),
            "≤ 20 ms",
            _verdict(suggestions, 20),
        ),
        (
            "Issue 16: search, SQLite, in-process: median",
            _fmt(lite, " ms"),
            "< 150 ms",
            _verdict(lite, 150, strict=True),
        ),
    ]


def evaluate(results):
    """Every target as (what, measured, limit, verdict), in the issue's order."""
    size = reference_size(results)
    run = results["runs"].get(str(size), {}) if size else {}
    return [
        *cached_targets(run),
        *api_targets(run),
        *cold_targets(run),
        *growth_targets(results),
        *editing_targets(results.get("load_test")),
        *edge_targets(run),
        *server_time_targets(results.get("server_time")),
    ]
