"""Sign-up, the verification e-mail and the verification link."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from lms.accounts import limits
from lms.accounts.emails import uid_for
from lms.accounts.tokens import EmailVerificationTokenGenerator, email_verification_token
from lms.models import Agency, ConsentRecord, LearnerType, User
from lms.services import rate_limit
from tests.factories import AgencyFactory, UserFactory
from tests.lms.accounts_helpers import (  # noqa: F401 (fixtures)
    PASSWORD,
    _commit_at_the_end_of_each_request,
    notice_fixture,
    publish_version,
    signup_data,
)

pytestmark = pytest.mark.django_db

SIGNUP_URL = reverse("account:signup")
LOGIN_URL = reverse("account:login")
LINK_PATTERN = re.compile(r"https?://testserver/account/verify/[^/\s]+/[^/\s]+/")


def verification_link(message):
    match = LINK_PATTERN.search(message.body)
    assert match, message.body
    return match.group(0)


def link_path(link):
    return link.split("testserver", 1)[1]


class TestSignupPage:
    def test_the_form_asks_for_everything_a_certificate_needs(self, client, notice):
        response = client.get(SIGNUP_URL)
        assert response.status_code == 200
        form = response.context["form"]
        for name in ("email", "password1", "password2", "name_prefix", "first_name", "last_name"):
            assert name in form.fields
        assert form.fields["first_name_en"].required
        assert form.fields["last_name_en"].required
        assert 'name="robots" content="noindex"' in response.text

    def test_agencies_are_labelled_ministry_then_department(self, client, notice):
        ministry = AgencyFactory(name_th="กระทรวงการคลัง", name_en="Ministry of Finance")
        AgencyFactory(
            name_th="กรมบัญชีกลาง",
            name_en="Comptroller General's Department",
            parent=ministry,
            level=Agency.Level.DEPARTMENT,
        )
        response = client.get(SIGNUP_URL)
        assert "กระทรวงการคลัง &gt; กรมบัญชีกลาง" in response.text

    def test_the_privacy_checkbox_links_to_the_live_notice(self, client, notice):
        response = client.get(SIGNUP_URL)
        assert "accept_privacy" in response.context["form"].fields
        # Not just the footer's link: the one beside the box, opening in a new tab.
        assert f'href="{notice.url}" target="_blank"' in response.text

    def test_the_form_sends_back_the_version_of_the_notice_it_shows(self, client, notice):
        response = client.get(SIGNUP_URL)
        assert '<input type="hidden" name="privacy_version" value="1.0">' in response.text

    def test_browsers_can_fill_in_the_fields_and_the_english_name_is_marked_english(self, client, notice):
        form = client.get(SIGNUP_URL).context["form"]
        expected = {
            "email": "email",
            "password1": "new-password",
            "password2": "new-password",
            "name_prefix": "honorific-prefix",
            "first_name": "given-name",
            "last_name": "family-name",
            "first_name_en": "given-name",
            "last_name_en": "family-name",
            "position": "organization-title",
        }
        assert {name: form.fields[name].widget.attrs.get("autocomplete") for name in expected} == expected
        assert form.fields["first_name_en"].widget.attrs["lang"] == "en"
        assert form.fields["last_name_en"].widget.attrs["lang"] == "en"
        assert "lang" not in form.fields["first_name"].widget.attrs

    def test_without_a_privacy_notice_there_is_nothing_to_accept(self, client, site_pages):
        response = client.get(SIGNUP_URL)
        assert "accept_privacy" not in response.context["form"].fields

    def test_a_signed_in_user_is_sent_to_the_profile(self, client, user):
        client.force_login(user)
        response = client.get(SIGNUP_URL)
        assert response.status_code == 302
        assert response["Location"] == reverse("account:profile")


class TestSignup:
    def test_a_new_account_is_created_unverified_and_not_logged_in(self, client, notice):
        response = client.post(SIGNUP_URL, signup_data(email="Suda.Rakthai@Example.go.th"))
        assert response.status_code == 302
        assert response["Location"] == reverse("account:signup-done")
        user = User.objects.get()
        assert user.email == "suda.rakthai@example.go.th"
        assert user.email_verified is False
        assert user.check_password(PASSWORD)
        assert user.get_full_name() == "นางสาวสุดา รักไทย"
        assert user.get_full_name_en() == "Miss Suda Rakthai"
        assert user.preferred_language == "th"
        assert "_auth_user_id" not in client.session

    def test_the_inbox_page_names_the_address(self, client, notice):
        response = client.post(SIGNUP_URL, signup_data(), follow=True)
        assert response.status_code == 200
        assert "suda.rakthai@example.go.th" in response.text
        assert response.redirect_chain[-1][0] == reverse("account:signup-done")

    def test_consent_to_the_current_notice_is_recorded_with_the_address(self, client, notice):
        client.post(SIGNUP_URL, signup_data(), REMOTE_ADDR="203.0.113.9")
        consent = ConsentRecord.objects.get()
        assert consent.user == User.objects.get()
        assert consent.version == "1.0"
        assert consent.notice_id == notice.pk
        assert consent.ip_address == "203.0.113.9"

    def test_the_privacy_notice_must_be_accepted(self, client, notice):
        data = signup_data()
        del data["accept_privacy"]
        response = client.post(SIGNUP_URL, data)
        assert response.status_code == 200
        assert response.context["form"].has_error("accept_privacy")
        assert not User.objects.exists()
        assert len(mail.outbox) == 0

    def test_the_language_in_use_becomes_the_preferred_language(self, client, notice):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.post(SIGNUP_URL, signup_data())
        assert User.objects.get().preferred_language == "en"

    def test_a_civil_servant_with_an_agency_is_accepted(self, client, notice):
        agency = AgencyFactory()
        data = signup_data(learner_type=LearnerType.CIVIL_SERVANT, agency=agency.pk, position="นักทรัพยากรบุคคล")
        client.post(SIGNUP_URL, data)
        user = User.objects.get()
        assert user.agency == agency
        assert user.position == "นักทรัพยากรบุคคล"


class TestSignupBadInput:
    def test_an_email_already_used_in_another_case_is_refused(self, client, notice):
        UserFactory(email="suda.rakthai@example.go.th")
        response = client.post(SIGNUP_URL, signup_data(email="SUDA.Rakthai@EXAMPLE.go.th"))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.has_error("email", code="duplicate_email")
        assert list(form.errors) == ["email"]
        assert User.objects.count() == 1
        assert not ConsentRecord.objects.exists()
        assert len(mail.outbox) == 0

    def test_a_weak_password_gets_the_validators_messages_in_the_active_language(self, client, notice):
        response = client.post(SIGNUP_URL, signup_data(password1="12345678", password2="12345678"))
        assert response.status_code == 200
        errors = response.context["form"].errors["password1"]
        with translation.override("th"):
            # Django's own msgid (MinimumLengthValidator.get_error_message), which uses %d
            too_short = ngettext(
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                10,
            ) % (10,)
            too_common = gettext("This password is too common.")
            numeric = gettext("This password is entirely numeric.")
        assert too_short in errors
        assert too_common in errors
        assert numeric in errors
        assert not User.objects.exists()

    def test_the_messages_follow_the_visitors_language(self, client, notice):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(SIGNUP_URL, signup_data(password1="12345678", password2="12345678"))
        assert "This password is entirely numeric." in response.context["form"].errors["password1"]

    def test_a_password_like_the_name_is_refused(self, client, notice):
        response = client.post(SIGNUP_URL, signup_data(password1="suda.rakthai", password2="suda.rakthai"))
        assert response.context["form"].has_error("password1", code="password_too_similar")
        assert not User.objects.exists()

    def test_passwords_that_differ_are_refused(self, client, notice):
        response = client.post(SIGNUP_URL, signup_data(password2=PASSWORD + "x"))
        assert response.context["form"].has_error("password2", code="password_mismatch")
        assert not User.objects.exists()

    @pytest.mark.parametrize("learner_type", [LearnerType.CIVIL_SERVANT, LearnerType.STATE_ENTERPRISE])
    def test_staff_without_an_agency_get_an_error_on_the_agency_field(self, client, notice, learner_type):
        response = client.post(SIGNUP_URL, signup_data(learner_type=learner_type))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.has_error("agency")
        assert list(form.errors) == ["agency"]
        assert 'aria-invalid="true"' in response.text
        assert 'id="id_agency_error"' in response.text
        assert not User.objects.exists()

    @pytest.mark.parametrize("field", ["first_name", "last_name", "first_name_en", "last_name_en"])
    def test_thai_and_english_names_are_required(self, client, notice, field):
        response = client.post(SIGNUP_URL, signup_data(**{field: ""}))
        assert response.context["form"].has_error(field, code="required")
        assert not User.objects.exists()

    @pytest.mark.parametrize(
        "email",
        [
            "admın@example.go.th",  # dotless ı, which PostgreSQL's UPPER() turns into "I"
            "\u212aate@example.go.th",  # the Kelvin sign, which lower() turns into "k"
            "somchai@ตัวอย่าง.ไทย",
            "สมชาย@example.go.th",
        ],
    )
    def test_an_address_with_letters_other_than_ascii_is_refused_with_a_clear_message(self, client, notice, email):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(SIGNUP_URL, signup_data(email=email))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.has_error("email", code="non_ascii")
        assert "Latin letters (a–z), digits and punctuation only" in response.text
        assert 'id="id_email_error"' in response.text
        assert not User.objects.exists()
        assert len(mail.outbox) == 0

    def test_a_look_alike_of_an_existing_address_gets_no_account_of_its_own(self, client, notice):
        UserFactory(email="admin@example.go.th")
        response = client.post(SIGNUP_URL, signup_data(email="ADMıN@example.go.th"))
        assert response.context["form"].has_error("email", code="non_ascii")
        assert list(User.objects.values_list("email", flat=True)) == ["admin@example.go.th"]


class TestSignupWhenTheNoticeChanges:
    def test_a_notice_updated_while_the_form_was_open_must_be_accepted_again(self, client, notice):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        publish_version(notice, "2.0")
        response = client.post(SIGNUP_URL, signup_data(privacy_version="1.0"))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.has_error("accept_privacy", code="privacy_notice_changed")
        assert form.errors["accept_privacy"] == [
            "The privacy notice has been updated since you opened this page. "
            "Please read the new version and accept it again."
        ]
        # The page now shows, and sends back, the new version, with the box to tick again.
        assert '<input type="hidden" name="privacy_version" value="2.0">' in response.text
        assert "(version 2.0)" in response.text
        assert 'name="accept_privacy" required' in response.text
        assert "checked" not in response.text
        assert not User.objects.exists()
        assert not ConsentRecord.objects.exists()
        assert len(mail.outbox) == 0

        client.post(SIGNUP_URL, signup_data(privacy_version="2.0"))
        assert list(ConsentRecord.objects.values_list("version", flat=True)) == ["2.0"]

    def test_a_form_that_does_not_say_which_notice_it_showed_is_asked_again(self, client, notice):
        data = signup_data()
        del data["privacy_version"]
        response = client.post(SIGNUP_URL, data)
        assert response.context["form"].has_error("accept_privacy", code="privacy_notice_changed")
        assert not User.objects.exists()


class TestSignupRateLimit:
    ADDRESS = "203.0.113.20"

    def sign_up(self, client, number, address=ADDRESS):
        return client.post(SIGNUP_URL, signup_data(email=f"learner{number}@example.go.th"), REMOTE_ADDR=address)

    def test_more_than_ten_sign_ups_an_hour_from_one_network_are_refused(self, client, notice):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for number in range(limits.SIGNUPS_PER_ADDRESS):
            assert self.sign_up(client, number).status_code == 302
        mail.outbox.clear()

        response = self.sign_up(client, 99)

        assert response.status_code == 429
        assert response.context["form"].has_error("__all__", code="too_many_signups")
        assert "Too many sign-ups from your network. Please try again later." in response.text
        assert 'value="learner99@example.go.th"' in response.text
        assert not User.objects.filter(email="learner99@example.go.th").exists()
        assert len(mail.outbox) == 0

    def test_repeated_forms_cannot_be_used_to_test_which_addresses_have_accounts(self, client, notice):
        UserFactory(email="taken@example.go.th")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        data = signup_data(email="taken@example.go.th")
        for _ in range(limits.SIGNUP_ATTEMPTS_PER_ADDRESS):
            assert client.post(SIGNUP_URL, data, REMOTE_ADDR=self.ADDRESS).status_code == 200

        response = client.post(SIGNUP_URL, data, REMOTE_ADDR=self.ADDRESS)

        assert response.status_code == 429
        assert list(response.context["form"].errors) == ["__all__"]
        assert response.context["form"].has_error("__all__", code="too_many_signups")

    def test_sign_ups_from_another_network_go_on(self, client, notice):
        for number in range(limits.SIGNUPS_PER_ADDRESS + 1):
            self.sign_up(client, number)
        assert self.sign_up(client, 99, address="198.51.100.30").status_code == 302
        assert User.objects.filter(email="learner99@example.go.th").exists()

    def test_forms_sent_back_with_mistakes_do_not_count(self, client, notice):
        for _attempt in range(limits.SIGNUPS_PER_ADDRESS + 1):
            client.post(SIGNUP_URL, signup_data(first_name=""), REMOTE_ADDR=self.ADDRESS)
        assert self.sign_up(client, 1).status_code == 302


class TestVerificationEmail:
    def test_it_is_multipart_with_an_absolute_link(self, client, notice):
        client.post(SIGNUP_URL, signup_data())
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["suda.rakthai@example.go.th"]
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        link = verification_link(message)
        assert link in html

    def test_a_thai_user_gets_it_in_thai(self, client, notice):
        client.post(SIGNUP_URL, signup_data())
        with translation.override("th"):
            expected = gettext("Confirm your e-mail address")
        assert expected != "Confirm your e-mail address"
        assert mail.outbox[0].subject == expected

    def test_an_english_user_gets_it_in_english(self, client, notice):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        client.post(SIGNUP_URL, signup_data())
        assert mail.outbox[0].subject == "Confirm your e-mail address"


@pytest.fixture
def new_user(db):
    return UserFactory(email="new@example.go.th", email_verified=False)


def verify_url(user, token=None):
    token = token or email_verification_token.make_token(user)
    return reverse("account:verify-email", kwargs={"uidb64": uid_for(user), "token": token})


class TestVerificationLink:
    def test_opening_the_link_only_shows_a_confirm_button(self, client, new_user):
        response = client.get(verify_url(new_user))
        assert response.status_code == 200
        assert "lms/account/verify_confirm.html" in [t.name for t in response.templates]
        assert '<form class="form" method="post">' in response.text  # the header's forms post too
        new_user.refresh_from_db()
        assert new_user.email_verified is False

    def test_confirming_verifies_without_logging_in_and_asks_to_log_in(self, client, new_user):
        response = client.post(verify_url(new_user))
        assert response.status_code == 302
        query = urlencode({"next": reverse("account:profile"), "email": "new@example.go.th"})
        assert response["Location"] == f"{LOGIN_URL}?{query}"
        new_user.refresh_from_db()
        assert new_user.email_verified is True
        assert "_auth_user_id" not in client.session

    def test_the_login_page_then_says_so_with_the_address_filled_in(self, client, new_user):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(verify_url(new_user), follow=True)
        assert response.status_code == 200
        assert "Your e-mail address is confirmed. Please log in." in response.text
        assert 'value="new@example.go.th"' in response.text
        assert 'name="next" value="/account/profile/"' in response.text
        assert response.context["user"].is_anonymous

    def test_the_whole_way_from_sign_up_to_profile(self, client, notice):
        client.post(SIGNUP_URL, signup_data())
        path = link_path(verification_link(mail.outbox[0]))
        login_page = client.post(path, follow=True)
        assert login_page.redirect_chain[-1][0].startswith(LOGIN_URL)
        assert User.objects.get().email_verified is True

        response = client.post(
            login_page.redirect_chain[-1][0],
            {"username": "suda.rakthai@example.go.th", "password": PASSWORD, "next": reverse("account:profile")},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("account:profile")
        assert response.status_code == 200
        assert client.session["_auth_user_id"] == str(User.objects.get().pk)

    def test_signing_up_on_the_way_to_a_course_leads_back_to_it_after_confirming_in_the_same_browser(
        self, client, notice
    ):
        form = client.get(SIGNUP_URL, {"next": "/courses/pdpa/"})
        assert '<input type="hidden" name="next" value="/courses/pdpa/">' in form.text
        client.post(SIGNUP_URL, signup_data(next="/courses/pdpa/"))

        response = client.post(link_path(verification_link(mail.outbox[0])))

        query = urlencode({"next": "/courses/pdpa/", "email": "suda.rakthai@example.go.th"})
        assert response["Location"] == f"{LOGIN_URL}?{query}"

    def test_a_next_address_on_another_site_is_ignored(self, client, notice):
        client.post(SIGNUP_URL, signup_data(next="https://evil.example.com/"))

        response = client.post(link_path(verification_link(mail.outbox[0])))

        assert "evil" not in response["Location"]
        assert urlencode({"next": reverse("account:profile")}) in response["Location"]

    def test_a_link_used_twice_says_the_address_is_already_verified(self, client, new_user):
        url = verify_url(new_user)
        client.post(url)
        client.logout()
        response = client.post(url)
        assert response.status_code == 200
        assert "account/verify_already.html" in [t.name for t in response.templates][0]
        assert "_auth_user_id" not in client.session
        assert client.get(url).status_code == 200

    def test_a_tampered_link_is_not_valid_and_changes_nothing(self, client, new_user):
        token = email_verification_token.make_token(new_user)
        tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
        response = client.post(verify_url(new_user, tampered))
        assert response.status_code == 400
        assert "lms/account/verify_invalid.html" in [t.name for t in response.templates]
        assert 'action="{}"'.format(reverse("account:verify-resend")) in response.text
        new_user.refresh_from_db()
        assert new_user.email_verified is False
        assert "_auth_user_id" not in client.session

    def test_a_link_for_an_unknown_account_is_not_valid(self, client):
        url = reverse("account:verify-email", kwargs={"uidb64": "OTk5OTk", "token": "abc-123"})
        assert client.get(url).status_code == 400
        assert client.post(url).status_code == 400

    def test_an_expired_link_is_not_valid(self, client, new_user, monkeypatch):
        url = verify_url(new_user)
        later = datetime.datetime.now() + datetime.timedelta(seconds=settings.EMAIL_VERIFICATION_TIMEOUT + 60)
        monkeypatch.setattr(EmailVerificationTokenGenerator, "_now", lambda self: later)
        response = client.post(url)
        assert response.status_code == 400
        new_user.refresh_from_db()
        assert new_user.email_verified is False

    def test_a_link_for_an_older_address_is_not_valid(self, client, new_user):
        url = verify_url(new_user)
        new_user.email = "changed@example.go.th"
        new_user.save()
        assert client.post(url).status_code == 400


class TestResendVerification:
    URL = reverse("account:verify-resend")

    def test_an_unverified_account_gets_a_new_link(self, client, new_user):
        response = client.post(self.URL, {"email": "NEW@example.go.th"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["new@example.go.th"]
        client.post(link_path(verification_link(mail.outbox[0])))
        new_user.refresh_from_db()
        assert new_user.email_verified is True

    def test_the_answer_is_the_same_for_known_and_unknown_addresses(self, client, new_user, user):
        answers = []
        for email in ("new@example.go.th", "nobody@example.go.th", user.email):
            response = client.post(self.URL, {"email": email}, follow=True)
            main = response.text.split("<main", 1)[1].split("</main>", 1)[0]
            answers.append((response.redirect_chain, main))
        assert answers[0] == answers[1] == answers[2]
        assert [m.to for m in mail.outbox] == [["new@example.go.th"]]

    def test_a_verified_account_gets_nothing(self, client, user):
        client.post(self.URL, {"email": user.email})
        assert len(mail.outbox) == 0

    def test_asking_again_at_once_does_not_flood_the_inbox(self, client, new_user):
        client.post(self.URL, {"email": new_user.email})
        client.post(self.URL, {"email": new_user.email})
        assert len(mail.outbox) == 1

    def test_no_more_than_three_links_an_hour_are_sent_and_the_answer_stays_the_same(self, client, new_user):
        answers = []
        for _request in range(limits.VERIFICATION_RESENDS_PER_EMAIL + 1):
            # As if a minute had passed since the last request.
            cache.delete(rate_limit.cache_key("verify-resend:interval", new_user.pk))
            response = client.post(self.URL, {"email": new_user.email}, follow=True)
            answers.append((response.redirect_chain, response.text.split("<main", 1)[1]))
        assert len(mail.outbox) == limits.VERIFICATION_RESENDS_PER_EMAIL
        assert all(answer == answers[0] for answer in answers)

    def test_a_look_alike_address_gets_no_link_for_the_real_account(self, client):
        UserFactory(email="admin@example.go.th", email_verified=False)
        response = client.post(self.URL, {"email": "admın@example.go.th"})
        assert response.status_code == 302
        assert len(mail.outbox) == 0

    def test_the_form_is_prefilled_from_the_login_page_link(self, client):
        response = client.get(self.URL, {"email": "someone@example.go.th"})
        assert 'value="someone@example.go.th"' in response.text
