"""Password reset by e-mail and password change."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from lms.accounts import limits
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.lms.accounts_helpers import _commit_at_the_end_of_each_request  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

RESET_URL = reverse("account:password-reset")
CHANGE_URL = reverse("account:password-change")
NEW_PASSWORD = "Tom-yum-goong-2569"
LINK_PATTERN = re.compile(r"https?://testserver(/account/password/reset/[^/\s]+/[^/\s]+/)")


def reset_path(message):
    match = LINK_PATTERN.search(message.body)
    assert match, message.body
    return match.group(1)


def main_content(response):
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def set_new_password(client, path, password=NEW_PASSWORD):
    form_page = client.get(path, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


class TestPasswordResetRequest:
    def test_a_known_address_in_any_case_gets_a_multipart_email_with_an_absolute_link(self, client, user):
        response = client.post(RESET_URL, {"email": user.email.upper()})
        assert response.status_code == 302
        assert response["Location"] == reverse("account:password-reset-done")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [user.email]
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert LINK_PATTERN.search(message.body).group(0) in html

    def test_an_unknown_address_gets_exactly_the_same_answer_and_no_mail(self, client, user):
        known = client.post(RESET_URL, {"email": user.email}, follow=True)
        mail.outbox.clear()
        unknown = client.post(RESET_URL, {"email": "nobody@example.go.th"}, follow=True)
        assert unknown.redirect_chain == known.redirect_chain
        assert main_content(unknown) == main_content(known)
        assert len(mail.outbox) == 0

    def test_a_thai_user_gets_the_email_in_thai(self, client, user):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the page's language does not matter
        client.post(RESET_URL, {"email": user.email})
        with translation.override("th"):
            expected = gettext("Reset your password")
        assert expected != "Reset your password"
        assert mail.outbox[0].subject == expected

    def test_an_english_user_gets_the_email_in_english(self, client):
        user = UserFactory(preferred_language="en")
        client.post(RESET_URL, {"email": user.email})
        assert mail.outbox[0].subject == "Reset your password"

    def test_a_look_alike_address_gets_no_link_for_the_real_account(self, client):
        UserFactory(email="admin@example.go.th")
        response = client.post(RESET_URL, {"email": "admın@example.go.th"})
        assert response["Location"] == reverse("account:password-reset-done")
        assert len(mail.outbox) == 0


class TestPasswordResetRateLimit:
    def test_the_fourth_request_in_an_hour_sends_nothing_and_looks_the_same(self, client, user):
        answers = []
        for _request in range(limits.PASSWORD_RESETS_PER_EMAIL + 1):
            response = client.post(RESET_URL, {"email": user.email}, follow=True)
            answers.append((response.redirect_chain, main_content(response)))
        assert len(mail.outbox) == limits.PASSWORD_RESETS_PER_EMAIL
        assert all(answer == answers[0] for answer in answers)

    def test_the_limit_counts_the_address_in_any_letter_case(self, client, user):
        for _request in range(limits.PASSWORD_RESETS_PER_EMAIL):
            client.post(RESET_URL, {"email": user.email})
        client.post(RESET_URL, {"email": user.email.upper()})
        assert len(mail.outbox) == limits.PASSWORD_RESETS_PER_EMAIL

    def test_other_accounts_still_get_their_link(self, client, user):
        for _request in range(limits.PASSWORD_RESETS_PER_EMAIL + 1):
            client.post(RESET_URL, {"email": user.email})
        other = UserFactory()
        client.post(RESET_URL, {"email": other.email})
        assert mail.outbox[-1].to == [other.email]

    def test_one_network_asking_for_many_addresses_is_stopped_after_twenty(self, client):
        users = UserFactory.create_batch(limits.PASSWORD_RESETS_PER_ADDRESS + 1)
        for account in users:
            response = client.post(RESET_URL, {"email": account.email}, REMOTE_ADDR="198.51.100.9")
            assert response["Location"] == reverse("account:password-reset-done")
        assert len(mail.outbox) == limits.PASSWORD_RESETS_PER_ADDRESS
        assert users[-1].email not in [address for message in mail.outbox for address in message.to]

        client.post(RESET_URL, {"email": users[-1].email}, REMOTE_ADDR="198.51.100.10")
        assert mail.outbox[-1].to == [users[-1].email]


class TestPasswordResetLink:
    def test_the_link_sets_a_new_password(self, client, user):
        client.post(RESET_URL, {"email": user.email})
        response = set_new_password(client, reset_path(mail.outbox[0]))
        assert response.status_code == 302
        assert response["Location"] == reverse("account:password-reset-complete")
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_a_link_used_twice_is_not_valid(self, client, user):
        client.post(RESET_URL, {"email": user.email})
        path = reset_path(mail.outbox[0])
        set_new_password(client, path)
        response = client.get(path, follow=True)
        assert response.context["validlink"] is False
        assert reverse("account:password-reset") in response.text
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_a_weak_new_password_is_refused(self, client, user):
        client.post(RESET_URL, {"email": user.email})
        response = set_new_password(client, reset_path(mail.outbox[0]), password="12345678")
        assert response.status_code == 200
        assert response.context["form"].has_error("new_password2", code="password_entirely_numeric")
        user.refresh_from_db()
        assert user.check_password(DEFAULT_PASSWORD)

    def test_a_new_password_lifts_the_login_throttle_for_the_account(self, client, user):
        login_url = reverse("account:login")
        for _attempt in range(settings.LOGIN_THROTTLE_PER_ACCOUNT):
            client.post(login_url, {"username": user.email, "password": "wrong-password"})
        client.post(RESET_URL, {"email": user.email})
        set_new_password(client, reset_path(mail.outbox[0]))
        response = client.post(login_url, {"username": user.email, "password": NEW_PASSWORD})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_resetting_confirms_an_unverified_address(self, client):
        user = UserFactory(email_verified=False)
        client.post(RESET_URL, {"email": user.email})
        set_new_password(client, reset_path(mail.outbox[0]))
        user.refresh_from_db()
        assert user.email_verified is True


class TestPasswordChange:
    def test_it_needs_a_login(self, client):
        response = client.get(CHANGE_URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:login"))

    def test_a_signed_in_user_changes_the_password_and_stays_signed_in(self, client, user):
        client.force_login(user)
        response = client.post(
            CHANGE_URL,
            {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("account:profile")
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        assert client.get(reverse("account:profile")).status_code == 200

    def test_a_wrong_old_password_changes_nothing(self, client, user):
        client.force_login(user)
        response = client.post(
            CHANGE_URL,
            {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 200
        assert response.context["form"].has_error("old_password", code="password_incorrect")
        assert 'aria-invalid="true"' in response.text
        user.refresh_from_db()
        assert user.check_password(DEFAULT_PASSWORD)
