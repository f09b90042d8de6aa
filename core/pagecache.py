"""Whole public pages cached for anonymous visitors, made stale by any change.

A cached page is filed under the number of `ContentVersion`, which grows in the
same transaction as every save or delete of a record of the portal's apps (and
after a bulk load). One indexed read of that row is all a cached page costs; the
page itself comes from the cache (Redis when shared, local memory otherwise).
"""

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

# The apps whose records appear on public pages.
CONTENT_APPS = ("core", "cities", "partners", "projects")
VERSION_ID = 1


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime


def current_version() -> Version:
    from core.models import ContentVersion

    row = ContentVersion.objects.filter(pk=VERSION_ID).values_list(
        "number", "changed_at"
    )
    found = list(row)
    if found:
        return Version(*found[0])
    version, _created = ContentVersion.objects.get_or_create(pk=VERSION_ID)
    return Version(version.number, version.changed_at)


# The version read once per request, for the page cache and the fragments of a
# page that are cached on their own (core/fragments.py). Set only while the
# middleware handles a request: outside one (a command, a shell) every call reads
# the row afresh, since another process may have changed it meanwhile.
_request_version: ContextVar[Version | None] = ContextVar("request_version")
_OUTSIDE_A_REQUEST = object()


def request_version() -> Version:
    """The content version, read at most once per request."""
    version = _request_version.get(_OUTSIDE_A_REQUEST)
    if version is _OUTSIDE_A_REQUEST:
        return current_version()
    if version is None:
        version = current_version()
        _request_version.set(version)
    return version


def bump_version() -> None:
    """Make every cached page stale: call it after writes that send no signals
    (bulk_create, QuerySet.update)."""
    from core.models import ContentVersion

    if _request_version.get(_OUTSIDE_A_REQUEST) is not _OUTSIDE_A_REQUEST:
        _request_version.set(None)  # read again after this change
    updated = ContentVersion.objects.filter(pk=VERSION_ID).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=VERSION_ID)


def advance_version_past(number: int) -> None:
    """After a restore: a number no page was cached under, neither before the
    restore (up to `number`) nor at the backup's own version."""
    from core.models import ContentVersion

    restored = ContentVersion.objects.filter(pk=VERSION_ID).first()
    highest = max(number, restored.number if restored else 0)
    ContentVersion.objects.update_or_create(
        pk=VERSION_ID,
        defaults={"number": highest + 1, "changed_at": timezone.now()},
    )


def _record_changed(sender, **kwargs) -> None:
    # In the writer's own transaction: the new version becomes visible together
    # with the change, never before it.
    if sender._meta.app_label in CONTENT_APPS:
        bump_version()


def connect_signals() -> None:
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        # The version row itself, and history rows, which are written with the
        # records they copy.
        if model._meta.model_name == "contentversion" or (
            model._meta.model_name.startswith("historical")
        ):
            continue
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_record_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_changed, sender=model, dispatch_uid=uid)
    # Many-to-many changes (a project's cities or focus areas).
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache:m2m")


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _record_changed(type(instance))


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and "preview" not in request.GET
        and not request.user.is_authenticated
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
        token = _request_version.set(None)
        try:
            return self._respond(request)
        finally:
            _request_version.reset(token)

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
