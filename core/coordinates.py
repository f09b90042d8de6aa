"""A place's latitude and longitude as each language's readers write them:
"7.88° N, 98.39° E" on English pages; on Thai pages the form of the Thai
Meteorological Department's bulletins and Thai geography textbooks, which name
each axis and write the direction as a word, with no comma:
"ละติจูด 7.88° เหนือ ลองจิจูด 98.39° ตะวันออก" (° is read องศา).

Two decimals, as before (about a kilometre). A figure never parts from its
direction: they are joined by a no-break space.
"""

from decimal import Decimal

from django.utils.formats import number_format

from core.dates import is_thai

NBSP = "\u00a0"
DIRECTIONS = {
    "en": (("N", "S"), ("E", "W")),
    "th": (("เหนือ", "ใต้"), ("ตะวันออก", "ตะวันตก")),
}


def _degrees(value: Decimal | float, directions: tuple[str, str]) -> str:
    rounded = Decimal(str(value)).quantize(Decimal("0.01"))
    figure = f"{number_format(abs(rounded), 2)}°"
    if not rounded:
        return figure  # on the equator or the prime meridian: neither side
    return f"{figure}{NBSP}{directions[0] if rounded > 0 else directions[1]}"


def coordinates(
    latitude: Decimal | float | None, longitude: Decimal | float | None
) -> str:
    if latitude is None or longitude is None:
        return ""
    if is_thai():
        north_south, east_west = DIRECTIONS["th"]
        return (
            f"ละติจูด {_degrees(latitude, north_south)} "
            f"ลองจิจูด {_degrees(longitude, east_west)}"
        )
    north_south, east_west = DIRECTIONS["en"]
    return f"{_degrees(latitude, north_south)}, {_degrees(longitude, east_west)}"
