"""Settings shared by every environment.

Every secret and host-specific value comes from the environment; see README.md.
"""

import os
from pathlib import Path
from typing import Any, Literal

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its admin classes apply.
    "modeltranslation",
    # Django (the admin with the portal's own admin site)
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Third party
    "users.apps.LoginAttemptsConfig",  # django-axes
    "csp",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # The JSON API; listed so that its Swagger UI files are served from static/.
    "ninja",
    # Local: the staff, the shared kernel, the three record apps, the public
    # site that composes them, the open data built on them, and the operations
    # tools.
    "users",
    "core",
    "cities",
    "partners",
    "projects",
    "portal",
    "opendata",
    "ops",
]

MIDDLEWARE = [
    # The security headers come first, so that static files served by WhiteNoise
    # below carry them too.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # X-Robots-Tag: noindex on every admin response, the login and lock-out too.
    "portal.middleware.AdminNoIndexMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page and 304 answers to If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The JSON API under /api/: CORS, the rate limit, ETag and 304 answers from
    # the content version, answers kept in the cache, errors as JSON. Below the
    # language middleware, so that the API's own choice (`lang`, Accept-Language,
    # never the cookie) holds; above the CSRF token and the page cache, which
    # the API does without.
    "opendata.api.http.PublicApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses a body larger than its sender may send before anything reads it.
    "ops.middleware.RequestSizeLimitMiddleware",
    # Needs to know whether the visitor is logged in; serves whole public pages
    # to anonymous visitors from the cache.
    "portal.pagecache.AnonymousPageCacheMiddleware",
    # Below the page cache: the pages it keeps already carry the hints.
    "core.middleware.ThaiWordBreaksMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its user name or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "ascn_portal.urls"
WSGI_APPLICATION = "ascn_portal.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.pagecache.content_version",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise
# (postgres://user@host:5432/name uses PostgreSQL through psycopg 3).
VAR_DIR = BASE_DIR / "var"
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Persistent connections: a worker keeps its connection between requests.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker writes a large import in one transaction while the server reads
    # (its progress page among others): with a write-ahead log readers never wait
    # for a writer, and a transaction that will write takes the lock as it begins,
    # waiting up to 20 s for another writer instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;",
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Limits on waiting for PostgreSQL, so that a request fails fast into the
    # 503 page instead of holding a worker while the database is away or hung:
    # a new connection (libpq's minimum is 2 s), and, where the environment sets
    # ASCN_DB_STATEMENT_TIMEOUT (gunicorn.conf.py does for the web server;
    # management commands run as long as they need), each statement and each
    # wait for an answer (ops/db).
    DATABASES["default"]["ENGINE"] = "ops.db"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault(
        "connect_timeout", int(os.environ.get("ASCN_DB_CONNECT_TIMEOUT", "2"))
    )
    _statement_timeout = float(os.environ.get("ASCN_DB_STATEMENT_TIMEOUT", "0"))
    if _statement_timeout > 0:
        _options["options"] = (
            f"-c statement_timeout={int(_statement_timeout * 1000)}"
            f" -c lock_timeout={int(_statement_timeout * 1000)}"
        )
        # The server ends a slow statement itself; this ends the wait when the
        # server does not answer at all.
        _options["answer_timeout"] = _statement_timeout + 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every worker and host),
# local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis behind a circuit breaker (ops/cache.py): a cache that
            # does not answer makes pages slower, never broken or stuck.
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ascn",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": float(
                    os.environ.get("ASCN_REDIS_CONNECT_TIMEOUT", "0.2")
                ),
                "SOCKET_TIMEOUT": float(os.environ.get("ASCN_REDIS_TIMEOUT", "0.2")),
                # Seconds this process leaves Redis alone after a call failed.
                "BACK_OFF": float(os.environ.get("ASCN_REDIS_BACK_OFF", "2")),
                # One retry (a pooled connection that Redis closed on a restart),
                # not redis-py's three, each waiting for the timeout.
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 1)},
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ascn",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Staff: Django's user with a display name and a preferred admin language.
AUTH_USER_MODEL = "users.User"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Thai first and the default; English second.
LANGUAGE_CODE = "th"
LANGUAGES = [
    ("th", _("Thai")),
    ("en", _("English")),
]
# locale/ holds the portal's own strings; locale/django/ fills the gaps in Django's
# own Thai catalogues (admin messages, date picker, validation errors).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"

# django-modeltranslation: Thai is the default language; an empty translation
# falls back to the other language, so a record never shows a blank name.
MODELTRANSLATION_DEFAULT_LANGUAGE = "th"
MODELTRANSLATION_LANGUAGES = ("th", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("th", "en")}
# The tabbed admin needs jQuery UI; it is served from static/, never from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# WhiteNoise gives the hashed names of the production storage (prod.py) a
# far-future, immutable Cache-Control header, and other files a short one.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Let the application serve the uploaded images itself (`make serve` on one
# machine). Off by default: a proxy or shared storage serves them faster.
SERVE_MEDIA = env_bool("ASCN_SERVE_MEDIA", default=False)

# Largest upload kept in memory before it is written to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"outage": {"()": "ops.logging.OutageTracebacks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["outage"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Where the admin lives below /th/ and /en/; change it to keep it off the usual path.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# The licence under which the portal publishes its data (CSV exports and pages).
DATA_LICENCE_NAME = os.environ.get(
    "ASCN_DATA_LICENCE_NAME", "Creative Commons Attribution 4.0 (CC BY 4.0)"
)
DATA_LICENCE_URL = os.environ.get(
    "ASCN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
# Signs every backup's manifest (ops/backup.py); restore refuses what it did not
# sign. Keep it apart from the backups.
BACKUP_KEY = os.environ.get("ASCN_BACKUP_KEY", "")

# E-mail about review (core/notifications.py), through the SMTP server the
# environment names; development prints it (dev.py), tests keep it in memory.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# E-mail goes out during the request that submits or publishes: a mail server
# that does not answer delays that request by this long, never more.
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "ASCN Portal <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the portal is reached, for the links in its e-mails (sent without a
# request to take the address from).
SITE_URL = os.environ.get("ASCN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Where an uploaded CSV file waits between the import's preview and its
# confirmation: outside MEDIA_ROOT, so it is neither served nor backed up. Several
# hosts need it on storage they share, as they do MEDIA_ROOT.
CSV_IMPORT_DIR = Path(os.environ.get("ASCN_CSV_IMPORT_DIR", VAR_DIR / "csv-imports"))
# Largest CSV file that staff may import.
CSV_IMPORT_MAX_BYTES = int(os.environ.get("ASCN_CSV_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
# A file of more lines than this is previewed and imported by the worker, with a
# progress page; a smaller one within the request, at once.
CSV_IMPORT_BACKGROUND_ROWS = int(os.environ.get("ASCN_CSV_IMPORT_BACKGROUND_ROWS", 500))

# Background jobs (django-tasks): kept in the database and run by
# `manage.py db_worker`, which `make run` and `make serve` start beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Publishing a record whose Thai or English texts are incomplete only warns,
# unless this is set, when it is refused.
PUBLISH_REQUIRES_TRANSLATIONS = env_bool("ASCN_PUBLISH_REQUIRES_TRANSLATIONS", False)

# Uploaded images: the largest file and the most pixels accepted.
IMAGE_MAX_BYTES = int(os.environ.get("ASCN_IMAGE_MAX_BYTES", 8 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("ASCN_IMAGE_MAX_PIXELS", 25_000_000))
# The largest request body accepted, refused before it is read (ops/middleware.py):
# staff send the admin's largest file with its form, everyone else small forms.
STAFF_REQUEST_MAX_BYTES = max(IMAGE_MAX_BYTES, CSV_IMPORT_MAX_BYTES) + 1024 * 1024
PUBLIC_REQUEST_MAX_BYTES = int(
    os.environ.get("ASCN_PUBLIC_REQUEST_MAX_BYTES", 256 * 1024)
)

# Anonymous visitors get whole public pages from the cache (portal/pagecache.py);
# any change to a record makes every cached page stale at once.
PAGE_CACHE_ENABLED = env_bool("ASCN_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = int(os.environ.get("ASCN_PAGE_CACHE_SECONDS", 600))
# Seconds a visitor is asked to wait (Retry-After) when the database is away.
RETRY_AFTER_SECONDS = int(os.environ.get("ASCN_RETRY_AFTER_SECONDS", 30))
# How long a cached page is kept to be served when the database does not answer
# (it is replaced by the next visit after a change, whatever its age).
PAGE_CACHE_STALE_SECONDS = int(os.environ.get("ASCN_PAGE_CACHE_STALE_SECONDS", 86400))
# Addresses (regular expressions, without the leading slash) that the page cache
# neither looks up nor stores: the health check must ask the database itself.
PAGE_CACHE_EXEMPT_PATHS = [r"^healthz$"]
# Addresses the page cache leaves alone entirely (it neither reads who is logged
# in nor adds Vary: Cookie): the JSON API, which keeps its answers itself
# (opendata/api/http.py).
PAGE_CACHE_BYPASS_PATHS = [r"^api/"]

# The JSON API (/api/v1/): requests per client address and period ("120/minute";
# second, minute, hour or day) counted in the shared cache, then 429 with
# Retry-After; empty for no limit. Its answers are kept in the cache under the
# content version.
API_RATE_LIMIT = os.environ.get("ASCN_API_RATE_LIMIT", "120/minute")
API_CACHE_ENABLED = env_bool("ASCN_API_CACHE", default=True)

# Where lines may break in Thai text, marked in the public pages
# (core/wordbreaks.py).
THAI_WORD_BREAKS = env_bool("ASCN_THAI_WORD_BREAKS", default=True)

# Security headers. Strict-Transport-Security is sent only over HTTPS (prod.py
# turns it on); the other headers go with every response, static files included.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# Everything the pages load comes from the portal itself: no inline scripts or
# styles, no CDN (see templates/). The admin works under the same policy.
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[str]]] | None = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The portal needs none of these browser features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# Cookies: never readable by scripts, not sent with cross-site requests, and
# only over HTTPS except in development (dev.py).
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE: Literal["Lax", "Strict", "None", False] | None = "Lax"
# Behind a load balancer that terminates TLS and sets X-Forwarded-Proto.
if env_bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Admin login: after AXES_FAILURE_LIMIT failed attempts for one user name from one
# address, that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = int(os.environ.get("ASCN_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("ASCN_LOGIN_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "users.views.login_locked_out"
# The status of that page (django-axes' default, named here for users/views.py).
AXES_HTTP_RESPONSE_CODE = 429
# The client's address: REMOTE_ADDR, unless the portal runs behind that many
# proxies of its own, whose X-Forwarded-For then names the client. Never trust
# X-Forwarded-For without them: anyone could pick an address for each attempt.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", 0))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER: tuple[str, ...] = (
        "HTTP_X_FORWARDED_FOR",
        "REMOTE_ADDR",
    )
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
