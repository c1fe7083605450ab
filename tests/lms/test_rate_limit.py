"""The fixed-window rate limits in the cache (lms.services.rate_limit)."""

import time

import pytest
from django.core.cache import cache

from lms.services import rate_limit


@pytest.fixture
def clock(monkeypatch):
    """The time the local-memory cache sees; move it on with ``clock.advance(seconds)``."""

    class Clock:
        now = time.time()

        def advance(self, seconds):
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(time, "time", lambda: fake.now)
    return fake


class TestHit:
    def test_uses_up_to_the_limit_are_allowed_and_the_next_is_refused(self):
        answers = [rate_limit.hit("test", "someone@example.go.th", 3, 3600) for _use in range(4)]
        assert answers == [True, True, True, False]

    def test_refused_uses_keep_being_refused(self):
        for _use in range(2):
            rate_limit.hit("test", "key", 2, 3600)
        assert not any(rate_limit.hit("test", "key", 2, 3600) for _use in range(5))

    def test_other_keys_and_other_scopes_count_separately(self):
        rate_limit.hit("reset", "a@example.go.th", 1, 3600)
        assert rate_limit.hit("reset", "b@example.go.th", 1, 3600)
        assert rate_limit.hit("resend", "a@example.go.th", 1, 3600)
        assert not rate_limit.hit("reset", "a@example.go.th", 1, 3600)

    def test_the_window_opens_again_once_it_has_passed(self, clock):
        assert rate_limit.hit("test", "key", 1, 60)
        clock.advance(59)
        assert not rate_limit.hit("test", "key", 1, 60)
        clock.advance(2)
        assert rate_limit.hit("test", "key", 1, 60)

    def test_a_limit_of_zero_refuses_everything(self):
        assert not rate_limit.hit("test", "key", 0, 60)

    def test_the_key_is_not_kept_in_clear(self):
        rate_limit.hit("password-reset:email", "somchai@example.go.th", 3, 3600)
        name = rate_limit.cache_key("password-reset:email", "somchai@example.go.th")
        assert cache.get(name) == 1
        assert "somchai" not in name
        assert name.startswith("rate-limit:password-reset:email:")

    def test_a_count_that_expires_between_add_and_incr_starts_a_new_window(self, monkeypatch):
        class ExpiringCache:
            """add() finds the key still there, then it expires before incr()."""

            def __init__(self):
                self.adds = 0

            def add(self, key, value, timeout):
                self.adds += 1
                return self.adds > 1

            def incr(self, key):
                raise ValueError(key)

        expiring = ExpiringCache()
        monkeypatch.setattr(rate_limit, "caches", {"default": expiring})
        assert rate_limit.hit("test", "key", 1, 60)
        assert expiring.adds == 2
