"""The pilot cities as GeoJSON (RFC 7946)."""

import json

import pytest

pytestmark = pytest.mark.django_db


def _check_rfc7946(collection):
    """The parts of RFC 7946 a FeatureCollection of Points must follow."""
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # removed from GeoJSON by RFC 7946 (4)
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) <= {"type", "id", "geometry", "properties", "bbox"}
        assert isinstance(feature["id"], str | int)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]
        assert all(isinstance(n, int | float) for n in (longitude, latitude))
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert isinstance(feature["properties"], dict)


def test_cities_are_a_feature_collection_of_points(client, records):
    response = client.get("/api/v1/cities.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    _check_rfc7946(collection)
    assert [f["id"] for f in collection["features"]] == [
        "chiang-mai",
        "da-nang",
        "phuket",
    ]


def test_coordinates_are_longitude_first(client, records):
    collection = client.get("/api/v1/cities.geojson").json()
    chiang_mai = next(f for f in collection["features"] if f["id"] == "chiang-mai")
    # Chiang Mai lies at 18.79° N, 98.99° E.
    assert chiang_mai["geometry"]["coordinates"] == [98.9853, 18.7883]


def test_a_feature_names_its_city_country_year_and_pages(client, records):
    collection = client.get("/api/v1/cities.geojson").json()
    properties = collection["features"][0]["properties"]
    assert properties == {
        "slug": "chiang-mai",
        "name_th": "เชียงใหม่",
        "name_en": "Chiang Mai",
        "country": {"code": "TH", "name_th": "ไทย", "name_en": "Thailand"},
        "joined_year": 2018,
        "url": "http://testserver/api/v1/cities/chiang-mai/",
        "pages": {
            "th": "http://testserver/th/cities/chiang-mai/",
            "en": "http://testserver/en/cities/chiang-mai/",
        },
    }


def test_the_geojson_takes_the_city_filters(client, records):
    collection = client.get("/api/v1/cities.geojson?country=VN").json()
    assert [f["id"] for f in collection["features"]] == ["da-nang"]
    assert client.get("/api/v1/cities.geojson?joined=x").status_code == 400


def test_every_reference_city_is_a_valid_feature(client, ascn_data):
    collection = client.get("/api/v1/cities.geojson").json()
    _check_rfc7946(collection)
    assert len(collection["features"]) >= 26
    phuket = next(f for f in collection["features"] if f["id"] == "phuket")
    longitude, latitude = phuket["geometry"]["coordinates"]
    assert 97 < longitude < 99 and 7 < latitude < 9  # the Andaman coast


def test_the_reference_cities_validate_as_an_rfc_7946_feature_collection(
    client, ascn_data
):
    """Checked by geojson-pydantic's models of RFC 7946, not by our own reading."""
    from geojson_pydantic import FeatureCollection
    from pydantic import ValidationError

    response = client.get("/api/v1/cities.geojson")
    collection = FeatureCollection.model_validate_json(response.content)
    assert len(collection.features) >= 26
    assert all(feature.geometry.type == "Point" for feature in collection.features)
    # The check is real: a position with one number fails.
    broken = json.loads(response.content)
    broken["features"][0]["geometry"]["coordinates"] = [98.39]
    with pytest.raises(ValidationError):
        FeatureCollection.model_validate(broken)
