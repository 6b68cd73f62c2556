"""Plane geometry for the portal's maps: TopoJSON arcs, projections, simplification, SVG paths.

Pure Python, no extra dependency, no Django: ``partners.map_data`` builds the committed
``partners/geo/*.json`` with these functions from the Natural Earth files, and that output must
stay the same when it is rebuilt, so the arithmetic here is deliberately plain.
"""

from __future__ import annotations

import math

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


def bbox(rings):
    """(min x, min y, max x, max y) of all points of `rings`."""
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return min(xs), min(ys), max(xs), max(ys)


def view_box(width: float, height: float) -> str:
    """An SVG viewBox from the origin, in the same 0.1-unit rounding as the paths."""
    return f"0 0 {_num(round(width * 10))} {_num(round(height * 10))}"
