"""The read-only JSON API at /api/v1/ (django-ninja): its OpenAPI 3.1 document,
its documentation page, and its errors as JSON with a message."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError

from .http import error_response
from .schemas import CITY_FEATURES
from .views import GEOJSON, ApiError, router

DESCRIPTION = """\
The published records of the ASEAN Smart Cities Network portal, read-only, in
Thai and English: every text comes in both languages (`name_th`, `name_en` ...).

- **Lists** have pages: `page` (from 1) and `page_size` (at most 100), with the
  total `count` and the absolute addresses of the `next` and `previous` pages.
  Their order is stable: ties are broken by slug (or code).
- **Order**: names sort in Thai dictionary order (เชียงใหม่ under ช) or in
  English alphabetical order, as `lang` (th or en) asks; without it, as the
  best language of `Accept-Language`; Thai by default.
- **Filters** are those of the portal's own lists; a value the list would not
  take is an error with a message per parameter: a 400 for a malformed value
  (a page size over 100, a word where a year goes), a 404 for a well-formed
  one that names nothing published (an unknown country code or slug). An
  unknown slug in the address is a 404. Errors are JSON: `{"detail": "..."}`.
- **Caching**: answers carry an `ETag` and `Last-Modified` that change when any
  published record does; send `If-None-Match` or `If-Modified-Since` to get a
  304 without the body.
- **CORS**: any origin may read (`Access-Control-Allow-Origin: *`), without
  credentials.
- **Rate limit**: a number of requests per client address and period; over it,
  429 with `Retry-After` (seconds).
- **GeoJSON**: `cities.geojson` is an RFC 7946 FeatureCollection of the pilot
  cities, longitude first.
"""

HEADERS = {
    "ETag": {
        "description": "Changes whenever a published record does.",
        "schema": {"type": "string"},
    },
    "Last-Modified": {
        "description": "When a published record last changed.",
        "schema": {"type": "string"},
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the client may ask again.",
        "schema": {"type": "string"},
    }
}


class PortalApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any):
        """Ninja's document, with what its decorators cannot say: the GeoJSON
        answer's media type, and the headers of the caching and the rate
        limit."""
        schema = super().get_openapi_schema(*args, **kwargs)
        geojson = reverse("api:cities-geojson")
        for address, operations in schema["paths"].items():
            for operation in operations.values():
                responses = operation["responses"]
                if address == geojson:
                    responses[200] = {
                        "description": (
                            "An RFC 7946 FeatureCollection, a Point [longitude, "
                            "latitude] per city."
                        ),
                        "content": {GEOJSON: {"schema": CITY_FEATURES}},
                    }
                responses[200]["headers"] = HEADERS
                responses[304] = {
                    "description": (
                        "Not modified since the ETag of If-None-Match or the "
                        "date of If-Modified-Since."
                    ),
                    "headers": HEADERS,
                }
                responses[429]["headers"] = RETRY_AFTER
                responses[429]["description"] = "Too many requests."
                responses[400]["description"] = "A parameter is not valid."
                responses[404]["description"] = (
                    "No published record has this slug or code, or one that a "
                    "filter names."
                )
        return schema


api = PortalApi(
    title="ASCN Portal open data API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
)
api.add_router("", router)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    extra = {"errors": exc.errors} if exc.errors else {}
    return error_response(exc.status, exc.detail, **extra)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja answers 422 to parameters that do not match their schema; the API
    answers 400, as to a filter its list refuses."""
    errors = [
        {
            "parameter": str(error["loc"][-1]) if error.get("loc") else "",
            "message": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    return error_response(400, gettext("The parameters are not valid."), errors=errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, gettext("No published record has this address."))


def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation (Swagger UI), served with its scripts and styles
    from the portal itself: no CDN, no inline script or style."""
    return render(
        request,
        "opendata/api_docs.html",
        {
            "openapi_url": reverse("api:openapi-json"),
        },
    )


def urls() -> tuple[list, str, str]:
    """The API's URL patterns under the namespace `api`, with the docs page."""
    patterns, app_name, namespace = api.urls
    return (
        [*patterns, path("docs/", docs, name="docs")],
        app_name,
        namespace,
    )
