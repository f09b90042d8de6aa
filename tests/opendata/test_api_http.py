"""The JSON API as a public API: caching with ETag and 304, CORS for any
origin without cookies, the rate limit, the OpenAPI document and the docs page."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders

from core.versioning import bump_version
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_an_unchanged_list_is_a_304_to_its_etag_or_date(client, records):
    first = client.get("/api/v1/cities/")
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    again = client.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    by_date = client.get("/api/v1/cities/", HTTP_IF_MODIFIED_SINCE=modified)
    assert by_date.status_code == 304


def test_a_change_to_any_record_gives_a_new_etag_and_body(client, records):
    first = client.get("/api/v1/cities/")
    CityFactory(slug="new-city", name_en="New City")
    after = client.get("/api/v1/cities/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert "new-city" in after.content.decode()


def test_the_etag_differs_with_the_parameters_and_language(client, records):
    tags = {
        client.get(address, **headers)["ETag"]
        for address, headers in [
            ("/api/v1/cities/", {}),
            ("/api/v1/cities/?lang=en", {}),
            ("/api/v1/cities/", {"HTTP_ACCEPT_LANGUAGE": "en"}),
            ("/api/v1/cities/?country=TH", {}),
        ]
    }
    assert len(tags) == 4


def test_a_kept_answer_is_served_with_one_query(
    client, records, django_assert_max_num_queries
):
    first = client.get("/api/v1/projects/")
    with django_assert_max_num_queries(1):  # the content version
        again = client.get("/api/v1/projects/?utm_source=newsletter")
    assert again.content == first.content
    bump_version()
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/projects/").status_code == 200


def test_cors_lets_any_origin_read_without_credentials(client, records):
    response = client.get("/api/v1/cities/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    error = client.get("/api/v1/cities/nope/", HTTP_ORIGIN="https://example.org")
    assert error["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_is_answered_for_reading(client, records):
    response = client.options(
        "/api/v1/projects/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_answers_set_no_cookie_and_do_not_vary_by_cookie(client, records):
    client.cookies["django_language"] = "en"
    client.cookies["sessionid"] = "whatever"
    for address in ["/api/v1/cities/", "/api/v1/cities/nope/", "/api/v1/docs/"]:
        response = client.get(address)
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
    # The language cookie does not choose the order: Thai by default.
    assert client.get("/api/v1/cities/").json()["results"][0]["slug"] == ("chiang-mai")


def test_a_logged_in_visitor_gets_the_same_public_answer(client, records, member):
    anonymous = client.get("/api/v1/cities/")
    member("Editor")
    logged_in = client.get("/api/v1/cities/")
    assert logged_in.content == anonymous.content
    assert "private" not in logged_in.get("Cache-Control", "")


def test_head_gives_the_headers_without_the_body(client, records):
    response = client.head("/api/v1/cities/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


@pytest.fixture
def tiny_limit(settings):
    settings.API_RATE_LIMIT = "2/minute"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def test_over_the_rate_limit_is_a_429_with_retry_after(client, records, tiny_limit):
    assert client.get("/api/v1/cities/").status_code == 200
    assert client.get("/api/v1/countries/").status_code == 200
    response = client.get("/api/v1/cities/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"]
    assert response["Access-Control-Allow-Origin"] == "*"
    # Another address has its own count.
    other = client.get("/api/v1/cities/", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_limit(client, records, tiny_limit):
    for number in range(2):
        client.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = client.get("/api/v1/cities/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_the_rate_limit_leaves_the_pages_alone(client, records, tiny_limit):
    for _ in range(3):
        assert client.get("/en/cities/").status_code == 200


def test_the_openapi_document_is_3_1_and_describes_every_operation(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    operations = {
        (path, method): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert {path for path, _method in operations} == {
        "/api/v1/cities/",
        "/api/v1/cities/{slug}/",
        "/api/v1/cities.geojson",
        "/api/v1/countries/",
        "/api/v1/countries/{code}/",
        "/api/v1/focus-areas/",
        "/api/v1/focus-areas/{slug}/",
        "/api/v1/partners/",
        "/api/v1/partners/{slug}/",
        "/api/v1/partnerships/",
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/",
    }
    for operation in operations.values():
        assert {"200", "304", "400", "404", "429"} <= set(operation["responses"])
        assert "Retry-After" in operation["responses"]["429"]["headers"]
        assert "ETag" in operation["responses"]["200"]["headers"]
    project_list = operations[("/api/v1/projects/", "get")]
    assert {p["name"] for p in project_list["parameters"]} == {
        "lang",
        "page",
        "page_size",
        "q",
        "stage",
        "city",
        "partner",
        "focus_area",
        "bankable",
        "scope",
    }
    geojson = operations[("/api/v1/cities.geojson", "get")]
    assert list(geojson["responses"]["200"]["content"]) == ["application/geo+json"]


def test_the_docs_page_loads_everything_from_the_portal(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    # No inline script or style, nothing from another host.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assets = re.findall(r"""(?:src|href)=["']/static/([^"']+)["']""", html)
    assert {"ninja/swagger-ui-bundle.js", "opendata/api-docs.js"} <= set(assets)
    for asset in assets:
        assert finders.find(asset), asset
    init = Path(finders.find("opendata/api-docs.js")).read_text()
    assert "/api/v1/openapi.json" in html
    assert "validatorUrl: null" in init


def test_the_bundled_swagger_ui_names_no_cdn():
    bundle = Path(finders.find("ninja/swagger-ui-bundle.js")).read_text()
    assert "cdn.jsdelivr.net" not in bundle
    assert "unpkg.com" not in bundle
    assert "ninja" in django_settings.INSTALLED_APPS


class CacheAway:
    """What the Redis cache behind its circuit breaker answers while Redis is
    away (ops/cache.py)."""

    def get(self, key, default=None):
        return default

    def set(self, *args, **kwargs):
        return False

    def add(self, *args, **kwargs):
        return False

    def incr(self, *args, **kwargs):
        return None


def test_while_the_cache_is_away_the_api_answers_without_counting(
    client, records, tiny_limit, monkeypatch
):
    monkeypatch.setattr("opendata.api.http.cache", CacheAway())
    for _ in range(3):
        assert client.get("/api/v1/cities/").status_code == 200


def test_a_kept_answer_has_the_length_and_the_docs_page_its_frame_header(
    client, records
):
    first = client.get("/api/v1/cities/")
    kept = client.get("/api/v1/cities/")
    assert kept.content == first.content
    assert kept["Content-Length"] == str(len(first.content))
    for _ in range(2):
        assert client.get("/api/v1/docs/")["X-Frame-Options"] == "DENY"
