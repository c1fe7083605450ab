"""Login and logout, with throttling of failed attempts on the site and in the Wagtail editor."""

from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from lms.forms import WagtailLoginForm
from lms.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account:login")
LOGOUT_URL = reverse("account:logout")


def throttled_message():
    with translation.override(settings.LANGUAGE_CODE):
        return str(WagtailLoginForm.get_throttled_error().messages[0])


def log_in(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


def is_logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


class TestLogin:
    def test_the_page_has_an_email_and_a_password_field(self, client):
        response = client.get(LOGIN_URL)
        assert response.status_code == 200
        assert 'type="email"' in response.text
        assert 'type="password"' in response.text
        assert 'name="robots" content="noindex"' in response.text

    def test_the_email_may_be_typed_in_any_case(self, client, user):
        response = log_in(client, user.email.upper())
        assert response.status_code == 302
        assert response["Location"] == settings.LOGIN_REDIRECT_URL
        assert is_logged_in(client, user)

    def test_next_is_followed_within_the_site(self, client, user):
        response = client.post(
            f"{LOGIN_URL}?next=/account/profile/", {"username": user.email, "password": DEFAULT_PASSWORD}
        )
        assert response["Location"] == "/account/profile/"

    def test_the_login_page_keeps_next_in_the_form(self, client):
        response = client.get(LOGIN_URL, {"next": "/courses/"})
        assert 'name="next" value="/courses/"' in response.text

    @pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
    def test_next_pointing_elsewhere_is_ignored(self, client, user, target):
        response = client.post(LOGIN_URL, {"username": user.email, "password": DEFAULT_PASSWORD, "next": target})
        assert response.status_code == 302
        assert response["Location"] == settings.LOGIN_REDIRECT_URL

    def test_a_wrong_password_is_refused(self, client, user):
        response = log_in(client, user.email, "not-the-password")
        assert response.status_code == 200
        assert response.context["form"].has_error("__all__", code="invalid_login")
        assert not is_logged_in(client, user)

    def test_an_unverified_account_is_asked_to_verify_first(self, client):
        user = UserFactory(email_verified=False)
        response = log_in(client, user.email)
        assert response.status_code == 200
        form = response.context["form"]
        assert form.has_error("__all__", code="unverified")
        # The page always links to the resend form; this link, with the address, only follows the error.
        assert f"{reverse('account:verify-resend')}?email={quote(user.email)}" in response.text
        assert 'role="alert"' in response.text
        assert not is_logged_in(client, user)

    def test_a_signed_in_user_is_not_shown_the_form_again(self, client, user):
        client.force_login(user)
        response = client.get(LOGIN_URL)
        assert response.status_code == 302

    def test_browsers_can_fill_in_the_address_and_the_saved_password(self, client):
        form = client.get(LOGIN_URL).context["form"]
        assert form.fields["username"].widget.attrs["autocomplete"] == "email"
        assert form.fields["password"].widget.attrs["autocomplete"] == "current-password"

    def test_an_address_in_the_link_is_filled_in_and_the_password_gets_the_focus(self, client):
        response = client.get(LOGIN_URL, {"email": "somying@example.go.th", "next": "/account/profile/"})
        form = response.context["form"]
        assert 'value="somying@example.go.th"' in response.text
        assert form.fields["password"].widget.attrs.get("autofocus")
        assert "autofocus" not in form.fields["username"].widget.attrs

    def test_without_an_address_the_email_field_gets_the_focus(self, client):
        form = client.get(LOGIN_URL).context["form"]
        assert form.fields["username"].widget.attrs.get("autofocus")
        assert "autofocus" not in form.fields["password"].widget.attrs


LOOK_ALIKE = "admın@example.go.th"  # a dotless ı: PostgreSQL's UPPER() makes it "ADMIN@…"


class TestLookAlikeAddresses:
    @pytest.fixture
    def admin(self, db):
        return UserFactory(email="admin@example.go.th")

    def test_a_look_alike_address_does_not_authenticate_as_the_real_account(self, admin):
        request = RequestFactory().post(LOGIN_URL)
        assert authenticate(request, username=LOOK_ALIKE, password=DEFAULT_PASSWORD) is None
        assert authenticate(request, username="ADMIN@example.go.th", password=DEFAULT_PASSWORD) == admin

    def test_a_look_alike_address_does_not_get_round_the_real_accounts_throttle(self, client, admin):
        for _attempt in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
            log_in(client, admin.email, "wrong-password")
        response = log_in(client, LOOK_ALIKE, REMOTE_ADDR="198.51.100.77")
        assert response.status_code == 200
        assert not is_logged_in(client, admin)
        response = log_in(client, admin.email, REMOTE_ADDR="198.51.100.77")
        assert response.context["form"].has_error("__all__", code="throttled")


class TestLoginThrottle:
    def test_after_too_many_failures_even_the_right_password_is_refused(self, client, user):
        for _attempt in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
            log_in(client, user.email, "wrong-password")
        response = log_in(client, user.email.upper())
        assert response.status_code == 200
        assert response.context["form"].has_error("__all__", code="throttled")
        assert throttled_message() in response.text
        assert not is_logged_in(client, user)

    def test_fewer_failures_than_the_limit_still_let_the_user_in(self, client, user):
        for _attempt in range(settings.LOGIN_THROTTLE_PER_ACCOUNT - 1):
            log_in(client, user.email, "wrong-password")
        log_in(client, user.email)
        assert is_logged_in(client, user)

    def test_one_address_failing_across_many_accounts_is_throttled(self, client, settings):
        settings.LOGIN_THROTTLE_PER_ADDRESS = 3
        for number in range(3):
            log_in(client, f"guess{number}@example.go.th", "wrong-password", REMOTE_ADDR="198.51.100.7")
        victim = UserFactory()
        response = log_in(client, victim.email, REMOTE_ADDR="198.51.100.7")
        assert response.context["form"].has_error("__all__", code="throttled")
        assert not is_logged_in(client, victim)

        response = log_in(client, victim.email, REMOTE_ADDR="198.51.100.8")
        assert response.status_code == 302
        assert is_logged_in(client, victim)

    def test_the_wagtail_editor_login_is_throttled_too(self, client):
        editor = User.objects.create_superuser(email="editor@example.go.th", password=DEFAULT_PASSWORD)
        admin_login = reverse("wagtailadmin_login")
        for _attempt in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
            client.post(admin_login, {"username": editor.email, "password": "wrong-password"})
        response = client.post(admin_login, {"username": editor.email, "password": DEFAULT_PASSWORD})
        assert response.status_code == 200
        assert throttled_message() in response.content.decode()
        assert not is_logged_in(client, editor)

    def test_failures_on_the_site_count_in_the_editor(self, client):
        editor = User.objects.create_superuser(email="editor@example.go.th", password=DEFAULT_PASSWORD)
        for _attempt in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
            log_in(client, editor.email, "wrong-password")
        client.post(reverse("wagtailadmin_login"), {"username": editor.email, "password": DEFAULT_PASSWORD})
        assert not is_logged_in(client, editor)


class TestLogout:
    def test_get_is_not_allowed(self, client, user):
        client.force_login(user)
        response = client.get(LOGOUT_URL)
        assert response.status_code == 405
        assert is_logged_in(client, user)

    def test_post_logs_out_and_goes_home_with_a_message(self, client, user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(LOGOUT_URL)
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert "_auth_user_id" not in client.session
        page = client.get(LOGIN_URL)
        assert "You have logged out." in page.text
