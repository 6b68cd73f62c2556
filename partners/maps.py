"""Server-side SVG maps: the world by ISO alpha-2 code, Germany by Land (DE-XX).

The geometry is read from ``partners/geo/*.json``, which
``python manage.py build_map_data`` derives from the Natural Earth files in
the shared folder. Nothing here touches the database or the shared folder.

Usage::

    world_map({"TN": {"url": "/partners/tn/", "label": "Tunisia", "count": 3}})

returns ``{"view_box": "0 0 …", "shapes": [...]}`` for the include templates
``partners/_world_map.html`` and ``partners/_germany_map.html``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent / "geo"

# Radius (SVG units) of the dot drawn for a highlighted country that is too
# small to see or click at world scale (Malta, Singapore, Mauritius …).
MARKER_RADIUS = 3.0


@lru_cache(maxsize=8)
def load_geo(name: str) -> dict:
    """Parsed ``partners/geo/<name>.json`` (read once per process)."""
    with (GEO_DIR / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _circle(x: float, y: float, r: float = MARKER_RADIUS) -> str:
    return f"M{x - r:g} {y:g}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 {-2 * r:g} 0z"


def _count(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _build(data: dict, highlight: dict[str, dict] | None) -> dict:
    shapes: dict[str, str] = data["shapes"]
    markers: dict[str, list[float]] = data.get("markers", {})
    wanted: dict[str, dict] = {}
    for code, info in (highlight or {}).items():
        key = str(code).strip().upper()
        if key in shapes:  # unknown codes are ignored
            wanted[key] = info or {}

    background = []
    for code, d in shapes.items():
        if code in wanted or not d:
            continue
        background.append(
            {
                "code": code,
                "d": d,
                "marker": "",
                "url": None,
                "label": "",
                "count": 0,
                "highlighted": False,
            }
        )

    highlighted = []
    for code, info in wanted.items():
        highlighted.append(
            {
                "code": code,
                "d": shapes[code],
                # a dot for countries too small to see or click at this scale
                "marker": _circle(*markers[code]) if code in markers else "",
                "url": info.get("url") or None,
                "label": str(info.get("label") or code),
                "count": _count(info.get("count")),
                "highlighted": True,
            }
        )
    highlighted.sort(key=lambda s: (s["label"].casefold(), s["code"]))

    return {
        "view_box": data["viewBox"],
        "shapes": background + highlighted,
        "highlighted": highlighted,
    }


def world_map(highlight: dict[str, dict] | None = None) -> dict:
    """World map with the given ISO alpha-2 codes highlighted (drawn last)."""
    return _build(load_geo("world"), highlight)


def germany_map(highlight: dict[str, dict] | None = None) -> dict:
    """Map of the 16 Länder with the given ``DE-XX`` codes highlighted (drawn last)."""
    return _build(load_geo("germany"), highlight)


def world_codes() -> frozenset[str]:
    """ISO alpha-2 codes that have a shape (or marker) on the world map."""
    return frozenset(load_geo("world")["shapes"])


def germany_codes() -> frozenset[str]:
    """The 16 ``DE-XX`` codes of the Germany map."""
    return frozenset(load_geo("germany")["shapes"])
