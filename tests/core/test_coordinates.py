from decimal import Decimal

import pytest
from django.utils import translation

from core.coordinates import coordinates

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("latitude", "longitude", "thai", "english"),
    [
        (
            Decimal("7.88"),
            Decimal("98.39"),
            "ละติจูด 7.88° เหนือ ลองจิจูด 98.39° ตะวันออก",
            "7.88° N, 98.39° E",
        ),
        # Jakarta: south of the equator.
        (
            Decimal("-6.2088"),
            Decimal("106.8456"),
            "ละติจูด 6.21° ใต้ ลองจิจูด 106.85° ตะวันออก",
            "6.21° S, 106.85° E",
        ),
        # West of Greenwich and on the equator: no side where there is none.
        (
            Decimal("0.001"),
            Decimal("-77.04"),
            "ละติจูด 0.00° ลองจิจูด 77.04° ตะวันตก",
            "0.00°, 77.04° W",
        ),
    ],
)
def test_coordinates_have_degrees_and_directions_in_each_language(
    latitude, longitude, thai, english
):
    with translation.override("th"):
        assert coordinates(latitude, longitude).replace(NBSP, " ") == thai
    with translation.override("en"):
        assert coordinates(latitude, longitude).replace(NBSP, " ") == english


def test_a_figure_never_parts_from_its_direction():
    with translation.override("en"):
        assert coordinates(7.88, 98.39) == f"7.88°{NBSP}N, 98.39°{NBSP}E"


def test_a_place_without_coordinates_gives_nothing():
    assert coordinates(None, Decimal("98.39")) == ""
