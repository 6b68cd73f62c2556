"""nginx with the proxy cache of docs/deployment.md in front of the bench's gunicorn.

The configuration is the one the deployment guide gives ("A cache in front of gunicorn"), taken
from the guide itself, so the bench measures what an operator would copy; only the cache
directory, the upstream's port and the listening address are the bench's own, and the settings a
server block needs to run without root's directories (pid, logs, temporary files).
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

DEPLOYMENT = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"
PORT = int(os.environ.get("BENCH_NGINX_PORT", "18932"))


def documented_config(text):
    """The nginx block of the guide's proxy cache section, or None if the guide has none."""
    for block in re.findall(r"```nginx\n(.*?)```", text, re.DOTALL):
        if "proxy_cache_path" in block and "proxy_cache " in block:
            return re.sub(r"(?m)^ {3}", "", block)  # the guide indents it inside a list item
    return None


def bench_config(documented, directory, upstream_port, port=PORT, user=None):
    """A complete nginx.conf around the guide's `http` part, pointed at the bench's gunicorn."""
    http = re.sub(r"proxy_cache_path\s+\S+", f"proxy_cache_path {directory}/cache", documented)
    http = re.sub(r"http://127\.0\.0\.1:\d+", f"http://127.0.0.1:{upstream_port}", http)
    http = re.sub(r"server\s*\{", f"server {{\n    listen 127.0.0.1:{port};", http, count=1)
    temp = "\n".join(
        f"    {kind}_temp_path {directory}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{f"user {user};" if user else ""}
worker_processes auto;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
{temp}
{http}
}}
"""


class Nginx:
    """nginx running the bench configuration for the duration of a `with` block."""

    def __init__(self, upstream_port, port=PORT):
        self.upstream_port, self.port = upstream_port, port
        self.process = None
        self.directory = None
        self.error = None

    def __enter__(self):
        documented = documented_config(DEPLOYMENT.read_text(encoding="utf-8"))
        if documented is None:
            self.error = "docs/deployment.md has no nginx block with proxy_cache"
            return self
        if not shutil.which("nginx"):
            self.error = "nginx is not installed (apt-get install -y nginx)"
            return self
        self.directory = tempfile.mkdtemp(prefix="blp_bench_nginx_")
        user = "root" if os.geteuid() == 0 else None  # workers write the temporary directory
        conf = Path(self.directory) / "nginx.conf"
        conf.write_text(
            bench_config(documented, self.directory, self.upstream_port, self.port, user)
        )
        self.process = subprocess.Popen(
            ["nginx", "-p", self.directory, "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(50):
            if self.process.poll() is not None:
                self.error = f"nginx did not start: {self.process.stderr.read().strip()[:300]}"
                return self
            if Path(self.directory, "nginx.pid").exists():
                time.sleep(0.2)
                return self
            time.sleep(0.1)
        self.error = "nginx did not start within 5 s"
        return self

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)
