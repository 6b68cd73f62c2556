"""The two ways bench/run.py measures: wrk for throughput, one keep-alive client for cold pages."""

import http.client
import re
import statistics
import subprocess
import time

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(out):
    """Requests/s, p50, p99 (ms), requests and errors from `wrk --latency` output.

    Errors are non-2xx/3xx answers plus socket errors; a row in which no request finished has
    no latency distribution, so its p50 and p99 are None.
    """
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(p50.group(1)) if p50 else None,
        "p99": _ms(p99.group(1)) if p99 else None,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    }


def mean_row(first, second):
    """Two wrk runs of one URL as one row: mean rate and latencies, all requests and errors."""

    def mean(key):
        values = [row[key] for row in (first, second) if row[key] is not None]
        return sum(values) / len(values) if values else None

    return {
        "rps": mean("rps"),
        "p50": mean("p50"),
        "p99": mean("p99"),
        "requests": first["requests"] + second["requests"],
        "errors": first["errors"] + second["errors"],
    }


def wrk(url, connections, seconds, headers=()):
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        args += ["-H", header]
    result = subprocess.run([*args, url], capture_output=True, text=True, check=True)
    return parse_wrk(result.stdout)


def percentile(values, share):
    """The value below which `share` (0..1) of the values lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(timings_ms, errors):
    return {
        "urls": len(timings_ms) + errors,
        "errors": errors,
        "p50": statistics.median(timings_ms) if timings_ms else None,
        "p90": percentile(timings_ms, 0.9) if timings_ms else None,
        "max": max(timings_ms) if timings_ms else None,
    }


def cold(host, port, paths):
    """Ask for each path once, one after the other on one connection, as a visitor's browser
    does (reconnecting when the server closes it, which gunicorn's sync workers do after each
    answer). The latency is from sending the request to the last byte of the answer."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    timings, errors = [], 0
    try:
        for path in paths:
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                errors += 1
                continue
            elapsed = (time.perf_counter() - began) * 1000
            if response.status == 200:
                timings.append(elapsed)
            else:
                errors += 1
            if response.will_close:
                connection.close()
    finally:
        connection.close()
    return summarise(timings, errors)


def yardstick(rounds=7):
    """Milliseconds of a fixed piece of pure-Python work (the median of `rounds`).

    The machine's speed moves by a third within a run on shared cores; measured just before and
    after the cold rows, this says how fast the machine was while they ran, so that cold rows
    of different sizes or runs can be read against it (lower is faster).
    """

    def work():
        kept = {}
        for i in range(40_000):
            key = f"k{i % 997}"
            kept[key] = (kept.get(key, "") + str(i))[-24:]
        return len(kept)

    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        work()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)
