"""The dependency audit (.ci/audit.py): constraints.txt through pip-audit, the vendored
front-end files through OSV. The network is mocked except in the two tests against PyPI's real
advisory data, which skip where it is unreachable."""

import importlib.util
import subprocess
from pathlib import Path

import pytest
import requests

# The audit is a CI script (.ci/audit.py), not part of the portal; load it from its file.
_spec = importlib.util.spec_from_file_location(
    "ci_audit", Path(__file__).resolve().parents[2] / ".ci" / "audit.py"
)
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)
PROBE_URL, advisory_data_reachable, main, pip_audit = (
    audit.PROBE_URL,
    audit.advisory_data_reachable,
    audit.main,
    audit.pip_audit,
)


@pytest.fixture(scope="module")
def advisories():
    if not advisory_data_reachable():
        pytest.skip(f"PyPI's advisory data is not reachable from this machine ({PROBE_URL})")


def test_a_known_vulnerable_django_pin_fails_the_audit(advisories, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==4.2.0\n", encoding="utf-8")
    result = pip_audit("-r", str(requirements), "--no-deps", "--disable-pip")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "django" in result.stdout.lower()
    assert "PYSEC-" in result.stdout or "GHSA-" in result.stdout


def test_a_fixed_django_pin_passes_the_audit(advisories, tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==5.2.19\n", encoding="utf-8")
    result = pip_audit("-r", str(requirements), "--no-deps", "--disable-pip")
    assert result.returncode == 0, result.stdout + result.stderr


class _Response:
    def __init__(self, payload, status=200):
        self.payload, self.status_code = payload, status

    def json(self):
        return self.payload

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}")


def _offline(*args, **kwargs):
    raise requests.ConnectionError("network is unreachable")


@pytest.fixture
def network(monkeypatch):
    """No real network: PyPI's probe, OSV's query and pip-audit itself are stand-ins.

    `network.osv` maps (package, version) to OSV's vulns; set an attribute to _offline to make
    that service unreachable; `network.pip_audit` is pip-audit's (returncode, stdout)."""
    state = type("Network", (), {})()
    state.pypi, state.osv_post = None, None
    state.osv = {}
    state.pip_audit = (0, "No known vulnerabilities found\n")
    state.queries, state.commands = [], []

    def get(url, timeout):
        assert url == PROBE_URL
        if state.pypi:
            return state.pypi(url)
        return _Response({"info": {}, "vulnerabilities": []})

    def post(url, json, timeout):
        assert url == audit.OSV_URL
        if state.osv_post:
            return state.osv_post(url)
        state.queries.append(json)
        key = (json["package"]["name"], json["version"])
        return _Response({"vulns": state.osv.get(key, [])} if key in state.osv else {})

    def run(command, **kwargs):
        state.commands.append(command)
        code, out = state.pip_audit
        return subprocess.CompletedProcess(command, code, stdout=out, stderr="")

    monkeypatch.setattr(audit.requests, "get", get)
    monkeypatch.setattr(audit.requests, "post", post)
    monkeypatch.setattr(audit.subprocess, "run", run)
    return state


def test_the_vendored_front_end_files_are_identified():
    found = {audit.identify(path) for path in audit.vendored_files()}
    assert ("htmx.org", "2.0.11") in found
    assert ("jquery-ui", "1.13.3") in found
    assert None not in found
    names = [path.name for path in audit.vendored_files()]
    assert "htmx.LICENSE.txt" not in names and "LICENSE.txt" not in names


def test_clean_pins_and_vendor_files_pass(network, capsys):
    assert main([]) == 0
    [command] = network.commands
    assert command[-4:] == ["-r", str(audit.CONSTRAINTS), "--no-deps", "--disable-pip"]
    assert "--strict" in command and "--local" not in command
    assert {"package": {"name": "jquery-ui", "ecosystem": "npm"}, "version": "1.13.3"} in (
        network.queries
    )
    assert {"package": {"name": "htmx.org", "ecosystem": "npm"}, "version": "2.0.11"} in (
        network.queries
    )
    out = capsys.readouterr().out
    assert "vendor ok: static/vendor/jquery-ui/jquery-ui.min.js: npm jquery-ui 1.13.3" in out


def test_a_vulnerable_vendored_file_fails(network, capsys):
    network.osv[("jquery-ui", "1.13.3")] = [
        {"id": "GHSA-test-0001", "summary": "XSS in the tooltip"}
    ]
    assert main([]) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE" in out and "GHSA-test-0001 XSS in the tooltip" in out


def test_a_vulnerable_pin_fails(network, capsys):
    network.pip_audit = (1, "django 4.2.0 PYSEC-2023-0001 4.2.1\n")
    assert main(["-r", "other.txt"]) == 1
    assert network.commands[0][-4:] == ["-r", "other.txt", "--no-deps", "--disable-pip"]
    assert "PYSEC-2023-0001" in capsys.readouterr().out


def test_a_vendored_script_without_a_version_cannot_be_audited(network, tmp_path, capsys):
    vendor = tmp_path / "static" / "vendor"
    vendor.mkdir(parents=True)
    (vendor / "mystery.min.js").write_text("var x=1;", encoding="utf-8")
    (vendor / "jquery.min.js").write_text("/*! jQuery v3.7.1 | (c) OpenJS */", encoding="utf-8")
    assert audit.audit_vendored(tmp_path / "static") == 1
    out = capsys.readouterr().out
    assert "vendor FAILED: static/vendor/mystery.min.js" in out
    assert "npm jquery 3.7.1" in out


def test_offline_says_skipped_plainly_instead_of_passing(network, capsys):
    network.pypi = _offline
    network.osv_post = _offline
    assert main([]) == 3
    out = capsys.readouterr().out
    assert f"pip-audit SKIPPED: PyPI's advisory data ({PROBE_URL}) is not reachable" in out
    assert f"vendor SKIPPED: OSV ({audit.OSV_URL}) is not reachable" in out
    assert network.commands == []  # pip-audit would report every package as "not found"


def test_a_finding_is_not_hidden_by_another_service_being_offline(network):
    network.pypi = _offline
    network.osv[("htmx.org", "2.0.11")] = [{"id": "GHSA-test-0002", "details": "bad"}]
    assert main([]) == 1


def test_an_osv_error_answer_counts_as_unreachable(network):
    network.osv_post = lambda url: _Response({}, status=503)
    assert main([]) == 3
