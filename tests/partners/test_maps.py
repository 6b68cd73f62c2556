"""The server-side SVG maps: partners/maps.py, the geo JSON and build_map_data."""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from partners import maps

REPO_ROOT = Path(__file__).resolve().parents[2]
GEO_DIR = REPO_ROOT / "partners" / "geo"

LAENDER = {
    "DE-BB", "DE-BE", "DE-BW", "DE-BY", "DE-HB", "DE-HE", "DE-HH", "DE-MV",
    "DE-NI", "DE-NW", "DE-RP", "DE-SH", "DE-SL", "DE-SN", "DE-ST", "DE-TH",
}  # fmt: skip


def shared_geo_dir() -> Path:
    env = os.environ.get("SHARED_GEO_DIR")
    if env:
        return Path(env)
    beside = REPO_ROOT.parent / "shared" / "geo"
    return beside if beside.is_dir() else Path("/work/shared/geo")


def _by_code(result: dict) -> dict:
    return {shape["code"]: shape for shape in result["shapes"]}


def test_world_map_highlights_given_codes_only():
    result = maps.world_map(
        {
            "TN": {"url": "/en/partners/tn/", "label": "Tunisia", "count": 3},
            "br": {"url": "/en/partners/br/", "label": "Brazil", "count": 1},
        }
    )
    assert result["view_box"].startswith("0 0 ")
    shapes = _by_code(result)
    assert shapes["TN"]["highlighted"] is True
    assert shapes["TN"]["url"] == "/en/partners/tn/"
    assert shapes["TN"]["label"] == "Tunisia"
    assert shapes["TN"]["count"] == 3
    assert shapes["BR"]["url"] == "/en/partners/br/"  # codes are case-insensitive
    assert shapes["DE"]["highlighted"] is False
    assert shapes["DE"]["url"] is None
    unlinked = [s for s in result["shapes"] if not s["highlighted"]]
    assert len(unlinked) > 150
    assert all(s["url"] is None for s in unlinked)
    assert all(s["d"].startswith("M") for s in result["shapes"] if s["d"])
    # highlighted shapes come last, so they are drawn on top
    flags = [s["highlighted"] for s in result["shapes"]]
    assert flags[-2:] == [True, True]
    assert flags.count(True) == 2
    assert [s["code"] for s in result["highlighted"]] == ["BR", "TN"]


def test_world_map_ignores_unknown_codes():
    result = maps.world_map(
        {
            "ZZ": {"url": "/nowhere/", "label": "Nowhere", "count": 1},
            "AQ": {"url": "/antarctica/", "label": "Antarctica", "count": 1},  # left out
            "FR": {"url": "/en/partners/fr/", "label": "France", "count": 2},
        }
    )
    codes = _by_code(result)
    assert "ZZ" not in codes and "AQ" not in codes
    assert [s["code"] for s in result["highlighted"]] == ["FR"]


def test_world_map_without_highlights_and_tiny_countries():
    plain = maps.world_map({})
    assert not any(s["highlighted"] for s in plain["shapes"])
    assert plain["highlighted"] == []
    # Malta is too small to draw at world scale: highlighted, it becomes a dot.
    malta = _by_code(maps.world_map({"MT": {"url": "/mt/", "label": "Malta", "count": 1}}))["MT"]
    assert malta["marker"].startswith("M")
    assert malta["url"] == "/mt/"


def test_germany_map_has_all_laender():
    result = maps.germany_map({"DE-BE": {"url": "/en/laender/be/", "label": "Berlin", "count": 4}})
    shapes = _by_code(result)
    assert set(shapes) == LAENDER
    assert shapes["DE-BE"]["highlighted"] is True
    assert result["shapes"][-1]["code"] == "DE-BE"
    assert all(shapes[code]["d"] for code in LAENDER)


def test_geo_json_within_size_budget():
    assert (GEO_DIR / "world.json").stat().st_size <= 250_000
    assert (GEO_DIR / "germany.json").stat().st_size <= 40_000
    world = json.loads((GEO_DIR / "world.json").read_text(encoding="utf-8"))
    for code in ("DE", "TN", "BR", "AU", "RU", "FJ", "US", "CN", "IN", "ZA", "MX", "SO", "CY"):
        assert world["shapes"][code], code
    assert "AQ" not in world["shapes"]


@translation.override("en")
def test_world_map_template_renders_accessible_links():
    html = render_to_string(
        "partners/_world_map.html",
        {
            "map": maps.world_map(
                {
                    "TN": {"url": "/en/partners/tn/", "label": "Tunisia", "count": 3},
                    "MT": {"url": "/en/partners/mt/", "label": "Malta & Gozo", "count": 1},
                }
            ),
            "title": "Partner countries",
            "id_prefix": "pm",
        },
    )
    assert 'aria-labelledby="pm-title"' in html
    assert '<title id="pm-title">Partner countries</title>' in html
    assert (
        '<a class="geo-map-link" href="/en/partners/tn/" aria-label="Tunisia: 3 projects">' in html
    )
    assert 'aria-label="Malta &amp; Gozo: 1 project"' in html
    assert '<li><a href="/en/partners/tn/">Tunisia</a>: 3 projects</li>' in html
    assert "Map data: Natural Earth (public domain)" in html
    assert "style=" not in html and "<script" not in html
    assert html.count('href="/en/partners/') == 4  # map links + list links


@translation.override("en")
def test_germany_map_template_renders():
    html = render_to_string(
        "partners/_germany_map.html",
        {
            "map": maps.germany_map({"DE-BY": {"url": "/by/", "label": "Bayern", "count": 2}}),
            "id_prefix": "lm",
        },
    )
    assert 'id="lm-title"' in html
    assert html.count("<path") == 16
    assert '<a class="geo-map-link" href="/by/" aria-label="Bayern: 2 projects">' in html


def test_build_map_data_reproduces_committed_files(tmp_path):
    source = shared_geo_dir()
    if not (source / "countries-50m.json").is_file():
        reason = f"shared geo data not found at {source} (set SHARED_GEO_DIR)"
        if os.environ.get("BLP_REQUIRE_EXTERNAL") == "1":
            pytest.fail(reason + "; BLP_REQUIRE_EXTERNAL=1 requires it")
        pytest.skip(reason)

    out = StringIO()
    call_command("build_map_data", source=str(source), output=str(tmp_path), stdout=out)
    assert "world.json" in out.getvalue()
    for name in ("world.json", "germany.json"):
        built = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        committed = json.loads((GEO_DIR / name).read_text(encoding="utf-8"))
        assert set(built["shapes"]) == set(committed["shapes"]), name
        assert built["viewBox"] == committed["viewBox"], name
