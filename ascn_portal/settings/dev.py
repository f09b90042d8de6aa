"""Development settings: the default of manage.py, for `make run` on one machine."""

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", default=True)
# A fixed key is fine here: these settings never serve the public.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"  # noqa: F405
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# runserver speaks plain HTTP.
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES

# E-mail is printed in runserver's console, never sent.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Django's own debug pages carry inline styles and scripts: in development the
# policy only reports (in the browser's console), so they stay readable. The test
# and production settings enforce it.
CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
CONTENT_SECURITY_POLICY = None
# For backups on a development machine only; production sets ASCN_BACKUP_KEY.
BACKUP_KEY = BACKUP_KEY or "dev-only-backup-key-never-use-in-production"  # noqa: F405, S105
