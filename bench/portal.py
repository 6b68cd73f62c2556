"""The portal under test for bench/run.py: its database, its gunicorn and plain HTTP to it."""

import json
import os
import platform
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "blp_bench"
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/15")
PORT = int(os.environ.get("BENCH_PORT", "18931"))
BASE = f"http://127.0.0.1:{PORT}"
GUNICORN_LOG = Path(tempfile.gettempdir()) / "blp_bench_gunicorn.log"


def production_env(database_url, port, **settings):
    """The environment of a benchmark's gunicorn: production settings (DEBUG off) on plain HTTP
    at 127.0.0.1, with `settings` on top."""
    return {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_BASE_URL": "https://portal.example.org",
        "DATABASE_URL": database_url,
        # plain HTTP on 127.0.0.1: no redirect to https (the proxy terminates TLS in production)
        "SECURE_SSL_REDIRECT": "0",
        # a benchmark is one client asking thousands of times: the API's per-address rate limit
        # and the budget of uncached renders per client would answer it with 429
        "OPENDATA_RATE_LIMIT": "1000000000",
        "UNCACHED_RENDER_BUDGET": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "blp_portal.settings",
        **settings,
    }


ENV = production_env(
    f"{PG}/{DB_NAME}",
    PORT,
    SECRET_KEY="bench-only-" + "x7Qp2LmZ9rT4vW8yK3nB6cF1hJ5dS0gA" * 2,
    CACHE_URL=REDIS,
    CACHE_KEY_PREFIX="blpbench",
)


def log(message):
    print(f"[bench] {message}", flush=True)


def run(*args, env=None, **kwargs):
    try:
        return subprocess.run(
            args, cwd=ROOT, env={**ENV, **(env or {})}, check=True, text=True, **kwargs
        )
    except subprocess.CalledProcessError as error:
        log(f"{' '.join(args[:3])} failed:\n{(error.stderr or '')[-3000:]}")
        raise


def manage(*args, env=None):
    return run(PYTHON, "manage.py", *args, env=env, capture_output=True).stdout


def prepare_static():
    manage("compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/portal.css"]


def prepare_database(projects):
    """A fresh database with `projects` generated projects; returns the seconds generating took."""
    admin = f"{PG}/postgres"
    log(f"recreating database {DB_NAME} with {projects:,} projects")
    run("psql", admin, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}", capture_output=True)
    run("psql", admin, "-qc", f"CREATE DATABASE {DB_NAME}", capture_output=True)
    try:
        manage("migrate", "--noinput", "-v0")
    except subprocess.CalledProcessError:
        # the working tree is shared with people editing models: one more try after a pause
        time.sleep(20)
        manage("migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage("generate_catalogue", "--projects", str(projects), "--force")
    elapsed = time.monotonic() - started
    # The steady state of a live database (autovacuum): planner statistics and a visibility map,
    # without which the covering index cannot answer index-only scans.
    run("psql", ENV["DATABASE_URL"], "-qc", "VACUUM ANALYZE", capture_output=True)
    # The bulk load's dirty pages written out now, not by the next checkpoint in the middle of
    # the measurements (hundreds of megabytes at the largest catalogue).
    run("psql", ENV["DATABASE_URL"], "-qc", "CHECKPOINT", capture_output=True)
    return elapsed


def catalogue_sample():
    return json.loads(run(PYTHON, "bench/catalogue.py", capture_output=True).stdout)


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Gunicorn:
    """gunicorn with gunicorn.conf.py and production settings, plus `extra_env`, while in use."""

    def __init__(self, **extra_env):
        self.env = {**ENV, **extra_env}
        self.process = None

    def __enter__(self):
        if port_in_use(PORT):
            raise SystemExit(f"port {PORT} is in use by another program: set BENCH_PORT")
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "blp_portal.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(GUNICORN_LOG, "a"),  # noqa: SIM115
        )
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:  # refused, reset or timed out while the workers boot
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn did not become healthy; see {GUNICORN_LOG}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        for _ in range(50):
            if not port_in_use(PORT):
                return
            time.sleep(0.1)


def fetch(path, base=BASE, headers=None):
    """(status, body, headers) of one GET."""
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, "", error.headers


def drain():
    """Wait until requests queued by the last wrk run are done (sync workers finish them)."""
    for _ in range(120):
        started = time.monotonic()
        fetch("/healthz")
        if time.monotonic() - started < 0.5:
            return
        time.sleep(0.5)


def machine(load_at_start, connections, seconds):
    """The machine table: what the figures were measured on, and how busy it was."""
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

    pg = version("psql", f"{PG}/postgres", "-tAc", "SHOW server_version").strip()
    redis = re.search(r"redis_version:(\S+)", version("redis-cli", "INFO", "server"))
    wrk_version = version("wrk", "-v").split("\n")[0].split(" [")[0]
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    django = version(PYTHON, "-c", "import django; print(django.get_version())").strip()
    gunicorn = version(GUNICORN, "--version").strip()
    workers = version(
        PYTHON, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    ).strip()
    return {
        "Load average (1 min) at start / end": f"{load_at_start:.2f} / {os.getloadavg()[0]:.2f}",
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Django": django,
        "gunicorn": f"{gunicorn} ({workers} sync workers)",
        "PostgreSQL": pg,
        "Redis": redis.group(1) if redis else "?",
        "nginx": nginx.replace("nginx version: ", "") or "–",
        "Load generator": f"{wrk_version}, 1 thread, {connections} connections, {seconds} s per "
        "cached row; cold rows: one Python client, one keep-alive connection",
    }
