"""Production settings: HTTPS everywhere, HSTS, secure cookies; secrets only from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, SECRET_KEY, env_bool

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random string of at least 50 characters.")

if not REDIS_URL:
    # Several app servers must share one cache with atomic counters and expiries (login
    # throttling, rate limits, the consent gate's notice version): that is Redis.
    raise ImproperlyConfigured("Set REDIS_URL: production needs Redis for its shared cache and rate limits.")

# Account e-mails leave the request for a worker (`manage.py db_worker`), so a request's
# duration tells nothing about whether an address has an account.
if os.environ.get("TASKS_BACKEND", "").endswith("ImmediateBackend"):
    raise ImproperlyConfigured("TASKS_BACKEND must queue work in production, e.g. django_tasks_db.DatabaseBackend.")
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend"}}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The proxy in front of the app terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
