"""What a visitor does in a real browser: switch language, sign up, confirm, log in, edit the profile.

Elements are found by id, name, role or URL, never by their wording: the wording is
translated. Where a test needs to see a message, it asks Django for the text the page
shows in that language (``in_language``).
"""

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from lms.models import ConsentRecord, LearnerType, User
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, UserFactory, add_privacy_notice

PASSWORD = "Khao-niao-mamuang-2569"
EMAIL = "suda.rakthai@example.go.th"
NEW_POSITION = "นักวิเคราะห์นโยบายและแผนชำนาญการ"


def in_language(language, msgid):
    """The text the site shows for ``msgid`` in ``language``."""
    with translation.override(language):
        return gettext(msgid)


def submit_button(page):
    """The submit button of the one form in the page's main content."""
    return page.locator("main form[method=post] button[type=submit]")


def fill_signup_form(page, agency=None, accept_privacy=True):
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_name_prefix").select_option("นางสาว")
    page.locator("#id_first_name").fill("สุดา")
    page.locator("#id_last_name").fill("รักไทย")
    page.locator("#id_first_name_en").fill("Suda")
    page.locator("#id_last_name_en").fill("Rakthai")
    page.locator("#id_learner_type").select_option(LearnerType.CIVIL_SERVANT.value)
    if agency is not None:
        page.locator("#id_agency").select_option(str(agency.pk))
    page.locator("#id_position").fill("นักวิเคราะห์นโยบายและแผน")
    if accept_privacy and page.locator("#id_accept_privacy").count():
        page.locator("#id_accept_privacy").check()


def verification_link(live_url):
    """The confirmation link in the last e-mail sent, which must point at the live server."""
    body = mail.outbox[-1].body
    match = re.search(re.escape(live_url) + r"/account/verify/[^/\s]+/[^/\s]+/", body)
    assert match, body
    return match.group(0)


class TestLanguageSwitcher:
    def test_english_chosen_in_the_header_is_kept_on_other_pages_until_thai_is_chosen_again(self, page, live_site):
        home_url = live_site.url_of(live_site.pages["home"])
        courses_url = live_site.url_of(live_site.pages["courses"])
        html = page.locator("html")
        page.goto(home_url)
        expect(html).to_have_attribute("lang", "th")

        page.locator("header button[name=language][value=en]").click()

        expect(html).to_have_attribute("lang", "en")
        expect(page).to_have_url(home_url)
        # The switcher now offers Thai, labelled in Thai for Thai readers.
        expect(page.locator("header button[name=language][value=th]")).to_have_attribute("lang", "th")

        page.locator("#site-nav a[href='/courses/']").click()

        expect(page).to_have_url(courses_url)
        expect(html).to_have_attribute("lang", "en")

        page.locator("header button[name=language][value=th]").click()

        expect(html).to_have_attribute("lang", "th")
        expect(page).to_have_url(courses_url)
        page.goto(home_url)
        expect(html).to_have_attribute("lang", "th")


class TestSignupJourney:
    def test_a_civil_servant_signs_up_confirms_the_address_logs_in_and_edits_the_profile(self, page, live_site):
        agency = AgencyFactory(name_th="กรมบัญชีกลาง", name_en="The Comptroller General's Department")
        notice = add_privacy_notice(live_site.pages["home"], version="1.0")
        page.goto(live_site.url + reverse("account:signup"))

        fill_signup_form(page, agency=agency)
        submit_button(page).click()

        expect(page).to_have_url(live_site.url + reverse("account:signup-done"))
        expect(page.locator("main h1")).to_have_text(in_language("th", "Check your inbox"))
        expect(page.locator("main strong")).to_have_text(EMAIL)
        user = User.objects.get(email=EMAIL)
        assert user.email_verified is False
        assert user.agency == agency
        assert ConsentRecord.objects.filter(user=user, notice=notice, version="1.0").exists()
        assert mail.outbox[-1].to == [EMAIL]

        page.goto(verification_link(live_site.url))
        submit_button(page).click()

        # Confirming does not log in: the login page follows, the address filled in.
        expect(page).to_have_url(re.compile(re.escape(live_site.url + reverse("account:login")) + r"\?"))
        expect(page.locator("[role=status] .messages")).to_contain_text(
            in_language("th", "Your e-mail address is confirmed. Please log in.")
        )
        expect(page.locator("header .site-account__name")).to_have_count(0)
        user.refresh_from_db()
        assert user.email_verified is True
        expect(page.locator("#id_username")).to_have_value(EMAIL)
        expect(page.locator("#id_password")).to_be_focused()

        page.locator("#id_username").fill("Suda.RakThai@Example.GO.TH")
        page.locator("#id_password").fill(PASSWORD)
        submit_button(page).click()

        expect(page).to_have_url(live_site.url + reverse("account:profile"))
        expect(page.locator("header .site-account__name")).to_have_text(user.get_short_name())
        expect(page.locator("#id_agency")).to_have_value(str(agency.pk))
        page.locator("#id_position").fill(NEW_POSITION)
        page.locator("#id_first_name_en").fill("Sudarat")
        submit_button(page).click()

        expect(page.locator(".messages")).to_contain_text(in_language("th", "Your profile has been saved."))
        page.reload()
        expect(page.locator("#id_position")).to_have_value(NEW_POSITION)
        expect(page.locator("#id_first_name_en")).to_have_value("Sudarat")
        user.refresh_from_db()
        assert user.position == NEW_POSITION
        assert user.first_name_en == "Sudarat"
        assert user.first_name == "สุดา"

    def test_a_civil_servant_without_an_agency_is_shown_the_error_at_the_agency_field(self, page, live_site):
        AgencyFactory()
        page.goto(live_site.url + reverse("account:signup"))

        fill_signup_form(page, agency=None)
        submit_button(page).click()

        agency_field = page.locator("#id_agency")
        expect(agency_field).to_have_attribute("aria-invalid", "true")
        expect(agency_field).to_have_attribute("aria-describedby", re.compile(r"(^|\s)id_agency_error(\s|$)"))
        expect(page.locator("#id_agency_error")).to_have_text(
            in_language("th", "Civil servants and state-enterprise staff must choose their agency.")
        )
        # The summary at the top of the form has the focus and links to the field.
        expect(page.locator("[data-error-summary]")).to_be_focused()
        expect(page.locator(".form-errors a[href='#id_agency']")).to_have_count(1)
        # What was typed is kept, except the passwords.
        expect(page.locator("#id_email")).to_have_value(EMAIL)
        expect(page.locator("#id_learner_type")).to_have_value(LearnerType.CIVIL_SERVANT.value)
        assert not User.objects.filter(email=EMAIL).exists()
        assert mail.outbox == []


class TestKeyboard:
    def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(self, page, live_site):
        page.goto(live_site.url_of(live_site.pages["home"]))

        page.keyboard.press("Tab")

        skip_link = page.locator("a.skip-link")
        expect(skip_link).to_be_focused()
        expect(skip_link).to_have_attribute("href", "#main")
        expect(skip_link).to_be_visible()

        page.keyboard.press("Enter")

        expect(page.locator("main#main")).to_be_focused()

    def test_the_login_form_is_filled_and_sent_with_the_keyboard_alone(self, page, live_site):
        user = UserFactory(email="somying@example.go.th")
        page.goto(live_site.url + reverse("account:login"))

        # The e-mail field has the focus when the page opens.
        expect(page.locator("#id_username")).to_be_focused()
        page.keyboard.type(user.email)
        page.keyboard.press("Tab")
        expect(page.locator("#id_password")).to_be_focused()
        page.keyboard.type(DEFAULT_PASSWORD)
        page.keyboard.press("Tab")
        expect(submit_button(page)).to_be_focused()
        page.keyboard.press("Enter")

        expect(page).to_have_url(live_site.url + settings.LOGIN_REDIRECT_URL)
        expect(page.locator("header .site-account__name")).to_have_text(user.get_short_name())
