"""The server-side SVG maps: partners/maps.py, the geo JSON and build_map_data."""

import json
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
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
    return {shape["code"]: shape for shape in result["highlighted"]}


def _svg_paths(svg: str) -> list[str]:
    return re.findall(r'<path [^>]*d="([^"]+)"', svg)


@translation.override("en")
def test_world_map_highlights_given_codes_only():
    result = maps.world_map(
        {
            "TN": {"url": "/en/partners/tn/", "label": "Tunisia", "count": 3},
            "br": {"url": "/en/partners/br/", "label": "Brazil", "count": 1},
        }
    )
    assert result["view_box"].startswith("0 0 ")
    shapes = _by_code(result)
    assert shapes["TN"]["url"] == "/en/partners/tn/"
    assert shapes["TN"]["label"] == "Tunisia"
    assert shapes["TN"]["count"] == 3
    assert shapes["BR"]["url"] == "/en/partners/br/"  # codes are case-insensitive
    assert shapes["TN"]["outline"] is True
    assert shapes["TN"]["count_text"] == "3 projects"
    # only the highlighted shapes: the others are the static background
    assert [s["code"] for s in result["highlighted"]] == ["BR", "TN"]
    assert result["background"] == "maps/world.svg"


def test_world_map_ignores_unknown_codes():
    result = maps.world_map(
        {
            "ZZ": {"url": "/nowhere/", "label": "Nowhere", "count": 1},
            "AQ": {"url": "/antarctica/", "label": "Antarctica", "count": 1},  # left out
            "FR": {"url": "/en/partners/fr/", "label": "France", "count": 2},
        }
    )
    assert [s["code"] for s in result["highlighted"]] == ["FR"]


def test_world_map_without_highlights_and_tiny_countries():
    assert maps.world_map({})["highlighted"] == []
    # Malta is too small to draw at world scale: highlighted, it becomes a dot.
    malta = _by_code(maps.world_map({"MT": {"url": "/mt/", "label": "Malta", "count": 1}}))["MT"]
    assert malta["marker"].startswith("M")
    assert malta["outline"] is False  # no ring left at this scale: only the dot
    assert malta["url"] == "/mt/"


def test_germany_map_has_all_laender():
    assert maps.germany_codes() == LAENDER
    result = maps.germany_map({"DE-BE": {"url": "/en/laender/be/", "label": "Berlin", "count": 4}})
    assert [s["code"] for s in result["highlighted"]] == ["DE-BE"]
    assert all(maps.load_geo("germany")["shapes"][code] for code in LAENDER)


@pytest.mark.parametrize("name", maps.MAP_NAMES)
def test_committed_background_matches_the_geo_data(name):
    """static/maps/<name>.svg is every outline of partners/geo/<name>.json, same viewBox.

    After changing either, rewrite it: `manage.py build_map_data --backgrounds-only`.
    """
    committed = (REPO_ROOT / "static" / "maps" / f"{name}.svg").read_text(encoding="utf-8")
    assert committed == maps.background_svg(name)
    geo = maps.load_geo(name)
    assert f'viewBox="{geo["viewBox"]}"' in committed
    assert 'preserveAspectRatio="xMidYMid meet"' in committed
    assert _svg_paths(committed) == [d for d in geo["shapes"].values() if d]
    # the highlighted shapes are <use href="…#CODE">: each outline has its code as id, and its
    # colours come from the group, so that the page's CSS colours the highlighted copies
    assert re.findall(r'<path id="([^"]+)"', committed) == [
        code for code, d in geo["shapes"].items() if d
    ]
    assert "<path" not in committed.split("<g ", 1)[0]
    assert not re.search(r"<path [^>]*(fill|stroke)=", committed)
    # shown as an image: styled by attributes only, nothing the page's CSP would have to allow
    assert "<style" not in committed and "style=" not in committed and "<script" not in committed
    assert finders.find(f"maps/{name}.svg") == str(REPO_ROOT / "static" / "maps" / f"{name}.svg")


def test_portal_css_draws_the_backgrounds_behind_the_maps():
    # portal.css is built by `make assets` (sass, compressed) from assets/_site.scss
    css = (REPO_ROOT / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    assert 'url("../maps/world.svg") center/contain no-repeat' in css
    assert 'background-image:url("../maps/germany.svg")' in css


def test_backgrounds_only_rewrites_the_svgs_without_the_shared_folder(tmp_path):
    out = StringIO()
    call_command("build_map_data", backgrounds_only=True, svg_output=str(tmp_path), stdout=out)
    for name in maps.MAP_NAMES:
        assert (tmp_path / f"{name}.svg").read_text(encoding="utf-8") == maps.background_svg(name)
        assert f"{name}.svg" in out.getvalue()


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
        "partners/_map.html",
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
        '<a class="geo-map-link geo-map-step-3" href="/en/partners/tn/" '
        'aria-label="Tunisia: 3 projects">' in html
    )
    assert 'aria-label="Malta &amp; Gozo: 1 project"' in html
    assert '<li><a href="/en/partners/tn/">Tunisia</a>: 3 projects</li>' in html
    assert "Map data: Natural Earth (public domain)" in html
    assert "style=" not in html and "<script" not in html
    assert html.count('href="/en/partners/') == 4  # map links + list links
    # only the two highlighted countries are drawn: Tunisia as a <use> of its outline in the
    # static background file (no path data in the page), Malta as a dot; the other countries
    # are that file as the background, with the same viewBox and scaling
    assert '<use href="/static/maps/world.svg#TN"/>' in html
    assert html.count("<use") == 1
    assert html.count("<path") == 1 and 'class="geo-map-marker"' in html
    assert len(html) < 4_000
    view_box = maps.load_geo("world")["viewBox"]
    assert f'viewBox="{view_box}" preserveAspectRatio="xMidYMid meet"' in html


@translation.override("de")
def test_map_texts_follow_the_active_language():
    html = render_to_string(
        "partners/_map.html",
        {
            "map": maps.germany_map(
                {"DE-SN": {"url": "/de/laender/de-sn/", "label": "Sachsen", "count": 1}}
            )
        },
    )
    assert 'aria-label="Sachsen: 1 Projekt"' in html
    assert "<title>Sachsen: 1 Projekt</title>" in html
    assert "Sachsen</a>: 1 Projekt</li>" in html


@translation.override("en")
def test_germany_map_template_renders():
    html = render_to_string(
        "partners/_map.html",
        {
            "map": maps.germany_map({"DE-BY": {"url": "/by/", "label": "Bayern", "count": 2}}),
            "id_prefix": "lm",
        },
    )
    assert 'id="lm-title"' in html
    # Bayern, from the static file that is also the background of the other Länder
    assert '<use href="/static/maps/germany.svg#DE-BY"/>' in html
    assert "<path" not in html
    assert (
        '<a class="geo-map-link geo-map-step-2" href="/by/" aria-label="Bayern: 2 projects">'
        in html
    )


def test_build_map_data_reproduces_committed_files(tmp_path):
    source = shared_geo_dir()
    if not (source / "countries-50m.json").is_file():
        reason = f"shared geo data not found at {source} (set SHARED_GEO_DIR)"
        if os.environ.get("BLP_REQUIRE_EXTERNAL") == "1":
            pytest.fail(reason + "; BLP_REQUIRE_EXTERNAL=1 requires it")
        pytest.skip(reason)

    out = StringIO()
    call_command(
        "build_map_data",
        source=str(source),
        output=str(tmp_path),
        svg_output=str(tmp_path / "svg"),
        stdout=out,
    )
    assert "world.json" in out.getvalue()
    for name in ("world", "germany"):
        built = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        committed = json.loads((GEO_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert set(built["shapes"]) == set(committed["shapes"]), name
        assert built["viewBox"] == committed["viewBox"], name
        svg = (tmp_path / "svg" / f"{name}.svg").read_text(encoding="utf-8")
        assert svg == maps.background_svg(name, built), name
