"""The map of the pilot cities: an equirectangular projection of South-East Asia.

The base map (static/maps/asean.svg, country outlines from Natural Earth) and the
city markers are drawn with the same projection, so markers land where they belong.
`tools/build_basemap.py` draws the base map.

The map is drawn at any width, but its labels keep one size in CSS pixels: the
drawing scales, the words do not. So the labels are placed here, for a few bands
of widths (the map's own width, switched by CSS container queries), such that at
every width of a band no label overlaps another, covers a dot or leaves the
frame. Labels are measured with the advance widths of the font the portal serves
(cities/map_font.json, written by tools/build_map_font_metrics.py). Cities too
close together to be labelled apart at a band's widths become one marker with a
count, whose link opens the list of those cities below the map.

A label's box moves with its dot: at a scale s (CSS px per map unit) its edges
are `position * s + offset`, linear in s. Two boxes that are apart along one
side at the narrowest and the widest width of a band are apart at every width
between, which is what `_apart` checks.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext, ngettext

from core.versioning import versioned

WEST, EAST = 91.0, 130.0
SOUTH, NORTH = -12.0, 29.0
CENTRE_LATITUDE = (SOUTH + NORTH) / 2
SCALE = 20.0  # SVG units per degree of longitude at the centre latitude

X_FACTOR = SCALE * math.cos(math.radians(CENTRE_LATITUDE))
WIDTH = round((EAST - WEST) * X_FACTOR, 1)
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)


def project(
    latitude: float | Decimal, longitude: float | Decimal
) -> tuple[float, float]:
    """Map coordinates (x, y) of a point, in SVG units from the top-left corner."""
    x = (float(longitude) - WEST) * X_FACTOR
    y = (NORTH - float(latitude)) * SCALE
    return round(x, 1), round(y, 1)


def inside(latitude, longitude) -> bool:
    return SOUTH <= latitude <= NORTH and WEST <= longitude <= EAST


@dataclass(frozen=True)
class Band:
    """Maps whose drawing is from `low` to `high` CSS px wide. `low` of the
    first band is the narrowest map the portal shows (a 320 px screen less the
    page's margins); the labels are placed to hold up to `high` (the last band:
    up to the widest the page lets a map be)."""

    index: int
    low: float
    high: float
    font_size: float


# The switch points are in the stylesheet too (static/css/site.css, .city-map).
# The stylesheet keeps a map at most 46rem (736 px) wide: the last band holds
# well beyond.
BANDS = (
    Band(0, 280, 400, 12),
    Band(1, 400, 640, 13),
    Band(2, 640, 1200, 13),
)
DOT = 5.0  # radius of a city's dot, CSS px
GROUP_DOT = 9.0  # radius of a group's dot, with its count inside
HIT = 12.5  # radius of the invisible tap area: 25 by 25 px (WCAG 2.5.8: 24)
# Dots nearer than this are one marker: apart, their tap areas do not overlap.
NEAREST = 2 * HIT + 1
GAP = 3.0  # between a dot and its label
MARGIN = 1.5  # kept clear around each label
# Measured widths are widened a little: the browser shapes and hints the text.
WIDTH_ALLOWANCE = 1.04


@dataclass(frozen=True)
class Frame:
    """The part of the base map shown, in map units."""

    x: float
    y: float
    width: float
    height: float

    @property
    def view_box(self) -> str:
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"


WHOLE = Frame(0.0, 0.0, WIDTH, HEIGHT)


def frame_around(points: list[tuple[float, float]], *, padding=60.0, least=240.0):
    """The smallest frame of the whole map's proportions that shows `points`
    (map units) with `padding` around them and is at least `least` units wide,
    moved to lie within the base map."""
    if not points:
        return WHOLE
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    ratio = WIDTH / HEIGHT
    width = max(max(xs) - min(xs) + 2 * padding, least)
    height = max(max(ys) - min(ys) + 2 * padding, width / ratio)
    width = max(width, height * ratio)
    if width >= WIDTH or height >= HEIGHT:
        return WHOLE
    x = (min(xs) + max(xs)) / 2 - width / 2
    y = (min(ys) + max(ys)) / 2 - height / 2
    x = min(max(x, 0.0), WIDTH - width)
    y = min(max(y, 0.0), HEIGHT - height)
    return Frame(round(x, 1), round(y, 1), round(width, 1), round(height, 1))


@cache
def _font() -> dict:
    path = Path(__file__).with_name("map_font.json")
    return json.loads(path.read_text(encoding="utf-8"))


def text_width(text: str, font_size: float) -> float:
    """The width of `text` in the map's bold Sarabun, in CSS px."""
    font = _font()
    advances = font["advances"]
    # A character the font lacks comes from a fallback font: taken as wide as
    # the widest common letters.
    units = sum(advances.get(ch, 700) for ch in text)
    return units / font["units_per_em"] * font_size * WIDTH_ALLOWANCE


# A tone mark over an upper vowel is raised above the highest single glyph
# (mark-to-mark positioning); measured in Chromium: 1.35 em at most.
THAI_STACKING = 80


def line_height(font_size: float, text: str = "") -> tuple[float, float]:
    """(ascent, descent) of the browser's box of a label, CSS px: the line of
    the font, and for Thai the reach of its vowels and tone marks. Browsers
    round them up to whole pixels."""
    font = _font()
    ascent, descent = font["ascent"], font["descent"]
    if any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        thai = font["ink"]["thai"]
        ascent = max(ascent, thai["top"] + THAI_STACKING)
        descent = max(descent, thai["bottom"])
    em = font["units_per_em"]
    return (
        math.ceil(ascent / em * font_size),
        math.ceil(descent / em * font_size),
    )


@dataclass(frozen=True)
class Place:
    slug: str
    name: str
    x: float  # map units, in the whole map
    y: float
    url: str
    weight: int = 0  # population: the best-known city names a group


@dataclass(frozen=True)
class Box:
    """A rectangle that moves with a point: at scale s its edges are
    x * s + left ... x * s + right (CSS px within the frame)."""

    x: float
    y: float
    left: float
    top: float
    right: float
    bottom: float

    def edges(self, s: float) -> tuple[float, float, float, float]:
        return (
            self.x * s + self.left,
            self.y * s + self.top,
            self.x * s + self.right,
            self.y * s + self.bottom,
        )


def _apart(a: Box, b: Box, scales: tuple[float, float]) -> bool:
    """Whether a and b are apart along the same side at both scales, and so at
    every scale between."""
    sides = None
    for s in scales:
        al, at, ar, ab = a.edges(s)
        bl, bt, br, bb = b.edges(s)
        found = {
            "a-left": ar <= bl,
            "a-right": br <= al,
            "a-above": ab <= bt,
            "a-below": bb <= at,
        }
        now = {side for side, holds in found.items() if holds}
        sides = now if sides is None else sides & now
    return bool(sides)


def _within(box: Box, frame: Frame, s: float) -> bool:
    # Nearer the edge at the narrowest width than at any wider one.
    left, top, right, bottom = box.edges(s)
    return (
        left >= 0
        and top >= 0
        and right <= frame.width * s
        and bottom <= (frame.height * s)
    )


@dataclass
class Marker:
    """One city, or several close together, as drawn in one band."""

    places: list[Place]
    x: float  # map units, within the frame
    y: float
    label: str = ""
    # The label's text anchor, relative to the dot (CSS px).
    text_x: float = 0.0
    text_y: float = 0.0
    anchor: str = "start"
    leader: tuple[float, float, float, float] | None = None
    box: Box | None = None
    group_id: str = ""
    # Where the dot is, as percentages of the frame, and a group's name for
    # screen readers.
    position: tuple[str, str] = ("", "")
    aria_label: str = ""

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def radius(self) -> float:
        return GROUP_DOT if self.count > 1 else DOT

    @property
    def lead(self) -> Place:
        return self.places[0]

    @property
    def url(self) -> str:
        return f"#{self.group_id}" if self.count > 1 else self.lead.url

    @property
    def names(self) -> str:
        return ", ".join(p.name for p in self.places)


def _group(places: list[Place], frame: Frame) -> Marker:
    ordered = sorted(places, key=lambda p: (-p.weight, p.name, p.slug))
    x = sum(p.x for p in places) / len(places) - frame.x
    y = sum(p.y for p in places) / len(places) - frame.y
    return Marker(ordered, round(x, 1), round(y, 1))


def _candidates(radius: float, width: float, ascent: float, descent: float):
    """Where a label may go, best first: (left, top) of its box relative to
    the dot, and whether a leader line joins them."""
    height = ascent + descent
    near = radius + GAP
    corner = radius * 0.7 + 1
    middle = -height / 2
    yield (near, middle, "start", False)  # right
    yield (-near - width, middle, "end", False)  # left
    yield (-width / 2, -near - height, "middle", False)  # above
    yield (-width / 2, near, "middle", False)  # below
    yield (corner, -corner - height, "start", False)  # above right
    yield (corner, corner, "start", False)  # below right
    yield (-corner - width, -corner - height, "end", False)  # above left
    yield (-corner - width, corner, "end", False)  # below left
    for reach in (16.0, 28.0, 44.0):
        out = near + reach
        slant = out * 0.7
        yield (out, middle, "start", True)
        yield (-out - width, middle, "end", True)
        yield (-width / 2, -out - height, "middle", True)
        yield (-width / 2, out, "middle", True)
        yield (slant, -slant - height, "start", True)
        yield (slant, slant, "start", True)
        yield (-slant - width, -slant - height, "end", True)
        yield (-slant - width, slant, "end", True)


def _leader(left, top, right, bottom, radius):
    """A line from the dot's edge to the nearest point of the label's box."""
    nx = min(max(0.0, left), right)
    ny = min(max(0.0, top), bottom)
    length = math.hypot(nx, ny)
    if length <= radius + 1:
        return None
    ux, uy = nx / length, ny / length
    return (
        round(ux * radius, 1),
        round(uy * radius, 1),
        round(nx - ux * 1.5, 1),
        round(ny - uy * 1.5, 1),
    )


def _label_text(marker: Marker) -> str:
    if marker.count == 1:
        return marker.lead.name
    return gettext("%(name)s +%(more)s") % {
        "name": marker.lead.name,
        "more": marker.count - 1,
    }


def _place_labels(markers: list[Marker], frame: Frame, band: Band) -> Marker | None:
    """Labels for `markers`, or the first marker whose label found no place."""
    scales = (band.low / frame.width, band.high / frame.width)
    dots = [
        (m, Box(m.x, m.y, -m.radius - 1, -m.radius - 1, m.radius + 1, m.radius + 1))
        for m in markers
    ]

    def crowding(marker: Marker) -> tuple:
        near = sum(
            1
            for other in markers
            if other is not marker
            and math.hypot(other.x - marker.x, other.y - marker.y) * scales[0] < 90
        )
        return (-near, marker.lead.name, marker.lead.slug)

    placed: list[Box] = []
    for marker in sorted(markers, key=crowding):
        label = _label_text(marker)
        width = text_width(label, band.font_size)
        ascent, descent = line_height(band.font_size, label)
        for left, top, anchor, joined in _candidates(
            marker.radius, width, ascent, descent
        ):
            right, bottom = left + width, top + ascent + descent
            box = Box(
                marker.x,
                marker.y,
                left - MARGIN,
                top - MARGIN,
                right + MARGIN,
                bottom + MARGIN,
            )
            if not _within(box, frame, scales[0]):
                continue
            if not all(_apart(box, other, scales) for other in placed):
                continue
            if not all(_apart(box, dot, scales) for _, dot in dots):
                continue
            leader = (
                _leader(left, top, right, bottom, marker.radius) if joined else None
            )
            if leader is not None and not _leader_clear(
                marker, leader, placed, dots, scales
            ):
                continue
            marker.label = label
            marker.anchor = anchor
            marker.text_x = round(
                {"start": left, "end": right, "middle": left + width / 2}[anchor], 1
            )
            marker.text_y = round(top + ascent, 1)
            marker.leader = leader
            marker.box = box
            placed.append(box)
            if leader is not None:
                placed.extend(_leader_points(marker, leader))
            break
        else:
            return marker
    return None


def _leader_points(marker: Marker, leader) -> list[Box]:
    x1, y1, x2, y2 = leader
    steps = max(1, int(math.hypot(x2 - x1, y2 - y1) // 3))
    points = []
    for i in range(steps + 1):
        px = x1 + (x2 - x1) * i / steps
        py = y1 + (y2 - y1) * i / steps
        points.append(Box(marker.x, marker.y, px - 1, py - 1, px + 1, py + 1))
    return points


def _leader_clear(marker, leader, placed, dots, scales) -> bool:
    points = _leader_points(marker, leader)
    return all(
        _apart(point, other, scales)
        for point in points
        for other in [*placed, *(dot for m, dot in dots if m is not marker)]
    )


def _merge_close(
    clusters: list[list[Place]], apart: float, centre
) -> list[list[Place]]:
    """The clusters after merging, again and again, the two whose centres are
    the closest, while they are closer than `apart`: the merged cluster takes
    the place of the first of the two in the list. The pairs closer than `apart`
    wait in a heap, each merge adding the new cluster's, so that a thousand
    cities take a fraction of a second, not minutes (every pair measured again
    after each merge)."""
    members = dict(enumerate(clusters))
    centres = {key: centre(cluster) for key, cluster in members.items()}
    heap: list[tuple[float, int, int]] = [
        (math.dist(centres[a], centres[b]), a, b)
        for a in members
        for b in members
        if a < b and math.dist(centres[a], centres[b]) < apart
    ]
    heapq.heapify(heap)
    # A merged cluster keeps the first one's place in the list; its key is new.
    place = {key: key for key in members}
    key = len(clusters)
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # merged already
        first, second = sorted((a, b), key=place.__getitem__)
        merged = members.pop(first) + members.pop(second)
        place[key] = place[first]
        members[key] = merged
        centres[key] = centre(merged)
        for other in members:
            if other != key:
                distance = math.dist(centres[key], centres[other])
                if distance < apart:
                    low, high = sorted((key, other))
                    heapq.heappush(heap, (distance, low, high))
        key += 1
    return [members[k] for k in sorted(members, key=place.__getitem__)]


def layout_band(places: list[Place], frame: Frame, band: Band) -> list[Marker]:
    """The markers of one band: close cities grouped, every label placed."""
    clusters = [[p] for p in sorted(places, key=lambda p: p.slug)]
    scale = band.low / frame.width

    def centre(cluster):
        return (
            sum(p.x for p in cluster) / len(cluster),
            sum(p.y for p in cluster) / len(cluster),
        )

    def merge_nearest(index: int | None = None) -> None:
        pairs = (
            [(index, j) for j in range(len(clusters)) if j != index]
            if index is not None
            else [
                (i, j)
                for i in range(len(clusters))
                for j in range(i + 1, len(clusters))
            ]
        )
        _, i, j = min(
            (
                math.dist(centre(clusters[a]), centre(clusters[b])),
                min(a, b),
                max(a, b),
            )
            for a, b in pairs
        )
        clusters[i] = clusters[i] + clusters[j]
        del clusters[j]

    # Dots too close to tap apart are one marker.
    clusters[:] = _merge_close(clusters, NEAREST / scale, centre)
    while True:
        markers = [_group(cluster, frame) for cluster in clusters]
        failed = _place_labels(markers, frame, band)
        if failed is None:
            return markers
        if len(clusters) == 1:
            # One marker whose label cannot fit: drawn without one.
            failed.label = ""
            return markers
        index = next(
            i
            for i, c in enumerate(clusters)
            if {p.slug for p in c} == {p.slug for p in failed.places}
        )
        merge_nearest(index)


def group_id(prefix: str, places: list[Place]) -> str:
    digest = hashlib.sha1(
        " ".join(sorted(p.slug for p in places)).encode(), usedforsecurity=False
    ).hexdigest()[:6]
    return f"{prefix}-{places[0].slug}-{digest}"


@dataclass
class CityMap:
    """What includes/map.html draws."""

    id: str
    frame: Frame
    bands: list[dict] = field(default_factory=list)
    groups: list[Marker] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    locator: bool = False

    @property
    def framed(self) -> bool:
        """Whether it shows a part of the base map only (drawn coarser)."""
        return self.frame != WHOLE

    @property
    def width(self) -> float:
        return WIDTH

    @property
    def height(self) -> float:
        return HEIGHT

    @property
    def markers(self) -> list[Place]:
        return self.places


def percent(value: float, whole: float) -> str:
    return f"{value / whole * 100:.2f}%"


def layout(
    places: list[Place], frame: Frame, map_id: str, *, locator: bool = False
) -> CityMap:
    city_map = CityMap(map_id, frame, places=places, locator=locator)
    groups: dict[str, Marker] = {}
    for band in BANDS:
        # In reading order, for the keyboard: north to south, west to east.
        markers = sorted(
            layout_band(places, frame, band), key=lambda m: (m.y, m.x, m.lead.slug)
        )
        for marker in markers:
            if marker.count > 1:
                marker.group_id = group_id(map_id, marker.places)
                groups.setdefault(marker.group_id, marker)
            marker_x = percent(marker.x, frame.width)
            marker_y = percent(marker.y, frame.height)
            marker.position = (marker_x, marker_y)
            marker.aria_label = (
                ngettext(
                    "%(count)s city close together: %(names)s",
                    "%(count)s cities close together: %(names)s",
                    marker.count,
                )
                % {"count": marker.count, "names": marker.names}
                if marker.count > 1
                else ""
            )
        city_map.bands.append({"band": band, "markers": markers})
    city_map.groups = sorted(groups.values(), key=lambda m: m.group_id)
    return city_map


def places_of(cities) -> list[Place]:
    result = []
    for city in cities:
        if not inside(city.latitude, city.longitude):
            continue
        x, y = project(city.latitude, city.longitude)
        result.append(
            Place(
                city.slug,
                city.name,
                x,
                y,
                city.get_absolute_url(),
                int(getattr(city, "population", 0) or 0),
            )
        )
    return result


def _cached_layout(
    kind: str, places: list[Place], frame: Frame, map_id: str, *, locator=False
) -> CityMap:
    """The layout depends only on the cities' names and places and the frame:
    kept under the content version and the language."""
    fingerprint = hashlib.sha1(
        repr((frame, map_id, places)).encode(), usedforsecurity=False
    ).hexdigest()
    return versioned(
        f"city-map:{kind}:{fingerprint}",
        lambda: layout(places, frame, map_id, locator=locator),
    )


def map_context(cities, *, map_id: str = "city-map") -> CityMap:
    """The map of `cities`, the whole of South-East Asia."""
    return _cached_layout("all", places_of(cities), WHOLE, map_id)


def country_map(cities, *, map_id: str = "city-map") -> CityMap:
    """The map of one country's cities, framed to them."""
    places = places_of(cities)
    frame = frame_around([(p.x, p.y) for p in places])
    return _cached_layout("country", places, frame, map_id)


def locator_map(city, *, map_id: str = "city-locator") -> CityMap | None:
    """A small map of the region around one city, the city marked."""
    places = places_of([city])
    if not places:
        return None
    place = places[0]
    frame = frame_around([(place.x, place.y)], padding=150.0, least=300.0)
    return _cached_layout("locator", places, frame, map_id, locator=True)
