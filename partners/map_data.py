"""The portal's map data, built from the shared Natural Earth files.

Reads ``countries-50m.json`` (TopoJSON), ``world-country-codes.json`` and
``germany-laender-simplified.geojson`` from the shared geo folder and makes the contents of
two small JSON files with ready-made SVG path strings:

* ``partners/geo/world.json``   – Equal Earth projection, keyed by ISO alpha-2
* ``partners/geo/germany.json`` – equirectangular with cos(51.2°) x-scaling,
  keyed by ISO 3166-2 (``DE-BW`` …)

``manage.py build_map_data`` writes them (and the maps' backgrounds, see ``partners.maps``).
The output is committed, so the portal never reads the shared folder at run time.

Natural Earth data is public domain.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from partners.geometry import (
    bbox,
    decode_arcs,
    douglas_peucker,
    equal_earth,
    geometry_polygons,
    ring_area,
    ring_from_arcs,
    ring_path,
    round_ring,
    split_antimeridian,
    unwrap,
    view_box,
)

REPO_ROOT = Path(__file__).resolve().parent.parent

WORLD_FILE = "countries-50m.json"
CODES_FILE = "world-country-codes.json"
GERMANY_FILE = "germany-laender-simplified.geojson"
SOURCE_FILES = (WORLD_FILE, CODES_FILE, GERMANY_FILE)

# World map: width of the projected map in SVG units, simplification tolerance.
WORLD_WIDTH = 1000.0
WORLD_TOLERANCE = 0.3
# Rings smaller than this (SVG units²) are dropped, unless a country would
# otherwise disappear entirely.
WORLD_MIN_RING_AREA = 0.15
# A country whose largest ring is smaller than this (bbox side, SVG units)
# gets a marker point, so that it can be drawn as a clickable dot.
WORLD_MARKER_SIZE = 4.0
PADDING = 2.0

GERMANY_HEIGHT = 800.0
GERMANY_REF_LAT = 51.2

# Antarctica is left out of the world map.
WORLD_SKIP_IDS = {"010"}


def default_source() -> Path:
    """The shared geo folder: $SHARED_GEO_DIR, else ``shared/geo`` beside the repository."""
    env = os.environ.get("SHARED_GEO_DIR")
    if env:
        return Path(env)
    return (REPO_ROOT.parent / "shared" / "geo").resolve()


def missing_sources(source: Path) -> list[str]:
    """The names of the source files that `source` lacks."""
    return [name for name in SOURCE_FILES if not (source / name).is_file()]


def load_code_lookup(codes_path: Path) -> dict[tuple, str]:
    """(numeric id, name) -> ISO alpha-2, from the crosswalk.

    Rows without a code of their own whose note says they are part of another
    country in ISO 3166 (N. Cyprus, Somaliland) are merged into that country,
    so the map has no hole there. Other rows without a code are skipped.
    """
    data = json.loads(codes_path.read_text(encoding="utf-8"))
    lookup: dict[tuple, str] = {}
    for row in data["countries"]:
        code = row.get("iso_a2")
        if not code:
            note = row.get("note") or ""
            marker = "part of "
            if marker in note and "in ISO 3166" in note:
                tail = note.split(marker, 1)[1]
                if "(" in tail and ")" in tail:
                    code = tail.split("(", 1)[1].split(")", 1)[0]
        if code and len(code) == 2 and code.isalpha():
            lookup[(row.get("id"), row["name"])] = code.upper()
    return lookup


def build_world(source: Path) -> dict:
    """The content of ``world.json``: each country's simplified outline, projected."""
    topology = json.loads((source / WORLD_FILE).read_text(encoding="utf-8"))
    lookup = load_code_lookup(source / CODES_FILE)
    arcs = decode_arcs(topology)

    # Simplify each arc once in projected space (shared borders stay shared).
    # Longitudes are unwrapped per arc so that arcs crossing ±180° simplify
    # sensibly; the ring is unwrapped again (consistently) before clipping.
    simplified = []
    scale = WORLD_WIDTH / (2 * equal_earth(180, 0)[0])
    for arc in arcs:
        flat = unwrap(arc)
        projected = [equal_earth(lon, lat) for lon, lat in flat]
        projected = [(x * scale, y * scale) for x, y in projected]
        keep = douglas_peucker(projected, WORLD_TOLERANCE)
        simplified.append([arc[i] for i in keep])

    countries: dict[str, list[list]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        gid = geometry.get("id")
        if gid in WORLD_SKIP_IDS:
            continue
        name = (geometry.get("properties") or {}).get("name")
        code = lookup.get((gid, name))
        if code is None:
            continue
        rings = countries.setdefault(code, [])
        for polygon in geometry_polygons(geometry):
            for ring_indexes in polygon:
                ring = ring_from_arcs(ring_indexes, simplified)
                for part in split_antimeridian(ring):
                    xy = []
                    for lon, lat in part:
                        x, y = equal_earth(lon, lat)
                        xy.append((x * scale, -y * scale))
                    rings.append(xy)

    all_rings = [r for rings in countries.values() for r in rings]
    min_x, min_y, max_x, max_y = bbox(all_rings)
    ox, oy = min_x - PADDING, min_y - PADDING
    width, height = max_x - min_x + 2 * PADDING, max_y - min_y + 2 * PADDING

    shapes: dict[str, str] = {}
    markers: dict[str, list[float]] = {}
    for code in sorted(countries):
        moved = [[(x - ox, y - oy) for x, y in ring] for ring in countries[code]]
        if not moved:
            continue
        rounded = []
        for ring in moved:
            r = round_ring(ring)
            if len(r) >= 3:
                rounded.append((ring_area([(x / 10, y / 10) for x, y in r]), r))
        rounded.sort(key=lambda item: -item[0])
        kept = [r for area, r in rounded if area >= WORLD_MIN_RING_AREA]
        if not kept and rounded:
            kept = [rounded[0][1]]
        # Tiny countries (Malta, Maldives, Bahrain …) may have no ring left at
        # this scale; they keep an empty path and a marker point.
        shapes[code] = "".join(ring_path(r) for r in kept)
        largest = max(moved, key=ring_area)
        bx0, by0, bx1, by1 = bbox([largest])
        if max(bx1 - bx0, by1 - by0) < WORLD_MARKER_SIZE:
            markers[code] = [round((bx0 + bx1) / 2, 1), round((by0 + by1) / 2, 1)]

    return {
        "viewBox": view_box(width, height),
        "projection": "Equal Earth",
        "source": "Natural Earth 1:50m admin-0 (world-atlas 2.0.2), public domain",
        "shapes": shapes,
        "markers": markers,
    }


def build_germany(source: Path) -> dict:
    """The content of ``germany.json``: each Land's outline, projected."""
    data = json.loads((source / GERMANY_FILE).read_text(encoding="utf-8"))
    kx = math.cos(math.radians(GERMANY_REF_LAT))
    features = data["features"]
    coords = []
    for feature in features:
        geometry = feature["geometry"]
        polys = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        coords.append((feature, polys))
    lons = [p[0] for _, polys in coords for poly in polys for ring in poly for p in ring]
    lats = [p[1] for _, polys in coords for poly in polys for ring in poly for p in ring]
    lat_span = max(lats) - min(lats)
    scale = (GERMANY_HEIGHT - 2 * PADDING) / lat_span
    lon0, lat1 = min(lons), max(lats)
    width = (max(lons) - lon0) * kx * scale + 2 * PADDING

    shapes: dict[str, str] = {}
    for feature, polys in coords:
        code = feature.get("id") or feature["properties"]["iso_3166_2"]
        paths = []
        for poly in polys:
            for ring in poly:
                xy = [
                    ((lon - lon0) * kx * scale + PADDING, (lat1 - lat) * scale + PADDING)
                    for lon, lat in ring
                ]
                r = round_ring(xy)
                if len(r) >= 3:
                    paths.append(ring_path(r))
        shapes[code] = "".join(paths)

    return {
        "viewBox": view_box(width, GERMANY_HEIGHT),
        "projection": f"equirectangular, x scaled by cos({GERMANY_REF_LAT}°)",
        "source": "Natural Earth 1:10m admin-1 (simplified), public domain",
        "shapes": dict(sorted(shapes.items())),
    }


def write_json(path: Path, data: dict) -> int:
    """Write `data` as compact UTF-8 JSON; the number of bytes written."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size
