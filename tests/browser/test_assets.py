"""The committed front-end files (issue 14) are what `make assets` builds from the pinned
packages: KERN's stylesheet parts and subset fonts, htmx and jQuery UI. CI also rebuilds in
place and runs `git diff --exit-code static/`; this test rebuilds into a temporary folder."""

import json
import os
import re
import subprocess
import sys

from tests.browser.conftest import ROOT, require

BUILT = [
    "css/portal.css",
    "fonts/fira-sans-400.woff2",
    "fonts/fira-sans-600.woff2",
    "fonts/KERN-LICENSE.md",
    "js/vendor/htmx.min.js",
    "js/vendor/htmx.LICENSE.txt",
    "vendor/jquery-ui/jquery-ui.min.js",
    "vendor/jquery-ui/LICENSE.txt",
]


def test_front_end_packages_are_pinned_exactly():
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    wanted = manifest["devDependencies"]
    for name in ("@kern-ux/native", "sass", "htmx.org", "jquery-ui"):
        assert wanted[name][0].isdigit(), (name, wanted[name])  # no ^ or ~ ranges
        assert lock["packages"][f"node_modules/{name}"]["version"] == wanted[name]


def test_a_rebuild_gives_the_committed_files(tmp_path):
    modules = ROOT / "node_modules"
    missing = [
        n
        for n in ("@kern-ux/native", "sass", "htmx.org", "jquery-ui")
        if not (modules / n).exists()
    ]
    require(not missing, f"npm packages {missing} (npm ci)")
    out = tmp_path / "static"
    result = subprocess.run(
        ["bash", str(ROOT / "assets" / "build.sh")],
        env={**os.environ, "OUT": str(out), "PY": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    differing = [
        name for name in BUILT if (out / name).read_bytes() != (ROOT / "static" / name).read_bytes()
    ]
    assert not differing, f"static/ differs from a rebuild (run `make assets`): {differing}"


def test_the_stylesheet_holds_only_the_kern_parts_we_use():
    css = (ROOT / "static" / "css" / "portal.css").read_text()
    assert ".kern-btn" in css and ".kern-alert" in css and ".kern-table" in css
    assert ".kern-dialog{" not in css and ".kern-accordion" not in css  # parts we do not use
    assert "sourceMappingURL" not in css and "/*#" not in css
    # nothing from third-party hosts (SVG data URIs name their namespace, which is no request)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", css)
