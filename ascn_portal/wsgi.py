"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE to settings.prod."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings.prod")

application = get_wsgi_application()

# The Thai dictionary of the word segmenter is loaded as each worker starts, not
# by its first visitor of a Thai page.
from core.wordbreaks import warm_up  # noqa: E402

warm_up()
