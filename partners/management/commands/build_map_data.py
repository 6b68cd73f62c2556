"""Build the portal's own map geometry from the shared Natural Earth files.

Reads ``countries-50m.json`` (TopoJSON), ``world-country-codes.json`` and
``germany-laender-simplified.geojson`` from the shared geo folder and writes
two small JSON files with ready-made SVG path strings:

* ``partners/geo/world.json``   – Equal Earth projection, keyed by ISO alpha-2
* ``partners/geo/germany.json`` – equirectangular with cos(51.2°) x-scaling,
  keyed by ISO 3166-2 (``DE-BW`` …)

and from them the maps' grey backgrounds, ``static/maps/world.svg`` and
``germany.svg`` (``partners.maps.background_svg``; ``--backgrounds-only``
rewrites just these from the committed JSON, without the shared folder).

The output is committed, so the portal never reads the shared folder at run
time. Pure Python, no extra dependency: the TopoJSON decoder, the projection
and the Douglas–Peucker simplification are implemented below.

Natural Earth data is public domain.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners import maps

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_OUTPUT = REPO_ROOT / "partners" / "geo"

WORLD_FILE = "countries-50m.json"
CODES_FILE = "world-country-codes.json"
GERMANY_FILE = "germany-laender-simplified.geojson"

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
    env = os.environ.get("SHARED_GEO_DIR")
    if env:
        return Path(env)
    return (REPO_ROOT.parent / "shared" / "geo").resolve()


# --------------------------------------------------------------------------
# TopoJSON


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return every arc as a list of absolute (lon, lat) points."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring_from_arcs(indexes: list[int], arcs: list[list]) -> list:
    """Join arcs into one ring; ``~i`` (negative) means arc ``i`` reversed."""
    ring: list = []
    for index in indexes:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        ring.extend(points[1:] if ring else points)
    return ring


def geometry_polygons(geometry: dict) -> list[list[list[int]]]:
    """Return a geometry's polygons as lists of rings (each a list of arc indexes)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in geometry_polygons(g)]
    return []


# --------------------------------------------------------------------------
# Projection and geometry helpers

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection (Šavrič, Patterson, Jenny 2018), unit sphere.

    Returns (x, y) with y growing northwards. Longitudes beyond ±180 are
    projected linearly, which the antimeridian clipping relies on.
    """
    lam = math.radians(lon)
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def unwrap(points: list) -> list:
    """Make longitudes continuous (no jump > 180°) by adding multiples of 360."""
    if not points:
        return []
    out = [points[0]]
    offset = 0.0
    prev = points[0][0]
    for lon, lat in points[1:]:
        if lon - prev > 180:
            offset -= 360
        elif lon - prev < -180:
            offset += 360
        prev = lon
        out.append((lon + offset, lat))
    return out


def clip_half_plane(ring: list, limit: float, keep_below: bool) -> list:
    """Sutherland–Hodgman clip of a ring against the meridian ``lon = limit``."""

    def inside(p):
        return p[0] <= limit if keep_below else p[0] >= limit

    out = []
    n = len(ring)
    for i in range(n):
        cur, prev = ring[i], ring[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(_cross(prev, cur, limit))
            out.append(cur)
        elif inside(prev):
            out.append(_cross(prev, cur, limit))
    return out


def _cross(a, b, limit):
    t = (limit - a[0]) / (b[0] - a[0])
    return (limit, a[1] + t * (b[1] - a[1]))


def split_antimeridian(ring: list) -> list[list]:
    """Split a lon/lat ring that crosses ±180° into rings within [-180, 180]."""
    ring = unwrap(ring)
    lons = [p[0] for p in ring]
    lo, hi = min(lons), max(lons)
    if lo >= -180 and hi <= 180:
        return [ring]
    if hi - lo >= 360:  # encircles a pole (Antarctica): not supported, drop
        return []
    shift = 360 if lo < -180 else -360
    inner = clip_half_plane(ring, -180 if lo < -180 else 180, keep_below=lo >= -180)
    outer = [(lon + shift, lat) for lon, lat in ring]
    outer = clip_half_plane(outer, 180 if shift > 0 else -180, keep_below=shift > 0)
    return [r for r in (inner, outer) if len(r) >= 3]


def douglas_peucker(points: list, tolerance: float) -> list[int]:
    """Indexes of the points kept by Douglas–Peucker (iterative, endpoints kept)."""
    n = len(points)
    if n <= 2:
        return list(range(n))
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        seg2 = dx * dx + dy * dy
        best, best_d = -1, tol2
        for i in range(first + 1, last):
            px, py = points[i]
            if seg2 == 0:
                d = (px - x1) ** 2 + (py - y1) ** 2
            else:
                t = ((px - x1) * dx + (py - y1) * dy) / seg2
                t = max(0.0, min(1.0, t))
                d = (px - x1 - t * dx) ** 2 + (py - y1 - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((first, best))
            stack.append((best, last))
    return [i for i in range(n) if keep[i]]


def ring_area(ring: list) -> float:
    """Absolute planar area of a ring (shoelace)."""
    s = 0.0
    for i in range(len(ring)):
        x1, y1 = ring[i - 1]
        x2, y2 = ring[i]
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def round_ring(ring: list) -> list[tuple[int, int]]:
    """Round to 0.1 SVG units (kept as integer tenths) and drop repeated points."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * 10), round(y * 10))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def _num(tenths: int) -> str:
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def ring_path(ring: list[tuple[int, int]]) -> str:
    """SVG path data for one rounded ring, with relative line segments."""
    x0, y0 = ring[0]
    parts = [f"M{_num(x0)} {_num(y0)}l"]
    px, py = x0, y0
    coords = []
    for x, y in ring[1:]:
        coords.append(f"{_num(x - px)} {_num(y - py)}")
        px, py = x, y
    parts.append(" ".join(coords))
    parts.append("z")
    return "".join(parts)


def _bbox(rings):
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return min(xs), min(ys), max(xs), max(ys)


def _view_box(width: float, height: float) -> str:
    return f"0 0 {_num(round(width * 10))} {_num(round(height * 10))}"


# --------------------------------------------------------------------------
# World


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
    min_x, min_y, max_x, max_y = _bbox(all_rings)
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
        bx0, by0, bx1, by1 = _bbox([largest])
        if max(bx1 - bx0, by1 - by0) < WORLD_MARKER_SIZE:
            markers[code] = [round((bx0 + bx1) / 2, 1), round((by0 + by1) / 2, 1)]

    return {
        "viewBox": _view_box(width, height),
        "projection": "Equal Earth",
        "source": "Natural Earth 1:50m admin-0 (world-atlas 2.0.2), public domain",
        "shapes": shapes,
        "markers": markers,
    }


# --------------------------------------------------------------------------
# Germany


def build_germany(source: Path) -> dict:
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
        "viewBox": _view_box(width, GERMANY_HEIGHT),
        "projection": f"equirectangular, x scaled by cos({GERMANY_REF_LAT}°)",
        "source": "Natural Earth 1:10m admin-1 (simplified), public domain",
        "shapes": dict(sorted(shapes.items())),
    }


def write_json(path: Path, data: dict) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


class Command(BaseCommand):
    help = (
        "Build partners/geo/world.json and germany.json (projected, simplified SVG "
        "paths) from the shared Natural Earth files, and the maps' backgrounds in static/maps/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=None,
            help="Folder with the shared geo files (default: $SHARED_GEO_DIR or ../shared/geo "
            "beside the repository).",
        )
        parser.add_argument(
            "--output",
            default=None,
            help="Folder to write world.json and germany.json to (default: partners/geo).",
        )
        parser.add_argument(
            "--svg-output",
            default=None,
            help="Folder to write the background world.svg and germany.svg to "
            "(default: static/maps).",
        )
        parser.add_argument(
            "--backgrounds-only",
            action="store_true",
            help="Only rewrite the background SVGs from the committed partners/geo JSON.",
        )

    def handle(self, *args, **options):
        svg_output = Path(options["svg_output"]) if options["svg_output"] else maps.BACKGROUND_DIR
        if options["backgrounds_only"]:
            self._write_backgrounds(svg_output, data=None)
            return
        source = Path(options["source"]) if options["source"] else default_source()
        output = Path(options["output"]) if options["output"] else DEFAULT_OUTPUT
        missing = [
            name for name in (WORLD_FILE, CODES_FILE, GERMANY_FILE) if not (source / name).is_file()
        ]
        if missing:
            raise CommandError(f"Missing in {source}: {', '.join(missing)}")
        output.mkdir(parents=True, exist_ok=True)

        world = build_world(source)
        size = write_json(output / "world.json", world)
        self.stdout.write(f"world.json: {len(world['shapes'])} shapes, {size:,} bytes")

        germany = build_germany(source)
        size = write_json(output / "germany.json", germany)
        self.stdout.write(f"germany.json: {len(germany['shapes'])} shapes, {size:,} bytes")

        self._write_backgrounds(svg_output, data={"world": world, "germany": germany})

    def _write_backgrounds(self, output, data):
        for name, size in maps.write_backgrounds(output, data):
            self.stdout.write(f"{output / name}: {size:,} bytes")
