"""Settings of the BLP Projektportal, read from the environment.

Unset DEBUG means production: then SECRET_KEY and ALLOWED_HOSTS must be set. DEBUG=1 (what
`make run` and `make test` set) runs the portal locally on SQLite with a development key.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.env import env_bool, env_int, env_list, parse_cache_url, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
_OFF = "when DEBUG is off (an unset DEBUG means production; DEBUG=1 for local development)"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(f"SECRET_KEY must be set {_OFF}")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(f"ALLOWED_HOSTS must be set {_OFF}")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications -----------------------------------------------------------------------------
# Layers, bottom to top: lib, domain, back office and services, wiring (docs/architecture.md).
INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms
    "modeltranslation",
    # Django's admin with the portal's site class (accounts/admin_site.py)
    "accounts.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # full-text and trigram search of the project list on PostgreSQL (projects/search.py)
    "django.contrib.postgres",
    # sitemap.xml (blp_portal/sitemaps.py)
    "django.contrib.sitemaps",
    "django_filters",
    "django_countries",
    # editors' xlsx/CSV import and export of projects (editorial/spreadsheets.py)
    "import_export",
    # CORS headers for the read-only API under /api/ (CORS_* settings below)
    "corsheaders",
    # strict Content-Security-Policy on every response
    "csp",
    # admin log-in lockout and two-factor log-in (accounts/)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # every saved version of projects, Länder, themes and pages (editorial/)
    "reversion",
    # background tasks (editorial/tasks.py): django-tasks, the backport of Django 6's django.tasks
    "django_tasks",
    "django_tasks_db",
    # the domain
    "themes",
    "partners",
    "projects",
    "pages",
    # back office and services
    "editorial",
    "opendata",
    "projectmedia",
    "accounts",
    "backups",
    # the project package itself: connects the page cache's invalidation signals (apps.py)
    "blp_portal",
]

MIDDLEWARE = [
    # first: every later middleware and view logs with the request id (blp_portal/lib/logging.py)
    "blp_portal.lib.logging.RequestIdMiddleware",
    # the anonymous page cache (lib/pagecache.py): a hit skips everything below; a page is stored
    # with what they add (security headers, CSP too), and only if none of them set a cookie
    "blp_portal.lib.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy; X-Frame-Options matched to the final CSP; then the CSP (security.py)
    "blp_portal.lib.security.SecurityHeadersMiddleware",
    "blp_portal.lib.security.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 429 beyond a client's budget of uncached renders; after the page cache: hits never count
    "blp_portal.lib.render_budget.UncachedRenderBudgetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # CORS for the read-only /api/ only (CORS_URLS_REGEX); before CommonMiddleware
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified() for the two-factor admin (accounts/admin_site.py)
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # X-Frame-Options: DENY (removed again for @frameable pages by security.py, above)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes: the lockout response after too many failed admin logins
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blp_portal.urls"
WSGI_APPLICATION = "blp_portal.wsgi.application"

TEMPLATES = [
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
                "blp_portal.context_processors.navigation",
                # about and legal pages for header and footer, from the cache (pages/nav.py)
                "pages.nav.site_pages",
            ],
            # portal-wide template tags: sanitize, fallback notices, absolute URLs
            "libraries": {"portal": "blp_portal.templatetags.portal"},
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": parse_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
# Production: persistent connections (one per gunicorn worker), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and page cache (blp_portal/lib/pagecache.py) ---------------------------------------
# CACHE_URL (or REDIS_URL): redis://…, rediss://…, locmem://, dummy://. Local memory is per
# process, so without a shared Redis the page cache is off (check blp_portal.E001 refuses it).
_CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
CACHES = {"default": parse_cache_url(_CACHE_URL or "locmem://")}
CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "blp")
_SHARED_CACHE = CACHES["default"]["BACKEND"].endswith("RedisCache")
# Seconds an anonymous page is kept (0: no page cache; ETag/304 still work). blp_portal/lib/pagecache.py
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300 if _SHARED_CACHE else 0)
# Seconds a shared cache (CDN, proxy) may keep an anonymous page, plus as long stale while it
# revalidates; 0: only browsers' revalidation (max-age=0). Unpublishing: docs/deployment.md.
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 0)
# Never cached: the admin, health check, static and uploaded files (STATIC_URL, MEDIA_URL).
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/healthz", "/static/", "/media/"]
# Uncached renders (htmx: 4x) per client and window, then 429 (0: off; lib/render_budget.py).
# Not counted: admin, /healthz, /api/, files, UNCACHED_RENDER_EXEMPT (addresses or networks).
UNCACHED_RENDER_BUDGET = env_int("UNCACHED_RENDER_BUDGET", 120)
UNCACHED_RENDER_WINDOW = env_int("UNCACHED_RENDER_WINDOW", 60)
UNCACHED_RENDER_EXEMPT = env_list("UNCACHED_RENDER_EXEMPT")
# The load balancer probes /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Languages (German first, English second) ---------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# The project-level locale directory is not discovered automatically.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# Country names come from django-countries' catalogues. Its German catalogue leaves
# Mozambique in English; our own catalogue gives the German name for that one country.
COUNTRIES_OVERRIDE = {"MZ": _("Mozambique")}

# --- Static files and media (projectmedia/, docs/media.md) --------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Project documents (PDF): private, handed out only by the download view (published
    # projects only). Locally PROJECTMEDIA_DOCUMENT_ROOT (below); with MEDIA_STORAGE=s3 the
    # media bucket under the prefix "private/" (projectmedia/storage.py, docs/media.md).
    "documents": {"BACKEND": "projectmedia.storage.DocumentStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media (uploaded images): a local directory (MEDIA_ROOT), served by the reverse proxy, never by
# Django in production; or an S3-compatible bucket with MEDIA_STORAGE=s3 (needs the "s3" extra).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    # Documents in the same bucket under a private prefix: no custom (public) domain, and any
    # URL made for them is signed and short-lived; the bucket policy must not make "private/"
    # public (docs/media.md). The download view streams them through the app.
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', got {MEDIA_STORAGE!r}")

# Uploaded project images: at most this many bytes and pixels (decompression-bomb guard).
PROJECTMEDIA_IMAGE_MAX_BYTES = env_int("PROJECTMEDIA_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
PROJECTMEDIA_IMAGE_MAX_PIXELS = env_int("PROJECTMEDIA_IMAGE_MAX_PIXELS", 40_000_000)
# Project documents (PDF): size limit, and a directory OUTSIDE MEDIA_ROOT that the web server
# does not serve, so that only the download view (published projects only) hands them out.
PROJECTMEDIA_DOCUMENT_MAX_BYTES = env_int("PROJECTMEDIA_DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
PROJECTMEDIA_DOCUMENT_ROOT = Path(
    os.environ.get("PROJECTMEDIA_DOCUMENT_ROOT", BASE_DIR / "private" / "documents")
)
# --- The catalogue --------------------------------------------------------------------------------
PROJECTS_PER_PAGE = env_int("PROJECTS_PER_PAGE", 20)

# --- Editorial office (editorial/) ----------------------------------------------------------
# django-import-export: every import runs in one transaction; any bad row rolls back all.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# The portal's public address (https://portal.example.org) for absolute links in e-mails and
# open-data files; required with DEBUG off (check editorial.E001). The old names still work.
_BASE = ("PORTAL_BASE_URL", "EDITORIAL_ADMIN_BASE_URL", "OPENDATA_BASE_URL")
_BASE_DEFAULT = "http://127.0.0.1:8000" if DEBUG else ""
PORTAL_BASE_URL = next(filter(None, map(os.environ.get, _BASE)), _BASE_DEFAULT).rstrip("/")

# --- Open data (opendata/, documented on the portal's open-data page) ------------------------
# Anonymous API and download requests (counted together) per client and window; then 429.
OPENDATA_RATE_LIMIT = env_int("OPENDATA_RATE_LIMIT", 120)
OPENDATA_RATE_WINDOW = env_int("OPENDATA_RATE_WINDOW", 60)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: none, use REMOTE_ADDR):
# the client address (lib/clients.py) of the rate limits, render budget and login lockout.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "opendata.http.client_ip"
# IATI: the reporting organisation (GIZ: XM-DAC-5-52) and the funder (BMZ: XM-DAC-5-7).
IATI_REPORTING_ORG = os.environ.get("IATI_REPORTING_ORG", "XM-DAC-5-52")
IATI_REPORTING_ORG_TYPE = os.environ.get("IATI_REPORTING_ORG_TYPE", "10")
IATI_REPORTING_ORG_NAME = os.environ.get(
    "IATI_REPORTING_ORG_NAME", "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH"
)
IATI_FUNDING_ORG = os.environ.get("IATI_FUNDING_ORG", "XM-DAC-5-7")
# Absolute links in files (CSV, IATI, feeds) built outside a request: the portal's address.
OPENDATA_BASE_URL = (os.environ.get("OPENDATA_BASE_URL") or PORTAL_BASE_URL).rstrip("/")
# The read-only API may be read from any site, with GET only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After"]

# --- Staff accounts: log-in, two-factor authentication, sessions (accounts/) --------------------
LOGIN_URL = "admin:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin log-in (axes): AXES_FAILURE_LIMIT failures per user name and IP lock out; all logged.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Two-factor authentication (TOTP, recovery codes) for the admin: required in production,
# off in the local demo (the login page then says so).
OTP_REQUIRED = env_bool("OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "BLP Projektportal"
# Our own jQuery UI (static/vendor/jquery-ui, 1.13.3, MIT), not modeltranslation's CDN: the CSP.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"  # read by modeltranslation

# Only staff have sessions (the public site is anonymous): they end after STAFF_SESSION_HOURS.
SESSION_COOKIE_AGE = env_int("STAFF_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Security headers and cookies, safe in development, strict in production (lib/security.py) --
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The admin runs under the same policy, without relaxations.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# Strict CSP (django-csp 4): only our own origin, no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = None  # enforced, not only reported

# --- Background tasks: rows in the database, run by `manage.py db_worker` (docs/deployment.md) --
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- E-mail ---------------------------------------------------------------------------------------
# EMAIL_BACKEND from the environment (locmem, file…); else SMTP with EMAIL_HOST, else the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "BLP Projektportal <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", SERVER_EMAIL)  # operator: barriers reported

# --- Logging ----------------------------------------------------------------------------------------
# JSON lines in production (LOG_FORMAT=json), text in development; with the request id.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "blp_portal.lib.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "blp_portal.lib.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.request": {"level": "ERROR"}},  # a 403 or 404 is no error: not logged
}
# Optional error tracker, Sentry or GlitchTip (blp_portal/error_tracking.py): with SENTRY_DSN
# set, server errors go there without personal data; unset, errors are only logged, as above.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_RELEASE = os.environ.get("SENTRY_RELEASE", "")
