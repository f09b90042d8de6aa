"""The portal's URL map and one minimal Django view, the benchmark's baseline: the
fastest response a request can get through the middleware, without a template or a
query. The page cache leaves it alone (PAGE_CACHE_EXEMPT_PATHS in bench/settings.py):
with the cache on, it would be a cached page itself, and no longer the baseline."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ascn_portal.urls import (  # noqa: F401 - the portal's error pages
    handler400,
    handler403,
    handler500,
)
from ascn_portal.urls import urlpatterns as portal_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench-minimal"),
    *portal_urlpatterns,
]
