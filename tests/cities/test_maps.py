"""Placing the map's labels (cities/maps.py): with the real 38 cities, in both
languages, at every width of every band, no label overlaps another, covers a dot
or leaves the frame; cities too close together become one marker; the same
cities always give the same map, computed once per content version."""

import math
import random

import pytest
from django.utils import translation

from cities import maps
from cities.models import City
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def rectangles(markers, band, frame, width):
    """The boxes of the labels and dots as a browser draws them in a map
    `width` px wide: (name, left, top, right, bottom)."""
    scale = width / frame.width
    labels, dots = [], []
    for marker in markers:
        x, y = marker.x * scale, marker.y * scale
        r = marker.radius
        dots.append((marker.lead.name, x - r, y - r, x + r, y + r))
        if not marker.label:
            continue
        text = maps.text_width(marker.label, band.font_size)
        ascent, descent = maps.line_height(band.font_size, marker.label)
        start = {
            "start": marker.text_x,
            "end": marker.text_x - text,
            "middle": marker.text_x - text / 2,
        }[marker.anchor]
        labels.append(
            (
                marker.label,
                x + start,
                y + marker.text_y - ascent,
                x + start + text,
                y + marker.text_y + descent,
            )
        )
    return labels, dots


def overlap(a, b) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def problems(city_map: maps.CityMap) -> list[str]:
    found = []
    frame = city_map.frame
    for drawn in city_map.bands:
        band, markers = drawn["band"], drawn["markers"]
        width = band.low
        while width <= band.high:
            labels, dots = rectangles(markers, band, frame, width)
            height = frame.height * width / frame.width
            for i, label in enumerate(labels):
                where = f"band {band.index} at {width} px: {label[0]}"
                found += [
                    f"{where} overlaps {other[0]}"
                    for other in labels[i + 1 :]
                    if overlap(label, other)
                ]
                found += [
                    f"{where} covers the dot of {dot[0]}"
                    for dot in dots
                    if overlap(label, dot)
                ]
                if (
                    label[1] < 0
                    or label[2] < 0
                    or label[3] > width
                    or label[4] > height
                ):
                    found.append(f"{where} leaves the frame")
            for i, dot in enumerate(dots):
                for other in dots[i + 1 :]:
                    apart = max(abs(dot[1] - other[1]), abs(dot[2] - other[2]))
                    if apart < 2 * maps.HIT * 0.7:
                        found.append(f"{where}: {dot[0]} and {other[0]} too close")
            width += 10
    return found


@pytest.mark.parametrize("language", ["th", "en"])
def test_no_label_of_the_network_overlaps_at_any_width(ascn_data, language):
    with translation.override(language):
        places = maps.places_of(City.objects.published())
        assert len(places) == 38
        city_map = maps.layout(places, maps.WHOLE, "city-map")
        assert problems(city_map) == []
        for drawn in city_map.bands:
            markers = drawn["markers"]
            # Every city once per band; every marker named.
            slugs = [p.slug for m in markers for p in m.places]
            assert sorted(slugs) == sorted(p.slug for p in places)
            assert all(m.label for m in markers)
        # Wider maps group fewer cities.
        counts = [len(drawn["markers"]) for drawn in city_map.bands]
        assert counts == sorted(counts) and counts[0] < counts[-1]


@pytest.mark.parametrize("code", ["TH", "MY", "ID", "SG"])
def test_a_country_map_is_framed_to_its_cities_and_labelled_apart(ascn_data, code):
    with translation.override("th"):
        cities = City.objects.published().filter(country__code=code)
        city_map = maps.country_map(cities)
    frame = city_map.frame
    assert frame.width < maps.WIDTH
    assert frame.width / frame.height == pytest.approx(maps.WIDTH / maps.HEIGHT, 0.01)
    for place in city_map.places:
        assert frame.x < place.x < frame.x + frame.width
        assert frame.y < place.y < frame.y + frame.height
    assert problems(city_map) == []


def test_cities_too_close_to_tell_apart_are_one_marker_that_lists_them():
    CityFactory(slug="a", name_en="Alpha", latitude=10.0, longitude=100.0)
    CityFactory(slug="b", name_en="Beta", latitude=10.05, longitude=100.05)
    CityFactory(slug="far", name_en="Far", latitude=-5.0, longitude=120.0)
    with translation.override("en"):
        city_map = maps.map_context(City.objects.all())
    for drawn in city_map.bands:
        markers = sorted(drawn["markers"], key=lambda m: m.count)
        assert [m.count for m in markers] == [1, 2]
        group = markers[1]
        assert group.url == f"#{group.group_id}"
        assert group.label in ("Alpha +1", "Beta +1")
        assert "Alpha" in group.aria_label and "Beta" in group.aria_label
    [group] = city_map.groups
    assert {p.name for p in group.places} == {"Alpha", "Beta"}


def test_the_same_cities_give_the_same_map_in_any_order(ascn_data):
    with translation.override("en"):
        places = maps.places_of(City.objects.published())
        first = maps.layout(places, maps.WHOLE, "m")
        shuffled = places[:]
        random.Random(4).shuffle(shuffled)  # noqa: S311 - an order, not a secret
        again = maps.layout(shuffled, maps.WHOLE, "m")
    for one, other in zip(first.bands, again.bands, strict=True):
        assert [
            (m.label, m.position, m.text_x, m.text_y, m.leader)
            for m in sorted(one["markers"], key=lambda m: m.lead.slug)
        ] == [
            (m.label, m.position, m.text_x, m.text_y, m.leader)
            for m in sorted(other["markers"], key=lambda m: m.lead.slug)
        ]


def test_the_map_is_computed_once_per_content_version(monkeypatch):
    CityFactory(slug="a", name_en="Alpha", latitude=10.0, longitude=100.0)
    calls = []
    layout = maps.layout

    def counted(*args, **kwargs):
        calls.append(args)
        return layout(*args, **kwargs)

    monkeypatch.setattr(maps, "layout", counted)
    with translation.override("en"):
        maps.map_context(City.objects.all())
        maps.map_context(City.objects.all())
        assert len(calls) == 1
        CityFactory(slug="b", name_en="Beta", latitude=0.0, longitude=110.0)
        assert len(maps.map_context(City.objects.all()).places) == 2
    assert len(calls) == 2


def test_a_label_is_measured_with_the_fonts_advances():
    # Wider text is wider; Thai marks above and below take no width of their own.
    assert maps.text_width("Bangkok", 13) > maps.text_width("Bang", 13)
    assert maps.text_width("กี่", 13) == maps.text_width("ก", 13)
    # Thai vowels and tone marks reach above and below the Latin line.
    assert maps.line_height(13, "ปั้น")[0] > maps.line_height(13, "Hanoi")[0]


def _merged_by_measuring_every_pair(clusters, apart, centre):
    """The plain way: measure every pair again after each merge."""
    clusters = [list(c) for c in clusters]
    while len(clusters) > 1:
        distance, i, j = min(
            (math.dist(centre(a), centre(b)), i, j)
            for i, a in enumerate(clusters)
            for j, b in enumerate(clusters)
            if i < j
        )
        if distance >= apart:
            break
        clusters[i] = clusters[i] + clusters[j]
        del clusters[j]
    return clusters


@pytest.mark.parametrize("seed", range(5))
def test_close_dots_are_merged_as_by_measuring_every_pair_again(seed):
    """The heap of close pairs (a thousand cities in a fraction of a second)
    merges the same clusters, in the same order, as the plain way."""
    rng = random.Random(seed)  # noqa: S311 - test positions
    places = [
        maps.Place(f"c{n:03}", f"C{n}", rng.uniform(0, 300), rng.uniform(0, 200), "")
        for n in range(80)
    ]

    def centre(cluster):
        return (
            sum(p.x for p in cluster) / len(cluster),
            sum(p.y for p in cluster) / len(cluster),
        )

    clusters = [[p] for p in places]
    expected = _merged_by_measuring_every_pair(clusters, 30.0, centre)
    found = maps._merge_close([list(c) for c in clusters], 30.0, centre)
    assert [[p.slug for p in c] for c in found] == [
        [p.slug for p in c] for c in expected
    ]
    assert len(found) < len(places)  # some were close enough to merge
