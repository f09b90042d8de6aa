"""The map of the pilot cities: an equirectangular projection of South-East Asia.

The base map (static/maps/asean.svg, country outlines from Natural Earth) and the
city markers are drawn with the same projection, so markers land where they belong.
`tools/build_basemap.py` draws the base map.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str
    url: str


def markers(cities) -> list[Marker]:
    """A marker for every city inside the map's frame."""
    result = []
    for city in cities:
        if not (SOUTH <= city.latitude <= NORTH and WEST <= city.longitude <= EAST):
            continue
        x, y = project(city.latitude, city.longitude)
        result.append(Marker(x, y, city.name, city.get_absolute_url()))
    return result


def map_context(cities) -> dict:
    return {"width": WIDTH, "height": HEIGHT, "markers": markers(cities)}
