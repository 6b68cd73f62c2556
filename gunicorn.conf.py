"""gunicorn settings of the BLP Projektportal: `gunicorn -c gunicorn.conf.py blp_portal.wsgi`.

Every value can be overridden from the environment (docs/deployment.md).

Workers: WEB_CONCURRENCY, default = CPU cores + 1. A page is CPU-bound Python (template
rendering, ORM) with short waits on PostgreSQL/Redis on the same network, so one worker per core
keeps the cores busy and the extra one covers those waits. gunicorn's usual 2 × cores + 1 assumes
long I/O waits; on the 2-core benchmark machine, where wrk, PostgreSQL and Redis share the same
cores, 5 workers only add context switches and memory (see BENCHMARKS.md for the measurement).
Threads: GUNICORN_THREADS, default 1 (sync workers); the reverse proxy buffers slow clients, so a
worker is never held by a slow connection.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this is killed and logged (the proxy answers 502).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound. Not too often: at
# 5,000 requests a worker was replaced every few seconds under load, and each replacement (a
# fresh import of Django on busy cores) made the 99th percentile of the cached list 500 ms
# instead of 20 ms (BENCHMARKS.md). At 100,000 a worker of a busy site lives for hours.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Import the application once in the master: a new or recycled worker is a fork that serves at
# once instead of importing Django again while the others carry its load.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# Behind the reverse proxy: trust its X-Forwarded-* headers only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Error log to stderr; the access log (off by default) is the proxy's job.
errorlog = "-"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Django's own logging writes JSON lines; keep gunicorn's error log from duplicating them.
capture_output = False


def pre_fork(server, worker):
    """A worker must not inherit the master's database connections (with preload_app, anything
    the import did with the database would otherwise share one socket between processes)."""
    from django.db import connections

    connections.close_all()
