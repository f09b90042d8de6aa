"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE to settings.prod."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings.prod")

application = get_wsgi_application()
