"""Whole public pages cached for anonymous visitors, made stale by any change.

A cached page is filed under the content version (core/versioning.py), which
grows in the same transaction as every change of a record the public sees. One
indexed read of that row is all a cached page costs; the page itself comes from
the cache (Redis when shared, local memory otherwise).
"""

import hashlib
import re
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date

from core.versioning import Version, request_scope, request_version


@memoize
def _exempt(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and "preview" not in request.GET
        and not request.user.is_authenticated
        and not _exempt(tuple(settings.PAGE_CACHE_EXEMPT_PATHS)).match(
            request.path_info.lstrip("/")
        )
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        # A page that used the CSRF token holds one visitor's token.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _key(request: HttpRequest, version: Version) -> str:
    # Scheme, host, path and query string: the canonical and alternate links
    # on a page are absolute.
    address = request.build_absolute_uri().encode("utf-8", "surrogateescape")
    return f"page:{version.number}:{hashlib.sha256(address).hexdigest()}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            response = self.get_response(request)
            if request.user.is_authenticated:
                # A logged-in visitor may see drafts: keep shared caches out.
                patch_cache_control(response, private=True)
            return response
        try:
            version = request_version()
        except DatabaseError:
            # Without the database no page can be built or trusted; let the view
            # answer (the health check says 503, other pages fail as they would).
            return self.get_response(request)
        key = _key(request, version)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            # Browsers keep the page but ask again each time; ETag (from
            # ConditionalGetMiddleware) and Last-Modified turn that into a 304.
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
            patch_cache_control(response, public=True, no_cache=True)
            # Hashed once here, not on every hit by ConditionalGetMiddleware.
            set_response_etag(response)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response


def content_version(request: HttpRequest) -> dict:
    """Template context: the content version, for `{% cache %}` fragments; read
    only if a template uses it."""
    return {"content_version": SimpleLazyObject(lambda: request_version().number)}
