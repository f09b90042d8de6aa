"""The production settings, served by the benchmark: its URL map adds a minimal view,
which the page cache leaves alone (bench/middleware.py), and collected static files
go to var/bench/ so that the benchmark never touches the project's own staticfiles/.

The environment gives what production needs (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, ASCN_PAGE_CACHE ...); bench/run.py sets it for each server.
"""

from django.core.exceptions import ImproperlyConfigured

from ascn_portal.settings.prod import *  # noqa: F403
from ascn_portal.settings.prod import BASE_DIR, MIDDLEWARE

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"

PAGE_CACHE_MIDDLEWARE = "core.pagecache.AnonymousPageCacheMiddleware"
if PAGE_CACHE_MIDDLEWARE not in MIDDLEWARE:
    raise ImproperlyConfigured(f"{PAGE_CACHE_MIDDLEWARE} is not in MIDDLEWARE")
# In the same place: every other middleware sees the minimal view as it sees a page.
MIDDLEWARE = [
    "bench.middleware.PageCacheMiddleware" if name == PAGE_CACHE_MIDDLEWARE else name
    for name in MIDDLEWARE
]
