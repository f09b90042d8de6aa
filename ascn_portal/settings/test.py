"""Settings for the test suite: fast hashing, local-memory cache unless REDIS_URL."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Static files come straight from static/ and the apps; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
