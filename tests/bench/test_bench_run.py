"""bench/run.py's pure parts: parsing wrk and the helpers' output, the cold URLs, the nginx
configuration taken from the deployment guide, the targets' verdicts and the markdown."""

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
MODULES = ("catalogue", "measure", "nginx", "portal", "targets", "run_report", "report", "run")


@pytest.fixture(scope="module")
def bench():
    """The bench modules, imported the way bench/run.py imports them (bench/ on the path)."""
    sys.path.insert(0, str(BENCH))
    try:
        modules = {name: importlib.import_module(name) for name in MODULES}
    finally:
        sys.path.remove(str(BENCH))
        for name in MODULES:
            sys.modules.pop(name, None)
    return type("Bench", (), modules)


WRK = """Running 5s test @ http://127.0.0.1:18931/de/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.61ms    2.01ms  41.23ms   88.12%
    Req/Sec     2.95k   210.00     3.20k    80.00%
  Latency Distribution
     50%  812.00us
     75%   11.20ms
     90%   12.90ms
     99%    1.20s
  14733 requests in 5.00s, 150.20MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   2946.12
Transfer/sec:     30.04MB
"""


def test_wrk_output_is_parsed_with_its_units_and_all_errors(bench):
    row = bench.measure.parse_wrk(WRK)
    assert row["rps"] == 2946.12
    assert row["p50"] == pytest.approx(0.812)
    assert row["p99"] == 1200.0
    assert row["requests"] == 14733
    assert row["errors"] == 4 + 3


def test_wrk_output_without_finished_requests_has_no_latency(bench):
    out = "  0 requests in 5.00s, 0.00B read\nRequests/sec:      0.00\n"
    row = bench.measure.parse_wrk(out)
    assert (row["rps"], row["p50"], row["p99"], row["errors"]) == (0.0, None, None, 0)


def test_two_runs_of_the_static_file_are_averaged(bench):
    first = {"rps": 1000.0, "p50": 4.0, "p99": 10.0, "requests": 5000, "errors": 0}
    second = {"rps": 500.0, "p50": 8.0, "p99": None, "requests": 2500, "errors": 1}
    assert bench.measure.mean_row(first, second) == {
        "rps": 750.0,
        "p50": 6.0,
        "p99": 10.0,
        "requests": 7500,
        "errors": 1,
    }


def test_cold_summary_takes_the_median_and_counts_errors(bench):
    summary = bench.measure.summarise([30.0, 10.0, 20.0, 40.0], errors=1)
    assert summary == {"urls": 5, "errors": 1, "p50": 25.0, "p90": 40.0, "max": 40.0}
    assert bench.measure.percentile(list(range(1, 101)), 0.9) == 90


SAMPLE = {
    "published": 900,
    "choices": {
        "theme": ["governance", "klima", "bildung", "gesundheit"],
        "land": [f"de-{c}" for c in "bw by be bb hb hh he mv ni nw rp sl sn st sh th".split()],
        "status": ["planned", "ongoing", "completed"],
        "topic": ["gender", "digital"],
        "phase": ["phase-1", "phase-2", "phase-3"],
        "country": [f"c{i}" for i in range(40)],
    },
    "slugs": [f"synth-{i:05d}" for i in range(51)],
    "words": ["Abfallwirtschaft", "Bildung", "Südafrika", "Wasserversorgung"] * 3
    + [f"{a}{b}wort" for a in "BCDFGHKLMN" for b in "aeiou"],
}


def test_cold_rows_ask_for_fifty_distinct_urls_each(bench):
    urls = bench.catalogue.cold_urls(SAMPLE)
    assert set(urls) == {
        "List, filtered by a theme",
        "List, search",
        "Detail",
        "API list",
        "Search suggestions",
    }
    for label, paths in urls.items():
        assert len(paths) == 50, label
        assert len(set(paths)) == 50, label
        assert all(path.isascii() for path in paths), label
    themes = urls["List, filtered by a theme"]
    assert all("theme=" in path for path in themes)
    # every kind of second filter is among the first 50, not only Länder
    assert {
        name for name in bench.catalogue.EXTRA_FILTERS if any(f"&{name}=" in p for p in themes)
    } == set(bench.catalogue.EXTRA_FILTERS)
    assert "/de/projekte/?q=S%C3%BCdafrika" in urls["List, search"]
    assert "/de/projekte/synth-00000/" not in urls["Detail"]  # the cached row's page


GUIDE = """Some text.

5. **A cache in front of gunicorn.** A minimal nginx configuration:

   ```nginx
   proxy_cache_path /var/cache/nginx/blp keys_zone=blp:50m max_size=1g inactive=10m;
   server {
       location / {
           proxy_pass http://127.0.0.1:8000;
           proxy_cache blp;
       }
       location /admin/ { proxy_pass http://127.0.0.1:8000; }
   }
   ```
"""


def test_the_nginx_configuration_is_the_guides_pointed_at_the_bench(bench):
    documented = bench.nginx.documented_config(GUIDE)
    assert documented.startswith("proxy_cache_path /var/cache/nginx/blp")
    conf = bench.nginx.bench_config(documented, "/tmp/x", 18931, port=18932)
    assert "proxy_cache_path /tmp/x/cache keys_zone=blp:50m" in conf
    assert conf.count("proxy_pass http://127.0.0.1:18931;") == 2
    assert "8000" not in conf
    assert "listen 127.0.0.1:18932;" in conf
    assert "proxy_cache blp;" in conf and "daemon off;" in conf
    assert bench.nginx.documented_config("```nginx\nserver {}\n```") is None


def test_the_deployment_guide_has_a_configuration_the_bench_can_use(bench):
    assert bench.nginx.documented_config(bench.nginx.DEPLOYMENT.read_text(encoding="utf-8"))


def test_server_time_and_load_test_output_are_read(bench):
    out = (
        "postgresql, 9009 published projects, median of 15 requests after one warm-up\n"
        "page                           queries  median ms   max ms   SQL ms\n"
        "/de/projekte/?q=Wasserversorgung       9       48.5     70.1     20.2\n"
        "/de/projekte/search/suggestions/?q=wass       2       12.0     15.0      9.9\n"
    )
    names = {bench.run.SEARCH: "List, search", bench.run.SUGGESTIONS: "Search suggestions"}
    assert bench.run.parse_server_time(out, names) == {
        "List, search": 48.5,
        "Search suggestions": 12.0,
    }
    assert set(bench.run.parse_load_test("nothing in it").values()) == {None}
    load = bench.run.parse_load_test(LOAD_TEST)
    assert load == {
        "p50_without": 12.5,
        "p50_with": 16.0,
        "ratio": 1.28,
        "stale": 0,
        "errors": 2,
        "lost": 0,
    }


LOAD_TEST = """| Page views | 900 | 22.5 | 13 | 40 | 80 |

- Page views' p50: 12.5 ms without editors,
  16.0 ms with editors: **1.28x** (target: at most 1.5x).
- Total: 4000 requests, **2 errors**, of them **0 stale pages** in
  80 public fetches right after a save.
- Admin saves: 40 accepted, **0 lost** (every save is in the admin log and each
"""


def _row(rps, p99=10.0, errors=0, p50=5.0):
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors, "requests": int(rps * 5)}


def _results():
    static = "Static CSS (whitenoise)"
    run = {
        "published": 9000,
        "generate_seconds": 9.0,
        "yardstick": [11.0, 12.5],
        "cached": {
            "Home": _row(900),
            "List, filtered by a theme": _row(700, p99=31),
            "List, search": _row(800, p99=30),
            "Detail": _row(1000),
            "API list": _row(500),
            static: _row(1000),
        },
        "kb": {"Home": 9.0},
        "api_conditional": {"hit": True, "etag": True, "status": 304, "not_modified": True},
        "cold": {
            "List, filtered by a theme": {
                "urls": 50,
                "errors": 0,
                "p50": 30.0,
                "p90": 40,
                "max": 50,
            },
            "List, search": {"urls": 50, "errors": 2, "p50": 10.0, "p90": 40, "max": 50},
            "Detail": {"urls": 50, "errors": 0, "p50": 21.0, "p90": 40, "max": 50},
            "API list": {"urls": 50, "errors": 0, "p50": 40.0, "p90": 40, "max": 50},
        },
        "nginx": {"Home": _row(5000), static: _row(4000)},
        "nginx_cache_status": {"Home": "HIT"},
    }
    large = {"cold": {"List, filtered by a theme": {"urls": 50, "errors": 0, "p50": 61.0}}}
    return {
        "runs": {"1000": {}, "10000": run, "50000": large},
        "load_test": {"p50_without": 40, "p50_with": 50, "ratio": 1.25, "stale": 1},
        "server_time": {"postgresql": {"List, search": 50.0}, "sqlite": {"List, search": 150.0}},
        "machine": {"Cores": "2"},
        "seconds": 5,
        "connections": 32,
        "date": "2026-12-02 15:05",
        "duration_seconds": 900,
    }


def test_each_target_is_met_or_missed_by_its_figure(bench):
    verdicts = {
        what: (measured, verdict)
        for what, measured, _l, verdict in bench.targets.evaluate(_results())
    }
    assert verdicts["1. Home, cached: share of the static file's req/s"] == ("90 %", "met")
    assert (
        verdicts["1. List, filtered by a theme, cached: share of the static file's req/s"][1]
        == "missed"
    )
    assert verdicts["1. List, search, cached: p99"][1] == "met"  # 30 ms = 3 × 10 ms
    assert verdicts["1. List, filtered by a theme, cached: p99"][1] == "missed"
    assert verdicts["1. Cached rows: errors"][1] == "met"
    assert verdicts["2. API list, repeated query: share of the static file's req/s"][1] == "met"
    assert verdicts["2. API answers cached and conditional like the pages"][1] == "met"
    assert verdicts["2. API list, uncached: median"][1] == "met"  # 40 ms is at the limit
    cold = "3. {}, cold (distinct URLs, one connection): median"
    assert verdicts[cold.format("List, filtered by a theme")][1] == "met"
    assert verdicts[cold.format("Detail")][1] == "missed"
    # a row with errors gives no median to judge
    assert verdicts[cold.format("List, search")] == ("–", "not measured")
    assert verdicts["4. Measured at 1,000, 10,000 and 50,000 projects in one run"][1] == "met"
    assert verdicts["4. Cold theme list at 50,000 / at 10,000"][1] == "missed"  # 61 / 30
    assert verdicts["5. Page views' p50 with two editors / without"][1] == "met"
    assert verdicts["5. Stale pages after a save"][1] == "missed"
    assert verdicts["6. Home through nginx's cache: share of static through nginx"][1] == "met"
    assert (
        verdicts["Issue 16: search, PostgreSQL, in-process (bench/server_time.py): median"][1]
        == "met"
    )
    assert (
        verdicts["Issue 16: search suggestions, PostgreSQL, in-process: median"][1]
        == "not measured"
    )
    assert verdicts["Issue 16: search, SQLite, in-process: median"][1] == "missed"  # < 150


def test_targets_without_figures_are_not_measured_rather_than_met(bench):
    results = {"runs": {"1000": {}}}
    verdicts = [verdict for _w, _m, _l, verdict in bench.targets.evaluate(results)]
    assert "met" not in verdicts
    assert bench.targets.reference_size({"runs": {"1000": {}, "50000": {}}}) == 1000


def test_the_section_has_the_targets_every_size_and_the_growth_curve(bench):
    text = bench.run_report.render(_results())
    assert text.startswith("## Pages under load, cold pages and growth (bench/run.py)")
    assert "| 1. Home, cached: share of the static file's req/s | 90 % | ≥ 80 % | **met** |" in text
    assert "**missed**" in text and "not measured" in text
    for size in ("#### 1,000 projects", "#### 10,000 projects", "#### 50,000 projects"):
        assert size in text
    assert "| Home | 9 | 900 | 5.0 | 10.0 | 0 | 90 % |" in text
    assert "| 10,000 | 9,000 | 9 | 30.0 |" in text  # the growth table
    assert "| 11.0 / 12.5 |" in text  # the machine's speed while the cold rows ran
    assert " 50,000 │" in text and "61.0 ms" in text  # the chart
    assert "(ratio 1.25)" in text and "stale pages after a save: 1" in text


def test_a_failing_part_is_noted_and_the_run_goes_on(bench):
    notes = []
    with bench.run.kept_going(notes, "measuring 50,000 projects"):
        raise SystemExit("gunicorn did not become healthy")
    with bench.run.kept_going(notes, "running bench/load_test.py"):
        pass
    assert notes == ["Failed while measuring 50,000 projects: `gunicorn did not become healthy`."]


def test_the_yardstick_times_the_same_work_each_time(bench):
    first, second = bench.measure.yardstick(rounds=3), bench.measure.yardstick(rounds=3)
    assert 0 < first < 1000 and 0 < second < 1000
    assert 0.2 < first / second < 5  # the same work: only the machine's speed moves it
