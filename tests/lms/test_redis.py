"""With REDIS_URL, app servers share login throttling, sessions and caches through a real Redis.

Talks to the Redis on 127.0.0.1 (database 15, emptied before and after each test), or
``TEST_REDIS_URL``. Skipped when no Redis answers, except under CI, where that is a failure.
"""

import os
import threading

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory, override_settings

from lms.services import login_throttle
from tests.factories import DEFAULT_PASSWORD, UserFactory

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "lms-test",
    }
}


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(autouse=True)
def redis_cache():
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail(f"No Redis answers at {REDIS_URL}, and CI needs it")
        pytest.skip(f"No Redis answers at {REDIS_URL}")
    with override_settings(CACHES=REDIS_CACHES, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        cache.clear()
        yield
        cache.clear()


def in_another_app_server(func):
    """Run ``func`` in another thread: Django gives each thread its own cache connection."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", func()))
    thread.start()
    thread.join(timeout=30)
    caches.close_all()
    return result["value"]


@pytest.mark.django_db
class TestRedisSharedState:
    def test_failed_logins_counted_on_one_server_lock_the_account_on_another(self, settings):
        settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
        request = RequestFactory().post("/account/login/", REMOTE_ADDR="192.0.2.44")
        for _ in range(3):
            login_throttle.register_attempt(request, "suda@example.go.th")

        assert in_another_app_server(lambda: login_throttle.is_locked_out(request, "SUDA@example.go.th"))

    def test_a_session_survives_the_cache_being_emptied(self, client):
        user = UserFactory()
        assert client.post("/account/login/", {"username": user.email, "password": DEFAULT_PASSWORD}).status_code == 302

        cache.clear()

        response = client.get("/account/profile/")
        assert response.status_code == 200
        assert response.context["user"] == user

    def test_healthz_reports_the_redis_cache_ok(self, client):
        response = client.get("/healthz")

        assert response.status_code == 200
        assert response.json()["checks"]["cache"] == "ok"


class TestRedisCounters:
    def test_a_counter_on_redis_always_carries_its_window(self):
        import redis

        from lms.services import rate_limit

        for _ in range(3):
            rate_limit.increment("probe", "someone@example.go.th", 120)
        raw_key = cache.make_and_validate_key(rate_limit.cache_key("probe", "someone@example.go.th"))
        client = redis.Redis.from_url(REDIS_URL)

        assert rate_limit.current("probe", "someone@example.go.th") == 3
        assert 0 < client.ttl(raw_key) <= 120

    def test_a_counter_whose_key_vanished_starts_again_with_an_expiry(self):
        import redis

        from lms.services import rate_limit

        rate_limit.increment("probe", "k", 120)
        raw_key = cache.make_and_validate_key(rate_limit.cache_key("probe", "k"))
        client = redis.Redis.from_url(REDIS_URL)
        client.delete(raw_key)  # as if the window ran out between two calls

        assert rate_limit.increment("probe", "k", 120) == 1
        assert 0 < client.ttl(raw_key) <= 120
