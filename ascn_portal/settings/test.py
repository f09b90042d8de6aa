"""Settings for the test suite: fast hashing, local-memory cache unless REDIS_URL,
e-mail kept in memory (django.core.mail.outbox).
The suite keeps uploaded files in a temporary folder (tests/conftest.py)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files come straight from static/ and the apps; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
BACKUP_KEY = "test-only-backup-key-of-at-least-32-characters"  # noqa: S105
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "http://testserver"
# Jobs run at once, in the test's own transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The invisible marks of Thai word boundaries (core/wordbreaks.py) stay out of
# the pages, so that tests read Thai text as it is written; the tests of the
# marks turn them on.
THAI_WORD_BREAKS = False
