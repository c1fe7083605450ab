"""Base settings: secure by default, every secret and engine choice from the environment.

The embedded defaults (SQLite, local-memory cache, local media folder, console e-mail)
let one machine run the platform; each real engine is switched on by an environment
variable (see ``.env.example``).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# No secret lives in the code: production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lms",
    "home",
    "courses",
    "library",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.wagtail_users_app.LmsUsersAppConfig",  # wagtail.users with the platform's user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "lms.middleware.PrivacyConsentMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site_navigation",
            ],
            "builtins": ["lms.templatetags.thai_dates"],
        },
    },
]

# --- Database: SQLite file by default, anything dj-database-url understands when set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts: two enrolments at once then queue
    # (up to the timeout) instead of failing with "database is locked" when the second
    # one tries to write after reading.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: local memory + database by default, Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "lms"),
        }
    }
    # Sessions read from Redis and are kept in the database too: a Redis restart or
    # eviction logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = ["lms.auth_backends.ThrottledEmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name", "first_name_en", "last_name_en")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Failed logins allowed per account and per client address within the window.
LOGIN_THROTTLE_PER_ACCOUNT = int(os.environ.get("LOGIN_THROTTLE_PER_ACCOUNT", "5"))
LOGIN_THROTTLE_PER_ADDRESS = int(os.environ.get("LOGIN_THROTTLE_PER_ADDRESS", "20"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("LOGIN_THROTTLE_WINDOW_SECONDS", "900"))
# How many reverse proxies in front of the app append to X-Forwarded-For (0: trust none).
NUM_TRUSTED_PROXIES = int(os.environ.get("NUM_TRUSTED_PROXIES", "0"))
EMAIL_VERIFICATION_TIMEOUT = 3 * 24 * 3600
PASSWORD_RESET_TIMEOUT = 24 * 3600

# --- Internationalisation: Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static files (WhiteNoise) and media (local folder or S3-compatible storage).
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as BotoConfig

    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Objects are private; the site hands out short-lived signed URLs.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "600")),
            "file_overwrite": False,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Short timeouts and few retries: a slow object store must not hold a request
            # (or /healthz) for minutes.
            "client_config": BotoConfig(
                signature_version="s3v4",
                s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or "auto"},
                connect_timeout=int(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "5")),
                read_timeout=int(os.environ.get("AWS_S3_READ_TIMEOUT", "30")),
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "GovTech Learning <no-reply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Background work (django-tasks): immediate by default, database queue when asked.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# --- Quizzes: answers saved up to this many seconds after an attempt's deadline still count
# (a slow connection at the last moment), then the attempt is closed and graded.
QUIZ_DEADLINE_GRACE_SECONDS = 30

# --- Certificates: the Ed25519 key that signs Open Badges credentials (VC-JWT), as PEM in
# CERTIFICATE_SIGNING_KEY or, when that is empty, in the file CERTIFICATE_SIGNING_KEY_FILE
# (`manage.py make_certificate_key` writes one). Never in git; every app server needs the same key.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_KEY_FILE = Path(
    os.environ.get("CERTIFICATE_SIGNING_KEY_FILE") or BASE_DIR / "var" / "certificate-signing-key.pem"
)
# Public keys of earlier signing keys (a JSON key set), still published at /.well-known/jwks.json
# so that credentials signed before a key change keep verifying; `make_certificate_key --force`
# adds the key it replaces.
CERTIFICATE_RETIRED_KEYS_FILE = Path(
    os.environ.get("CERTIFICATE_RETIRED_KEYS_FILE") or BASE_DIR / "var" / "certificate-retired-keys.json"
)
# --- E-library: OAI-PMH (/library/oai/). The address harvesters may write to (else the site
# settings' contact e-mail, else DEFAULT_FROM_EMAIL), the repository identifier in OAI
# identifiers (else PUBLIC_BASE_URL's host), and how long a resumption token lasts.
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "")
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
OAI_RESUMPTION_TOKEN_MAX_AGE = int(os.environ.get("OAI_RESUMPTION_TOKEN_MAX_AGE", str(24 * 3600)))

# Look-ups of certificate codes allowed per client address within the window (verification
# page, PDF and credential together); the next one gets 429.
CERTIFICATE_VERIFY_RATE_LIMIT = int(os.environ.get("CERTIFICATE_VERIFY_RATE_LIMIT", "30"))
CERTIFICATE_VERIFY_RATE_WINDOW_SECONDS = int(os.environ.get("CERTIFICATE_VERIFY_RATE_WINDOW_SECONDS", "60"))

# --- Wagtail
WAGTAIL_SITE_NAME = "GovTech Learning"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The site's public address, for links that leave it: the verification URL printed on
# certificates and in their QR codes, and in credentials. Defaults to the editor's address.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "epub", "docx", "xlsx", "pptx", "mp4", "mp3", "vtt", "csv", "txt", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if os.environ.get("OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.opensearch3",
        "URLS": [os.environ["OPENSEARCH_URL"]],
        "INDEX": os.environ.get("OPENSEARCH_INDEX", "lms"),
    }
WAGTAIL_FRONTEND_LOGIN_URL = "/account/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Editors change their e-mail address only through the site, where it is verified again.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "lms.forms.WagtailLoginForm"

# --- Security headers (HTTPS-only settings are switched on in production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
# Content-Security-Policy: only the site's own scripts, styles, fonts and images on the
# public site. The Wagtail editor ships inline scripts of its own, so /admin/ is exempt.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "img-src": ["'self'", "data:"] + env_list("CSP_EXTRA_IMG_SRC"),
        "media-src": ["'self'"] + env_list("CSP_EXTRA_MEDIA_SRC"),
        "frame-src": ["'self'"] + env_list("CSP_EXTRA_FRAME_SRC"),
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-tasks logs every task start and finish at INFO, fontTools every font it subsets for a
    # certificate's PDF; only problems matter here.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
