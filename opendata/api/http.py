"""How the JSON API behaves as a public API, whatever the operation: the language
of its answers, CORS for any origin, a rate limit per client, ETag and
Last-Modified from the content version with 304 answers, answers kept in the
cache under that version, and errors as JSON.

CORS is a few lines here rather than django-cors-headers: the policy is one
constant (any origin, no credentials, read-only methods) on one prefix, with
no list of origins to keep.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext
from django.utils.translation.trans_real import parse_accept_lang_header

from core.versioning import request_scope, request_version

API_PREFIX = "/api/"
LANGUAGES = ("th", "en")
# Every query parameter an operation reads: an answer is kept under these alone,
# so that `?utm_source=...` neither misses the cache nor adds to it.
PARAMETERS = frozenset(
    {
        "lang",
        "page",
        "page_size",
        "q",
        "country",
        "focus_area",
        "joined",
        "sort",
        "stage",
        "city",
        "partner",
        "bankable",
        "scope",
        "kind",
    }
)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Retry-After, Content-Language"
PREFLIGHT_MAX_AGE = 86400
JSON = "application/json"


def api_language(request: HttpRequest) -> str:
    """The language of the answer's order and messages: `lang` when it names
    one of the portal's languages, else the best of Accept-Language, else Thai.
    Never the language cookie: the answer depends on the request alone."""
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    for code, _quality in parse_accept_lang_header(
        request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    ):
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return settings.LANGUAGE_CODE


# Rate limit


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/minute" as (120 requests, 60 seconds)."""
    periods = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(second|minute|hour|day)s?\s*", rate or "")
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"API_RATE_LIMIT must read like 120/minute, not {rate!r}."
        )
    return int(match[1]), periods[match[2]]


def client_address(request: HttpRequest) -> str:
    """The client's address as the admin login's lock-out reads it (django-axes
    with TRUSTED_PROXY_COUNT): REMOTE_ADDR, or what the portal's own proxies
    name, never an X-Forwarded-For that anyone could write."""
    return get_client_ip_address(request) or "unknown"


def seconds_to_wait(request: HttpRequest) -> int | None:
    """None while the client is within the limit, else the seconds until its
    window ends. A fixed window counted in the shared cache: `add` and `incr`
    are atomic in Redis, so every worker and host counts together."""
    if not settings.API_RATE_LIMIT:
        return None
    allowed, period = parse_rate(settings.API_RATE_LIMIT)
    now = time.time()
    window = int(now // period)
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"api-rate:{period}:{window}:{digest}"
    cache.add(key, 0, period + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, period + 1)
        used = 1
    # None: the shared cache is away (ops/cache.py) and nothing is counted; the
    # API answers rather than refusing everyone.
    if used is None or used <= allowed:
        return None
    return max(1, int((window + 1) * period - now + 0.999))


# Answers


def json_text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_response(
    data: object = None, status: int = 200, *, raw: str | None = None, **kwargs
) -> HttpResponse:
    """`data` as JSON, or `raw`, JSON text already made."""
    return HttpResponse(
        json_text(data) if raw is None else raw,
        status=status,
        content_type=kwargs.pop("content_type", f"{JSON}; charset=utf-8"),
        **kwargs,
    )


def error_response(status: int, detail: str, **extra) -> HttpResponse:
    return json_response({"detail": detail, **extra}, status=status)


def _status_message(status: int) -> str:
    messages = {
        400: gettext("The request is not valid."),
        403: gettext("This request is not allowed."),
        404: gettext("Nothing was found at this address."),
        405: gettext("This method is not allowed here; the API only reads."),
        413: gettext("The request is too large."),
        503: gettext("The service is not available at the moment; try again soon."),
    }
    return messages.get(
        status, gettext("The request could not be answered; try again later.")
    )


def _is_json(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


def _cache_key(request: HttpRequest, language: str) -> str:
    address = request.build_absolute_uri(request.path)
    query = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in PARAMETERS
        for value in values
    )
    digest = hashlib.sha256(
        repr((address, query, language)).encode("utf-8", "surrogateescape")
    ).hexdigest()
    return digest[:40]


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


class PublicApiMiddleware:
    """Everything under /api/. Placed above the sessions, the CSRF token and the
    anonymous page cache, none of which the API needs: its answers set no
    cookie and are the same for every client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = api_language(request)
        with translation.override(language), request_scope():
            response = self._respond(request, language)
            if response.status_code >= 400 and not _is_json(response):
                response = self._as_json(response)
        patch_vary_headers(response, ("Accept-Language",))
        response["Content-Language"] = language
        return _cors(response)

    def _as_json(self, response: HttpResponseBase) -> HttpResponse:
        """Django's own error pages (an unknown address, a method the
        operation has not) as JSON with a message."""
        replaced = error_response(
            response.status_code, _status_message(response.status_code)
        )
        for header in ("Allow", "Retry-After"):
            if header in response:
                replaced[header] = response[header]
        return replaced

    def _respond(self, request: HttpRequest, language: str) -> HttpResponseBase:
        if request.method == "OPTIONS":
            # A CORS preflight, or a client asking what it may do.
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            return response
        wait = seconds_to_wait(request)
        if wait is not None:
            response = error_response(
                429,
                gettext(
                    "Too many requests from this address; try again in "
                    "%(seconds)s seconds."
                )
                % {"seconds": wait},
            )
            response["Retry-After"] = str(wait)
            return response
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            answer = self._read(request, language)
        finally:
            if head:
                request.method = "HEAD"
        if head and isinstance(answer, HttpResponse):
            length = len(answer.content)
            answer.content = b""
            answer["Content-Length"] = str(length)
        return answer

    def _read(self, request: HttpRequest, language: str) -> HttpResponseBase:
        if request.method != "GET":
            return self.get_response(request)
        try:
            version = request_version()
        except DatabaseError:
            return self.get_response(request)  # the outage answer
        key = _cache_key(request, language)
        etag = quote_etag(f"{version.number}-{key[:20]}")
        last_modified = version.changed_at.timestamp()
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified)
        )
        if not_modified is not None and not_modified.status_code == 304:
            return self._stamp(not_modified, etag, last_modified)
        cache_key = f"api:{version.number}:{key}"
        kept = cache.get(cache_key) if settings.API_CACHE_ENABLED else None
        if kept is not None:
            status, content_type, body = kept
            kept_response = HttpResponse(body, status=status, content_type=content_type)
            # The middleware below, which would count it, is not reached.
            kept_response["Content-Length"] = str(len(body))
            return self._stamp(kept_response, etag, last_modified)
        answer = self.get_response(request)
        if answer.status_code != 200 or answer.streaming:
            return answer
        self._stamp(answer, etag, last_modified)
        # Only the data: the docs page (HTML) takes its headers from the
        # middleware below, such as X-Frame-Options, on each request.
        if (
            settings.API_CACHE_ENABLED
            and isinstance(answer, HttpResponse)
            and _is_json(answer)
        ):
            cache.set(
                cache_key,
                (200, answer["Content-Type"], answer.content),
                settings.PAGE_CACHE_SECONDS,
            )
        return answer

    def _stamp(
        self, response: HttpResponseBase, etag: str, last_modified: float
    ) -> HttpResponseBase:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # Kept by any cache, asked again each time: a 304 costs one indexed read.
        response["Cache-Control"] = "public, no-cache"
        return response
