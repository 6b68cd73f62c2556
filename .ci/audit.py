"""Dependency audit: pip-audit against PyPI's advisory data, for CI and the test suite.

    .venv/bin/python .ci/audit.py            # audit the installed environment (.venv)
    .venv/bin/python .ci/audit.py -r FILE    # audit a pinned requirements file

pip-audit asks https://pypi.org/pypi/<name>/<version>/json for each package. Where that
endpoint cannot be reached (an offline machine, a registry mirror that only serves the simple
index), pip-audit would report every package as "not found" and pass; this wrapper checks the
endpoint first and then says plainly that the audit was skipped (exit 3, which .ci/run tolerates) instead of passing
silently. When it is reachable, the audit runs with --strict: a package that could not be
audited fails the audit, and so does any known vulnerability (exit 1).
"""

import subprocess
import sys
from pathlib import Path

import requests

PROBE_URL = "https://pypi.org/pypi/django/4.2.0/json"
SKIPPED = 3  # exit status when PyPI's advisory data is unreachable


def advisory_data_reachable(timeout=10):
    """True when PyPI answers the per-release JSON that pip-audit reads its advisories from."""
    try:
        response = requests.get(PROBE_URL, timeout=timeout)
    except requests.RequestException:
        return False
    return response.status_code == 200 and "vulnerabilities" in response.json()


def pip_audit(*args):
    """Run pip-audit from this interpreter's environment; returns the CompletedProcess."""
    executable = Path(sys.executable).with_name("pip-audit")
    command = [str(executable), "--progress-spinner", "off", "--strict", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def main(argv):
    if not advisory_data_reachable():
        print(f"pip-audit SKIPPED: PyPI's advisory data ({PROBE_URL}) is not reachable here.")
        return SKIPPED
    if argv[:1] == ["-r"]:
        args = ["-r", *argv[1:], "--no-deps", "--disable-pip"]
    else:
        args = ["--local", "--skip-editable", *argv]
    result = pip_audit(*args)
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
