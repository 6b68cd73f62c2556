"""Dependency audit for CI and the test suite: the pinned Python packages and the vendored
front-end files.

    .venv/bin/python .ci/audit.py            # constraints.txt and static/**/vendor/
    .venv/bin/python .ci/audit.py -r FILE    # another pinned requirements file, and the vendor files

Python: pip-audit reads the pins of constraints.txt (`-r constraints.txt --no-deps
--disable-pip --strict`), not the installed environment, whose editable install of the portal
itself --strict would reject as not auditable. pip-audit asks
https://pypi.org/pypi/<name>/<version>/json for each package; where that endpoint cannot be
reached (an offline machine, a mirror that only serves the simple index) it would report every
package as "not found", so the endpoint is probed first.

Front end: each file under a `vendor` directory of static/ is identified by its banner (htmx,
jQuery UI, jQuery) and its version is looked up in OSV's database for the npm ecosystem
(https://api.osv.dev/v1/query). A vendored script whose name and version cannot be read
cannot be audited and fails the audit, like --strict.

Exit status: 1 for any known vulnerability or anything that could not be audited; otherwise 3
when an advisory service was unreachable (the output says plainly which part was SKIPPED;
.ci/run tolerates 3); 0 when everything was checked and is clean.
"""

import re
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
STATIC = ROOT / "static"
PROBE_URL = "https://pypi.org/pypi/django/4.2.0/json"
OSV_URL = "https://api.osv.dev/v1/query"
SKIPPED = 3  # exit status when an advisory service is unreachable and nothing else failed

# The banner at the top of a vendored file -> its npm package name; the version is group 1.
BANNERS = [
    (re.compile(rb"/\*!\s*htmx\.org\s+v?(\d+\.\d+\.\d+\S*)"), "htmx.org"),
    (re.compile(rb"/\*!\s*jQuery UI\s*-\s*v(\d+\.\d+\.\d+\S*)"), "jquery-ui"),
    (re.compile(rb"/\*!\s*jQuery\s+v(\d+\.\d+\.\d+\S*)"), "jquery"),
]
BANNER_BYTES = 512
# Files in a vendor directory that are not code (licences, notes).
NOT_CODE = {".txt", ".md", ".map"}


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


def vendored_files(static=STATIC):
    """Every code file below a directory named "vendor" in static/."""
    return sorted(
        path
        for path in static.rglob("*")
        if path.is_file() and "vendor" in path.relative_to(static).parts[:-1]
        if path.suffix.lower() not in NOT_CODE
    )


def identify(path):
    """(npm package, version) from the file's banner, or None."""
    with path.open("rb") as handle:
        head = handle.read(BANNER_BYTES)
    for pattern, package in BANNERS:
        match = pattern.search(head)
        if match:
            return package, match.group(1).decode("ascii").rstrip(",;*/")
    return None


def osv_vulnerabilities(package, version, timeout=20):
    """OSV's advisories for one npm package version: [(id, summary)]. Raises
    requests.RequestException when OSV cannot be asked."""
    query = {"package": {"name": package, "ecosystem": "npm"}, "version": version}
    response = requests.post(OSV_URL, json=query, timeout=timeout)
    response.raise_for_status()
    return [
        (vuln["id"], vuln.get("summary") or vuln.get("details", "")[:120])
        for vuln in response.json().get("vulns", [])
    ]


def audit_python(requirements):
    """pip-audit of a pinned requirements file; returns 0, 1 or SKIPPED."""
    if not advisory_data_reachable():
        print(f"pip-audit SKIPPED: PyPI's advisory data ({PROBE_URL}) is not reachable here.")
        return SKIPPED
    result = pip_audit("-r", str(requirements), "--no-deps", "--disable-pip")
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    return 0 if result.returncode == 0 else 1


def audit_vendored(static=STATIC):
    """OSV look-up of every vendored front-end file; returns 0, 1 or SKIPPED."""
    statuses, osv_reachable = [], True
    for path in vendored_files(static):
        name = path.relative_to(static.parent)
        found = identify(path)
        if found is None:
            print(f"vendor FAILED: {name}: no known banner, so its version cannot be audited.")
            statuses.append(1)
            continue
        package, version = found
        vulns = None
        if osv_reachable:
            try:
                vulns = osv_vulnerabilities(package, version)
            except (requests.RequestException, ValueError):
                osv_reachable = False
        if vulns is None:
            print(
                f"vendor SKIPPED: OSV ({OSV_URL}) is not reachable here; {name} "
                f"(npm {package} {version}) was not checked."
            )
            statuses.append(SKIPPED)
        elif vulns:
            statuses.append(1)
            for vuln_id, summary in vulns:
                print(f"vendor VULNERABLE: {name}: npm {package} {version}: {vuln_id} {summary}")
        else:
            statuses.append(0)
            print(f"vendor ok: {name}: npm {package} {version}, no known vulnerability (OSV).")
    return combine(*statuses)


def combine(*statuses):
    """1 beats SKIPPED beats 0."""
    if 1 in statuses:
        return 1
    return SKIPPED if SKIPPED in statuses else 0


def main(argv):
    requirements = Path(argv[1]) if argv[:1] == ["-r"] and len(argv) > 1 else CONSTRAINTS
    return combine(audit_python(requirements), audit_vendored())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
