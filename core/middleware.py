"""Thai text in the public pages carries the places where its lines may break
(core/wordbreaks.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from core import wordbreaks


class ThaiWordBreaksMiddleware:
    """Adds the hints as a page is sent, before the page cache keeps it (so it
    sits below that cache in MIDDLEWARE): a cached page carries its hints and
    costs no Thai work. On the Thai pages only (English ones break at their
    spaces), and not on the admin's, where staff type and copy text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.THAI_WORD_BREAKS and _hinted(request, response):
            content = response.content.decode(response.charset)
            response.content = wordbreaks.hint_html(content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


def _hinted(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        (get_language() or "").startswith("th")
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Encoding")
        and (match is None or "admin" not in match.namespaces)
    )
