"""Search engines keep the admin out of their results.

The admin's address can be made secret (DJANGO_ADMIN_URL), so robots.txt must not
name it; every admin response says `X-Robots-Tag: noindex, nofollow` instead.
"""

from django.http import HttpRequest, HttpResponse


class AdminNoIndexMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces:
            response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
