"""Maps as SVG, the drawing part: a Lambert equal-area projection, a view onto it, rings
clipped to the view and written as paths, and the frame every map shares.

Stage: data. Knows nothing of partnerships or editions; maps.py decides what to draw.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from press.data.topojson import Country, Ring

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Lambert:
    """Lambert azimuthal equal-area projection around (lon0, lat0), in km, y north."""
    lon0: float
    lat0: float

    def cos_distance(self, lon: float, lat: float) -> float:
        p, p0 = math.radians(lat), math.radians(self.lat0)
        return (math.sin(p0) * math.sin(p)
                + math.cos(p0) * math.cos(p) * math.cos(math.radians(lon - self.lon0)))

    def inverse(self, x: float, y: float) -> tuple[float, float]:
        """(lon, lat) of a projected point."""
        rho = math.hypot(x, y)
        if rho < 1e-9:
            return self.lon0, self.lat0
        c = 2 * math.asin(min(1.0, rho / (2 * EARTH_RADIUS_KM)))
        p0 = math.radians(self.lat0)
        lat = math.asin(math.cos(c) * math.sin(p0) + y * math.sin(c) * math.cos(p0) / rho)
        lon = math.radians(self.lon0) + math.atan2(
            x * math.sin(c), rho * math.cos(p0) * math.cos(c) - y * math.sin(p0) * math.sin(c))
        return (math.degrees(lon) + 540.0) % 360.0 - 180.0, math.degrees(lat)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        p, p0 = math.radians(lat), math.radians(self.lat0)
        dl = math.radians(lon - self.lon0)
        k = math.sqrt(2.0 / max(1.0 + self.cos_distance(lon, lat), 1e-9))
        x = EARTH_RADIUS_KM * k * math.cos(p) * math.sin(dl)
        y = EARTH_RADIUS_KM * k * (math.cos(p0) * math.sin(p) - math.sin(p0) * math.cos(p) * math.cos(dl))
        return x, y


@dataclass(frozen=True)
class View:
    """A window of the projected plane, mapped onto an SVG canvas `width` units wide."""
    projection: Lambert
    west: float
    south: float
    east: float
    north: float
    width: float

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    def visible(self, lon: float, lat: float) -> bool:
        """Whether a point is on the near side, where the projection is well-behaved."""
        return self.projection.cos_distance(lon, lat) > -0.3

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.projection(lon, lat)
        return (x - self.west) * self.scale, (self.north - y) * self.scale

    def may_show(self, box: tuple[float, float, float, float]) -> bool:
        """A cheap, generous test whether a (west, south, east, north) box can reach the
        canvas: does it meet the canvas's window in degrees?"""
        west, south, east, north = self.window
        return not (box[2] < west or box[0] > east or box[3] < south or box[1] > north)

    @cached_property
    def window(self) -> tuple[float, float, float, float]:
        """The degrees the canvas covers, with a margin: its border inverse-projected."""
        steps = 24
        border = [(self.west + (self.east - self.west) * i / steps, y)
                  for i in range(steps + 1) for y in (self.south, self.north)]
        border += [(x, self.south + (self.north - self.south) * i / steps)
                   for i in range(steps + 1) for x in (self.west, self.east)]
        points = [self.projection.inverse(x, y) for x, y in border]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        pole_x, pole_y = self(0.0, 90.0)
        if 0 <= pole_x <= self.width and 0 <= pole_y <= self.height:
            return (-180.0, min(lats) - 2, 180.0, 90.0)
        return (min(lons) - 2, min(lats) - 2, max(lons) + 2, max(lats) + 2)


def _num(value: float) -> str:
    """Fixed, short formatting: same coordinates, same bytes."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


CLIP_MARGIN = 4.0      # canvas units kept beyond the edge, hidden by the clip path


def clip_ring(points: list[tuple[float, float]], box: tuple[float, float, float, float]):
    """The part of a closed ring inside box (x0, y0, x1, y1), by Sutherland–Hodgman:
    clip against each edge in turn. Far-off coastline then costs no bytes."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    for inside, cross in edges:
        if not points:
            break
        kept, previous = [], points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    kept.append(cross(previous, current))
                kept.append(current)
            elif inside(previous):
                kept.append(cross(previous, current))
            previous = current
        points = kept
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def ring_path(view: View, points: Ring, box: tuple | None = None, min_step: float = 0.5) -> str:
    """An SVG subpath for a ring, or "" when it lies outside the view or is too small.
    Points closer than min_step canvas units to the last kept one are dropped."""
    if box is not None and not view.may_show(box):
        return ""
    if not all(view.visible(lon, lat) for lon, lat in points[:: max(1, len(points) // 16)]):
        return ""
    projected = clip_ring([view(lon, lat) for lon, lat in points],
                          (-CLIP_MARGIN, -CLIP_MARGIN, view.width + CLIP_MARGIN, view.height + CLIP_MARGIN))
    if not projected:
        return ""
    xs, ys = [p[0] for p in projected], [p[1] for p in projected]
    if max(xs) - min(xs) < 1.0 and max(ys) - min(ys) < 1.0:
        return ""
    kept = [projected[0]]
    for x, y in projected[1:]:
        if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= min_step:
            kept.append((x, y))
    if len(kept) < 3:
        return ""
    head = f"M{_num(kept[0][0])} {_num(kept[0][1])}"
    return head + "L" + " ".join(f"{_num(x)} {_num(y)}" for x, y in kept[1:]) + "Z"


def country_paths(view: View, shapes: Iterable[Country], highlight: Iterable[str],
                  min_step: float = 0.5) -> str:
    """<path> elements for the countries; highlighted ones get class "home"."""
    highlight = set(highlight)
    out = []
    for country in sorted(shapes, key=lambda c: (c.code in highlight, c.code, c.name)):
        d = "".join(ring_path(view, points, box, min_step) for points, box in country.rings)
        if d:
            css = ' class="home"' if country.code in highlight else ""
            out.append(f'<path{css} d="{d}"/>')
    return "\n".join(out)


def line_path(view: View, lines: Iterable[tuple[tuple[float, float], tuple[float, float]]]) -> str:
    """One path holding a straight segment per (lon, lat) pair, drawn in a fixed order."""
    segments = []
    for (lon1, lat1), (lon2, lat2) in sorted(lines):
        if not (view.visible(lon1, lat1) and view.visible(lon2, lat2)):
            continue
        (x1, y1), (x2, y2) = view(lon1, lat1), view(lon2, lat2)
        segments.append(f"M{_num(x1)} {_num(y1)}L{_num(x2)} {_num(y2)}")
    return "".join(segments)


def _svg_open(view: View, css_class: str, label_id: str | None = None, fluid: bool = False) -> str:
    """The <svg> tag. A fluid map fills its container's width (the inlined overview);
    otherwise the drawing has its own size (a locator map shown as an image)."""
    labelled = f' role="img" aria-labelledby="{label_id}"' if label_id else ""
    size = 'width="100%"' if fluid else f'width="{_num(view.width)}" height="{_num(view.height)}"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" '
            f'viewBox="0 0 {_num(view.width)} {_num(view.height)}" {size}{labelled}>')


def _style(scope: str) -> str:
    """CSS scoped to the map's class: an inlined SVG's <style> applies to the whole page."""
    rules = (
        (".sea", "fill:#eef3f7"),
        (".land path", "fill:#f4f1ea;stroke:#a7a39a;stroke-width:0.4;stroke-linejoin:round"),
        (".land path.home", "fill:#e4ddc8"),
        (".links", "fill:none;stroke:#9c2f2f;stroke-opacity:0.2;stroke-width:0.4"
                   if scope == "partnership-map" else
                   "fill:none;stroke:#9c2f2f;stroke-opacity:0.7;stroke-width:0.9"),
        (".places circle", "fill:#9c2f2f;stroke:#fff;stroke-width:0.4"),
        (".places a circle", "fill:#1f4e79"),
        (".partners circle", "fill:#1f4e79;stroke:#fff;stroke-width:0.5"),
        (".place", "fill:#9c2f2f;stroke:#fff;stroke-width:0.8"),
    )
    return "<style>" + "".join(f".{scope} {sel}{{{css}}}" for sel, css in rules) + "</style>"


def _frame(view: View, scope: str, clip_id: str, body: str) -> str:
    w, h = _num(view.width), _num(view.height)
    return (f'<defs><clipPath id="{clip_id}"><rect width="{w}" height="{h}"/></clipPath></defs>'
            f'{_style(scope)}<g clip-path="url(#{clip_id})"><rect class="sea" width="{w}" height="{h}"/>'
            f"{body}</g>")
