"""Server-side SVG maps: the world by ISO alpha-2 code, Germany by Land (DE-XX).

The geometry is read from ``partners/geo/*.json``, which
``python manage.py build_map_data`` derives from the Natural Earth files in
the shared folder (``partners.map_data``). Nothing here touches the database or the
shared folder.

A map is drawn in two layers with the same viewBox:

* the grey outlines of every country or Land, the same on every page: a
  static file, ``static/maps/<name>.svg`` (``background_svg()``, written by
  ``build_map_data``), that ``portal.css`` shows as the background of the map,
  so browsers cache it (hashed by whitenoise) instead of reading it in every page;
* the highlighted shapes, as links with their accessible names, drawn by the
  include template on top of it; each shape is a ``<use>`` of its path in
  that same file (the path's id is the code), so the page carries no outlines.

Usage::

    world_map({"TN": {"url": "/partners/tn/", "label": "Tunisia", "count": 3}})

returns ``{"name": "world", "view_box": "0 0 …", "background": "maps/world.svg",
"highlighted": [...], …}`` for the include template ``partners/_map.html``.
``highlights()`` makes the argument from (Land or PartnerCountry, count) pairs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from math import ceil
from pathlib import Path

from django.utils.translation import ngettext

GEO_DIR = Path(__file__).resolve().parent / "geo"
# The background files (committed; served by whitenoise, referenced from static/css/portal.css).
BACKGROUND_DIR = Path(__file__).resolve().parent.parent / "static" / "maps"
MAP_NAMES = ("world", "germany")

# The background's look (portal.css cannot style an image): fill, white borders (CSS pixels).
BACKGROUND_FILL = "#d9dee3"
BACKGROUND_STROKE_WIDTH = {"world": "0.5", "germany": "1"}

# Shades of the highlighted shapes: at most this many steps from 1 project to the most (the
# classes geo-map-step-1 … -4 of static/css/maps.css); 0 projects is not shaded at all.
SHADE_STEPS = 4

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


def _projects_text(count: int) -> str:
    return ngettext("%(counter)s project", "%(counter)s projects", count) % {"counter": count}


def _shading(counts: list[int]) -> tuple[int, list[dict]]:
    """(most projects, legend): the legend's steps, each {step, low, high, text}.

    With `top` the largest count and n = min(SHADE_STEPS, top) steps, a count c > 0 is in step
    ceil(c * n / top): step s holds the counts floor((s - 1) * top / n) + 1 … floor(s * top / n).
    """
    top = max(counts, default=0)
    steps = min(SHADE_STEPS, top)
    legend = []
    for step in range(1, steps + 1):
        low, high = (step - 1) * top // steps + 1, step * top // steps
        text = _projects_text(high) if low == high else f"{low}–{_projects_text(high)}"
        legend.append({"step": step, "low": low, "high": high, "text": text})
    return top, legend


def _step(count: int, top: int) -> int:
    return ceil(count * min(SHADE_STEPS, top) / top) if count > 0 else 0


def _build(name: str, highlight: dict[str, dict] | None) -> dict:
    data = load_geo(name)
    shapes: dict[str, str] = data["shapes"]
    markers: dict[str, list[float]] = data.get("markers", {})
    wanted: dict[str, dict] = {}
    for code, info in (highlight or {}).items():
        key = str(code).strip().upper()
        if key in shapes:  # unknown codes are ignored
            wanted[key] = info or {}

    top, legend = _shading([_count(info.get("count")) for info in wanted.values()])
    highlighted = []
    for code, info in wanted.items():
        count = _count(info.get("count"))
        highlighted.append(
            {
                "code": code,
                # drawn as a <use> of its path in the background file (tiny countries: none)
                "outline": bool(shapes[code]),
                # a dot for countries too small to see or click at this scale
                "marker": _circle(*markers[code]) if code in markers else "",
                "url": info.get("url") or None,
                "label": str(info.get("label") or code),
                "count": count,
                # the shade: 0 (no project: not drawn, the grey background shows) to 4
                "step": _step(count, top),
                # once here, not in the templates' two loops (the same text as the pages')
                "count_text": _projects_text(count),
            }
        )
    highlighted.sort(key=lambda s: (s["label"].casefold(), s["code"]))
    return {
        "name": name,  # the include's CSS class and default title
        "id_prefix": f"{name}-map",  # its element ids, unless the page gives others
        "view_box": data["viewBox"],
        "background": f"maps/{name}.svg",  # a static file; its paths' ids are the codes
        "highlighted": highlighted,
        # the shapes with at least one project (drawn), and the shades' key
        "shaded": [shape for shape in highlighted if shape["step"]],
        "legend": legend,
    }


def background_svg(name: str, data: dict | None = None) -> str:
    """The text of ``static/maps/<name>.svg``: every shape of map `name` as a grey outline.

    `data` is the map's geo JSON (default: the committed ``partners/geo/<name>.json``). The
    file is the map's background image, where no stylesheet of the page applies: presentation
    attributes only, and the colours on the group, so that a path drawn elsewhere by
    ``<use href="…/world.svg#TN">`` (a highlighted shape) takes the page's colours instead.
    Its viewBox is the inline map's, so the layers line up at every size.
    """
    data = data or load_geo(name)
    width, height = data["viewBox"].split()[2:]
    paths = "".join(
        f'<path id="{escape(code)}" vector-effect="non-scaling-stroke" d="{escape(d)}"/>'
        for code, d in data["shapes"].items()
        if d
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{data["viewBox"]}" width="{width}" '
        f'height="{height}" preserveAspectRatio="xMidYMid meet">'
        f'<g fill="{BACKGROUND_FILL}" fill-rule="evenodd" stroke="#ffffff" '
        f'stroke-width="{BACKGROUND_STROKE_WIDTH[name]}" stroke-linejoin="round">{paths}</g>'
        "</svg>\n"
    )


def write_backgrounds(output: Path = BACKGROUND_DIR, data: dict[str, dict] | None = None):
    """Write ``<name>.svg`` for each map into `output`; [(file name, bytes written)]."""
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name in MAP_NAMES:
        path = output / f"{name}.svg"
        path.write_text(background_svg(name, (data or {}).get(name)), encoding="utf-8")
        written.append((path.name, path.stat().st_size))
    return written


def highlights(counted) -> dict[str, dict]:
    """The `highlight` argument of the maps from (Land or PartnerCountry, count) pairs."""
    return {
        str(item.code): {"url": item.get_absolute_url(), "label": str(item.name), "count": count}
        for item, count in counted
    }


def world_map(highlight: dict[str, dict] | None = None) -> dict:
    """World map with the given ISO alpha-2 codes highlighted."""
    return _build("world", highlight)


def germany_map(highlight: dict[str, dict] | None = None) -> dict:
    """Map of the 16 Länder with the given ``DE-XX`` codes highlighted."""
    return _build("germany", highlight)


def world_codes() -> frozenset[str]:
    """ISO alpha-2 codes that have a shape (or marker) on the world map."""
    return frozenset(load_geo("world")["shapes"])


def germany_codes() -> frozenset[str]:
    """The 16 ``DE-XX`` codes of the Germany map."""
    return frozenset(load_geo("germany")["shapes"])
