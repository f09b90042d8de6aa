"""The catalogues of the portal's data for other systems."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from .dcat import serialised


def _catalogue(request: HttpRequest, format: str, content_type: str) -> HttpResponse:
    response = HttpResponse(
        serialised(format, request.build_absolute_uri),
        content_type=content_type,
    )
    # Read by other portals' harvesters and by scripts in any browser page: the
    # catalogue is public and is sent without cookies.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def catalog_ttl(request: HttpRequest) -> HttpResponse:
    """The DCAT catalogue in Turtle."""
    return _catalogue(request, "turtle", "text/turtle; charset=utf-8")


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    """The DCAT catalogue in JSON-LD."""
    return _catalogue(request, "json-ld", "application/ld+json")
