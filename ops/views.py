"""The health check that load balancers and monitoring ask, and the page people
get while a service the portal needs is away."""

import logging
import sys
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Errors that say a service is away (the database refuses, times out or dropped
# the connection), not that the request or the code is wrong.
SERVICE_AWAY = (OperationalError, InterfaceError)


def _in_admin(request: HttpRequest) -> bool:
    """An address of the admin, below /th/ or /en/."""
    parts = request.path_info.lstrip("/").split("/", 1)
    return len(parts) == 2 and (parts[1] + "/").startswith(settings.ADMIN_URL)


def _error_page(
    request: HttpRequest, status: int, public_template: str, admin_template: str
) -> HttpResponse:
    """The public page of an error, or the admin's, in the admin's design, for
    a logged-in member of staff in the admin."""
    user = getattr(request, "user", None)
    if _in_admin(request) and user is not None and user.is_active and user.is_staff:
        from django.contrib import admin

        context = {**admin.site.each_context(request), "back": _back(request)}
        return render(request, admin_template, context, status=status)
    return render(request, public_template, status=status)


def _back(request: HttpRequest) -> str:
    """Where "back" leads: the page the visitor came from, if it is this site's."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: not allowed, with a way back."""
    return _error_page(request, 403, "403.html", "admin/403.html")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a request the portal cannot take, with a way back."""
    return _error_page(request, 400, "400.html", "admin/400.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler of an uncaught error (`handler500`): a 503 page in the
    visitor's language with Retry-After when the database is away, the 500 page
    otherwise."""
    error = sys.exc_info()[1]
    if not isinstance(error, SERVICE_AWAY):
        return defaults.server_error(request)
    return service_unavailable(request)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    # The page asks nothing of the database: no user, no records.
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring. 200 "ok": the database and the cache
    answer; 200 "degraded": the cache does not, pages are served without it;
    503 "down": the database does not answer, so this host cannot serve pages
    that are not in the cache. Details stay in the log."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    if not checks["database"]:
        status, code = "down", 503
    elif not checks["cache"]:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    answer: dict = {
        "status": status,
        "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
    }
    late = _scheduled_overdue() if checks["database"] else None
    if late is not None:
        # The pages are served, but scheduled publishing is not running.
        answer["checks"]["scheduler"] = "overdue" if late else "ok"
        if late:
            answer["scheduled_overdue"] = late
            if status == "ok":
                answer["status"] = "degraded"
    return JsonResponse(answer, status=code)


def _scheduled_overdue() -> int | None:
    """Scheduled publications more than ten minutes late (core/scheduling.py)."""
    from core.scheduling import overdue

    try:
        return overdue()
    except SERVICE_AWAY as error:
        logger.warning("Health check: scheduled records not counted (%s)", error)
        return None


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except SERVICE_AWAY as error:
        logger.warning("Health check: the database does not answer (%s)", error)
        return False
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def _cache_answers() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False
    if not answered:
        logger.error("Health check: the cache did not keep a value")
    return answered
