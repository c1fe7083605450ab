"""The login throttle counts every attempt before the password is checked."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from lms.services import login_throttle
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def request_from(address="192.0.2.10"):
    return RequestFactory().post("/account/login/", REMOTE_ADDR=address)


class TestLoginThrottle:
    def test_attempts_taken_at_the_same_time_cannot_exceed_the_limit(self, settings):
        settings.LOGIN_THROTTLE_PER_ACCOUNT = 5
        # Five requests counted before any of them finished checking its password.
        results = [login_throttle.register_attempt(request_from(), "somchai@example.go.th") for _ in range(8)]
        assert results == [True] * 5 + [False] * 3

    def test_the_right_password_is_refused_once_the_account_is_locked(self, settings):
        settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
        user = UserFactory(email="suda@example.go.th")
        for _ in range(3):
            assert authenticate(request_from(), username=user.email, password="wrong-password") is None
        assert authenticate(request_from(), username=user.email, password=DEFAULT_PASSWORD) is None
        assert login_throttle.is_locked_out(request_from(), user.email)

    def test_a_successful_login_does_not_use_up_the_addresss_allowance(self, settings):
        settings.LOGIN_THROTTLE_PER_ADDRESS = 3
        user = UserFactory()
        for _ in range(10):
            assert authenticate(request_from(), username=user.email, password=DEFAULT_PASSWORD) == user
        assert not login_throttle.is_locked_out(request_from(), "someone-else@example.go.th")

    def test_the_account_key_ignores_letter_case_and_spaces(self, settings):
        settings.LOGIN_THROTTLE_PER_ACCOUNT = 2
        login_throttle.register_attempt(request_from("192.0.2.1"), "Suda@Example.go.th")
        login_throttle.register_attempt(request_from("192.0.2.2"), " suda@example.go.th ")
        assert login_throttle.is_locked_out(request_from("192.0.2.3"), "SUDA@EXAMPLE.GO.TH")

    def test_a_lookalike_address_reaches_no_account(self):
        user = UserFactory(email="admin@example.go.th")
        # "ı" (dotless i) upper-cases to "I" on PostgreSQL; it must not find admin@.
        assert authenticate(request_from(), username="admın@example.go.th", password=DEFAULT_PASSWORD) is None
        assert authenticate(request_from(), username="ADMIN@example.go.th", password=DEFAULT_PASSWORD) == user

    def test_only_trusted_proxies_may_name_the_client_address(self, settings):
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
        settings.NUM_TRUSTED_PROXIES = 0
        assert login_throttle.client_address(request) == "10.0.0.5"
        settings.NUM_TRUSTED_PROXIES = 1
        assert login_throttle.client_address(request) == "198.51.100.7"
