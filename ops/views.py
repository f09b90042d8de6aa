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
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Errors that say a service is away (the database refuses, times out or dropped
# the connection), not that the request or the code is wrong.
SERVICE_AWAY = (OperationalError, InterfaceError)


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
    return JsonResponse(
        {
            "status": status,
            "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
        },
        status=code,
    )


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
