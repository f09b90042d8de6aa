"""The production settings, served by the benchmark: its URL map adds a minimal view,
which the page cache leaves alone (PAGE_CACHE_EXEMPT_PATHS), and collected static
files go to var/bench/ so that the benchmark never touches the project's own
staticfiles/.

The environment gives what production needs (DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS,
DATABASE_URL, ASCN_PAGE_CACHE ...); bench/run.py sets it for each server.
"""

from ascn_portal.settings.prod import *  # noqa: F403
from ascn_portal.settings.prod import BASE_DIR, PAGE_CACHE_EXEMPT_PATHS

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"
# The baseline is measured as it is: no version read, no cache lookup.
PAGE_CACHE_EXEMPT_PATHS = [*PAGE_CACHE_EXEMPT_PATHS, r"^bench/"]
