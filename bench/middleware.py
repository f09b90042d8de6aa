"""The portal's page cache as the benchmark serves it: every page goes through it as
in production, but the benchmark's own minimal view (under /bench/) never does, so
that it is measured as it really is, the same with the page cache on or off."""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from core.pagecache import AnonymousPageCacheMiddleware

OUTSIDE_THE_CACHE = "/bench/"


class PageCacheMiddleware(AnonymousPageCacheMiddleware):
    def _respond(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(OUTSIDE_THE_CACHE):
            return super()._respond(request)
        # What core/pagecache.py does with a request it does not cache (as with
        # the page cache off): no version read, no lookup, nothing stored.
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
