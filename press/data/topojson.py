"""Country outlines from Natural Earth's TopoJSON: decoding, ISO codes, bounding boxes.

Stage: data. The bottom of the figures: maps.py draws these outlines, and
partnerships.py checks that every place's coordinates lie inside its country's box.
Both read the file here, so neither needs the other.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

# Natural Earth units without an ISO numeric id, by their world-atlas name.
_UNNUMBERED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}

Ring = list[tuple[float, float]]


@dataclass(frozen=True, eq=False)
class Country:
    code: str                       # ISO alpha-2, "" when unknown
    name: str                       # Natural Earth's English name
    polygons: tuple                 # of polygons; a polygon is a tuple of rings (lon, lat)

    @cached_property
    def rings(self) -> tuple[tuple[Ring, tuple[float, float, float, float]], ...]:
        """Every ring with its (west, south, east, north) box, for quick rejection."""
        result = []
        for polygon in self.polygons:
            for points in polygon:
                lons, lats = zip(*points)
                result.append((points, (min(lons), min(lats), max(lons), max(lats))))
        return tuple(result)


# --- TopoJSON -----------------------------------------------------------------------

# Pure caches: keyed by the file's path and version (or by a code), their whole input.
@lru_cache(maxsize=4)
def _read_topology(path: str, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def decode_arcs(topology: dict) -> list[Ring]:
    """Every arc as absolute (lon, lat) points.

    A quantized topology stores each arc as a first position followed by deltas, in
    integer units that `transform` scales and translates back to degrees."""
    transform = topology.get("transform")
    if not transform:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy, *_ in arc:
            x += qx
            y += qy
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def ring(arcs: list[Ring], indices: Iterable[int]) -> Ring:
    """Join arcs into a ring; a negative index ~i means arc i walked backwards.
    Consecutive arcs share their joining point, which is kept once."""
    points: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _polygons(geometry: dict, arcs: list[Ring]) -> tuple:
    kind = geometry.get("type")
    if kind == "Polygon":
        return (tuple(tuple(ring(arcs, r)) for r in geometry["arcs"]),)
    if kind == "MultiPolygon":
        return tuple(tuple(tuple(ring(arcs, r)) for r in polygon) for polygon in geometry["arcs"])
    return ()


def countries(topology: dict, object_name: str = "countries") -> list[Country]:
    """The countries of a topology, decoded, in the file's order."""
    arcs = decode_arcs(topology)
    result = []
    for geometry in topology["objects"][object_name]["geometries"]:
        name = (geometry.get("properties") or {}).get("name", "")
        code = alpha2(geometry.get("id")) or _UNNUMBERED.get(name, "")
        result.append(Country(code=code, name=name, polygons=_polygons(geometry, arcs)))
    return result


@lru_cache(maxsize=None)
def alpha2(numeric) -> str:
    """ISO 3166-1 numeric id (as world-atlas stores it) -> alpha-2, via ICU's region data."""
    if numeric is None or not str(numeric).isdigit():
        return ""
    import icu

    try:
        code = icu.Region.getInstance(int(numeric)).getRegionCode()
    except icu.ICUError:
        return ""
    return code if len(code) == 2 and code.isalpha() else ""


def country_bounds(topology: dict) -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) in degrees for each country code: the union of the
    boxes of the arcs that make up its outline."""
    arc_boxes = []
    for arc in decode_arcs(topology):
        lons, lats = zip(*arc)
        arc_boxes.append((min(lons), min(lats), max(lons), max(lats)))
    bounds: dict[str, tuple] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name", "")
        code = alpha2(geometry.get("id")) or _UNNUMBERED.get(name, "")
        for index in _arc_indices(geometry.get("arcs", [])):
            box = arc_boxes[index if index >= 0 else ~index]
            old = bounds.get(code, box)
            bounds[code] = (min(old[0], box[0]), min(old[1], box[1]),
                            max(old[2], box[2]), max(old[3], box[3]))
    bounds.pop("", None)
    return dict(sorted(bounds.items()))


def _arc_indices(nested) -> list[int]:
    if isinstance(nested, int):
        return [nested]
    return [index for item in nested for index in _arc_indices(item)]


@lru_cache(maxsize=4)
def _countries_cached(path: str, mtime_ns: int) -> tuple[Country, ...]:
    return tuple(countries(_read_topology(path, mtime_ns)))


@lru_cache(maxsize=4)
def _bounds_cached(path: str, mtime_ns: int) -> dict:
    return country_bounds(_read_topology(path, mtime_ns))


def bounds_of(path: Path) -> dict[str, tuple[float, float, float, float]]:
    """country_bounds of a TopoJSON file, read once per process."""
    path = Path(path)
    return _bounds_cached(str(path), path.stat().st_mtime_ns)


def outlines(path: Path) -> tuple[Country, ...]:
    path = Path(path)
    return _countries_cached(str(path), path.stat().st_mtime_ns)
