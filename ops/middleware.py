"""Requests refused before their body is read."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def size_text(size: int) -> str:
    """256 KB, 9 MB: whole or with one decimal, in the units people read."""
    if size >= 1024 * 1024:
        return f"{round(size / 2**20, 1):g} MB"
    return f"{round(size / 1024, 1):g} KB"


class RequestSizeLimitMiddleware:
    """A request whose body is larger than its sender may send is answered 413
    before Django reads it: nothing is spooled to disk, no form is parsed.

    Staff may send the admin's largest upload (an image or a CSV file) with its
    form; everyone else only small forms (signing in, choosing a language).
    Placed after AuthenticationMiddleware and before anything reads the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            limit = self._limit(request)
            if length > limit:
                response = render(
                    request,
                    "413.html",
                    {"limit": size_text(limit)},
                    status=413,
                )
                response["Cache-Control"] = "no-store"
                return response
        return self.get_response(request)

    @staticmethod
    def _limit(request: HttpRequest) -> int:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return settings.STAFF_REQUEST_MAX_BYTES
        return settings.PUBLIC_REQUEST_MAX_BYTES
