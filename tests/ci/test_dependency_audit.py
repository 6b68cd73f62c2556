"""pip-audit fails on a known-vulnerable pin (needs PyPI's advisory data: skipped offline)."""

import importlib.util
from pathlib import Path

import pytest

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


def test_the_wrapper_says_skipped_instead_of_passing_when_offline(monkeypatch, capsys):
    monkeypatch.setattr(audit, "advisory_data_reachable", lambda: False)
    assert main([]) == 3
    assert "SKIPPED" in capsys.readouterr().out
