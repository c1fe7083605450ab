"""Settings from the environment: each real engine is switched on by its variable.

Each case imports the settings module in a fresh interpreter with a controlled environment,
so nothing from this test process (or the machine) leaks in.
"""

import json
import os
import re
import shlex
import subprocess
import sys

from django.conf import settings as django_settings

BASE_DIR = django_settings.BASE_DIR
SETTINGS_VARIABLES = re.compile(
    r"^(DJANGO_|DATABASE_|REDIS_URL|CACHE_|AWS_|EMAIL_|SECURE_|OPENSEARCH_|TASKS_|CSP_|LOGIN_THROTTLE_|"
    r"NUM_TRUSTED_PROXIES|LOG_LEVEL|MEDIA_ROOT|DEFAULT_FROM_EMAIL|SERVER_EMAIL|WAGTAILADMIN_BASE_URL)"
)
GOOD_SECRET_KEY = "k7#Qp2vX9!mR4tL8wZ3nB6yH1cF5jD0sG-aE7uK2oP9iN4rT6xV8bM3qW5zY1hJ"


def clean_environment(**environ):
    """The machine's environment without any variable the settings read, plus ``environ``."""
    env = {key: value for key, value in os.environ.items() if not SETTINGS_VARIABLES.match(key)}
    env.update(environ)
    return env


def run_python(code, **environ):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_environment(**environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_from_environment(module, *names, **environ):
    """The named settings of ``lms.settings.<module>`` imported with the given environment."""
    code = (
        f"import json, lms.settings.{module} as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {list(names)!r}}}, default=str))"
    )
    result = run_python(code, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def env_example():
    """KEY=value pairs of .env.example, as a POSIX shell would read them."""
    values = {}
    for line in (BASE_DIR / ".env.example").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, raw = line.partition("=")
        words = shlex.split(raw, comments=True)
        values[key.strip()] = " ".join(words)
    return values


class TestDatabaseSetting:
    def test_without_database_url_the_database_is_the_sqlite_file(self):
        databases = settings_from_environment("base", "DATABASES")["DATABASES"]

        assert databases["default"]["ENGINE"] == "django.db.backends.sqlite3"
        assert databases["default"]["NAME"].endswith("db.sqlite3")

    def test_a_postgres_database_url_selects_postgresql(self):
        databases = settings_from_environment(
            "base", "DATABASES", DATABASE_URL="postgres://lms:s3cret@db.internal:5433/lms_prod"
        )["DATABASES"]

        default = databases["default"]
        assert default["ENGINE"] == "django.db.backends.postgresql"
        assert (default["NAME"], default["USER"], default["PASSWORD"]) == ("lms_prod", "lms", "s3cret")
        assert (default["HOST"], default["PORT"]) == ("db.internal", 5433)
        assert default["CONN_HEALTH_CHECKS"] is True

    def test_the_test_settings_keep_the_database_from_the_environment(self):
        databases = settings_from_environment(
            "test", "DATABASES", DATABASE_URL="postgres://postgres@127.0.0.1:5432/lms_ci"
        )["DATABASES"]

        assert databases["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert databases["default"]["NAME"] == "lms_ci"


class TestCacheSetting:
    def test_without_redis_the_cache_is_local_memory_and_sessions_live_in_the_database(self):
        values = settings_from_environment("base", "CACHES", "SESSION_ENGINE")

        assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
        assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"

    def test_a_redis_url_selects_redis_for_the_cache_and_the_sessions(self):
        values = settings_from_environment(
            "base", "CACHES", "SESSION_ENGINE", REDIS_URL="redis://cache.internal:6379/1"
        )

        cache = values["CACHES"]["default"]
        assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert cache["LOCATION"] == "redis://cache.internal:6379/1"
        assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"

    def test_production_refuses_to_start_without_redis(self):
        result = run_python("import lms.settings.production", DJANGO_SECRET_KEY=GOOD_SECRET_KEY)

        assert result.returncode != 0
        assert "REDIS_URL" in result.stderr

    def test_production_queues_account_emails_for_a_worker(self):
        values = settings_from_environment(
            "production", "TASKS", DJANGO_SECRET_KEY=GOOD_SECRET_KEY, REDIS_URL="redis://cache.internal:6379/1"
        )
        assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"

        result = run_python(
            "import lms.settings.production",
            DJANGO_SECRET_KEY=GOOD_SECRET_KEY,
            REDIS_URL="redis://cache.internal:6379/1",
            TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        )
        assert result.returncode != 0
        assert "TASKS_BACKEND" in result.stderr

    def test_production_with_redis_uses_redis(self):
        values = settings_from_environment(
            "production", "CACHES", DJANGO_SECRET_KEY=GOOD_SECRET_KEY, REDIS_URL="redis://cache.internal:6379/1"
        )

        assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


class TestSearchSetting:
    def test_without_opensearch_the_database_backend_searches(self):
        backends = settings_from_environment("base", "WAGTAILSEARCH_BACKENDS")["WAGTAILSEARCH_BACKENDS"]

        assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"

    def test_an_opensearch_url_selects_a_backend_that_loads(self):
        code = (
            "import django; django.setup(); "
            "from wagtail.search.backends import get_search_backend; "
            "print(type(get_search_backend()).__module__)"
        )
        result = run_python(code, DJANGO_SETTINGS_MODULE="lms.settings.dev", OPENSEARCH_URL="http://127.0.0.1:9200")

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().startswith("modelsearch.backends.opensearch")


class TestProductionSettings:
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = run_python("import lms.settings.production")

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_production_refuses_a_short_secret_key(self):
        result = run_python("import lms.settings.production", DJANGO_SECRET_KEY="too-short")

        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY" in result.stderr

    def test_production_is_https_only_with_debug_off(self):
        values = settings_from_environment(
            "production",
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            DJANGO_SECRET_KEY=GOOD_SECRET_KEY,
            REDIS_URL="redis://cache.internal:6379/1",
            DJANGO_DEBUG="true",
        )

        assert values["DEBUG"] is False
        assert values["SECURE_SSL_REDIRECT"] is True
        assert values["SESSION_COOKIE_SECURE"] is True
        assert values["CSRF_COOKIE_SECURE"] is True
        assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600


class TestEnvExample:
    def test_every_variable_the_settings_read_is_documented(self):
        read = set()
        for path in (BASE_DIR / "lms" / "settings").glob("*.py"):
            source = path.read_text(encoding="utf-8")
            read |= set(re.findall(r"os\.environ(?:\.get)?[\[(]\s*\"([A-Z0-9_]+)\"", source))
            read |= set(re.findall(r"env_(?:bool|list)\(\s*\"([A-Z0-9_]+)\"", source))
        read.add("DATABASE_URL")  # read by dj-database-url

        assert read - set(env_example()) == set()

    def test_each_variable_has_a_comment_above_it(self):
        lines = (BASE_DIR / ".env.example").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.strip() and not line.startswith("#"):
                assert number > 0 and lines[number - 1].startswith("#"), f"no comment above: {line}"

    def test_the_example_secret_key_is_long_and_says_to_replace_it(self):
        secret_key = env_example()["DJANGO_SECRET_KEY"]

        assert len(secret_key) >= 60
        assert "replace" in secret_key.lower()

    def test_the_deploy_check_passes_with_production_settings_and_the_example_values(self):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=BASE_DIR,
            env=clean_environment(**{**env_example(), "DJANGO_SETTINGS_MODULE": "lms.settings.production"}),
            capture_output=True,
            text=True,
            timeout=300,
        )

        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout
