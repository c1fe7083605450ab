"""Development settings: debug on, a fixed development key, e-mail printed to the console."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, env_list

DEBUG = True
# A fixed key for development only; production reads DJANGO_SECRET_KEY from the environment.
SECRET_KEY = "dev-only-insecure-key-5f1c0e8b4e7d4b1f9a2c3d6e7f8091a2"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# Absolute links (e-mails, the sitemap) point at the development server; `make run` passes its PORT.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Demo accounts get this password in development so the printed logins work.
DEMO_PASSWORD = "Demo-2569-pass"  # noqa: S105
# Static files come straight from the source folders: no collectstatic, no manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
