"""Whole public pages cached for anonymous visitors, made stale by any change.

Each public address has one entry in the cache: the page and the content version
(core/versioning.py) it was built at. The version grows in the same transaction
as every change of a record the public sees, so one indexed read of that row
tells whether the entry is current; the page itself comes from the cache (Redis
when shared, local memory otherwise).

When the database cannot be asked, the entry is served as it is: a page whose
freshness cannot be checked is better than none. The entry is kept for
`PAGE_CACHE_STALE_SECONDS`, however many changes come after it.

A page is filed under the query parameters it reads (a filter, a page number),
not under the whole query string: `?utm_source=...` neither skips the cache nor
adds an entry, and the view never sees parameters it does not read.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from functools import cache as memoize
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date

from core.versioning import request_scope, request_version

# After the database failed to answer, how long requests that can be served from
# the cache do not ask it again: during an outage each would wait for its
# timeouts first.
DATABASE_BACK_OFF_SECONDS = 2.0
_database_down_until = 0.0


def reads_query(*names: str) -> Callable:
    """Declare the query parameters a function view reads (class-based views
    set `query_parameters`)."""

    def declare(view: Callable) -> Callable:
        view.query_parameters = frozenset(names)  # type: ignore[attr-defined]
        return view

    return declare


def query_parameters(view: Callable) -> frozenset[str]:
    """The parameters a view reads: declared, or those of its filter and its
    pages."""
    owner: Any = getattr(view, "view_class", None) or view
    declared = getattr(owner, "query_parameters", None)
    if declared is not None:
        return frozenset(declared)
    names: set[str] = set()
    filterset_class = getattr(owner, "filterset_class", None)
    if filterset_class is not None:
        names.update(filterset_class.base_filters)
    if getattr(owner, "paginate_by", None):
        names.add(getattr(owner, "page_kwarg", "page"))
    return frozenset(names)


@memoize
def _exempt(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


def _anonymous(request: HttpRequest) -> bool:
    try:
        return not request.user.is_authenticated
    except DatabaseError:
        # A session cookie that cannot be looked up while the database is away:
        # the public pages are the same for everyone, serve them.
        return True


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and "preview" not in request.GET
        and not _exempt(tuple(settings.PAGE_CACHE_EXEMPT_PATHS)).match(
            request.path_info.lstrip("/")
        )
        and _anonymous(request)
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


def _only(query: QueryDict, names: Iterable[str]) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in sorted(set(query) & set(names)):
        kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


def _key(request: HttpRequest) -> str:
    # Scheme, host and path (the canonical and alternate links on a page are
    # absolute) and the parameters the page reads, in one order.
    address = request.build_absolute_uri(request.path).encode(
        "utf-8", "surrogateescape"
    )
    query = request.GET.urlencode().encode("utf-8", "surrogateescape")
    return f"page:{hashlib.sha256(address + b'?' + query).hexdigest()}"


def _database_answers() -> bool:
    return time.monotonic() >= _database_down_until


def _database_failed() -> None:
    global _database_down_until
    _database_down_until = time.monotonic() + DATABASE_BACK_OFF_SECONDS


def _database_answered() -> None:
    global _database_down_until
    _database_down_until = 0.0


def _stale(entry: tuple[int, HttpResponse]) -> HttpResponse:
    response = entry[1]
    # The version could not be checked: tell caches along the way not to keep it.
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _exempt(tuple(settings.PAGE_CACHE_BYPASS_PATHS)).match(
            request.path_info.lstrip("/")
        ):
            return self.get_response(request)
        with request_scope():
            return self._respond(request)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            response = self.get_response(request)
            if not _anonymous(request):
                # A logged-in visitor may see drafts: keep shared caches out.
                patch_cache_control(response, private=True)
            return response
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return self.get_response(request)
        request.GET = _only(request.GET, query_parameters(view))  # type: ignore[assignment]
        request.META["QUERY_STRING"] = request.GET.urlencode()
        key = _key(request)
        entry = cache.get(key)
        if entry is not None and not _database_answers():
            # The database failed a moment ago: serve the copy without asking.
            return _stale(entry)
        try:
            version = request_version()
        except DatabaseError:
            _database_failed()
            if entry is not None:
                return _stale(entry)
            # No copy to serve: the view answers, or the outage page does.
            return self.get_response(request)
        _database_answered()
        if entry is not None and entry[0] == version.number:
            return entry[1]
        response = self.get_response(request)
        if response.status_code == 503 and entry is not None:
            # The database went away while the page was built.
            _database_failed()
            return _stale(entry)
        if _cacheable_response(request, response):
            # Browsers keep the page but ask again each time; ETag (from
            # ConditionalGetMiddleware) and Last-Modified turn that into a 304.
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
            patch_cache_control(response, public=True, no_cache=True)
            # Hashed once here, not on every hit by ConditionalGetMiddleware.
            set_response_etag(response)
            cache.set(
                key, (version.number, response), settings.PAGE_CACHE_STALE_SECONDS
            )
        return response


def content_version(request: HttpRequest) -> dict:
    """Template context: the content version, for `{% cache %}` fragments; read
    only if a template uses it."""
    return {"content_version": SimpleLazyObject(lambda: request_version().number)}
