"""Thai by default; the visitor switches language with a POST form, remembered by cookie and account."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response):
    return BeautifulSoup(response.content, "html.parser").find("html")["lang"]


class TestDefaultLanguage:
    def test_the_home_page_is_thai_by_default(self, client, site_pages):
        response = client.get("/")

        assert html_lang(response) == "th"
        assert response["Content-Language"] == "th"

    def test_the_browser_language_does_not_switch_the_site_to_english(self, client, site_pages):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

        assert html_lang(response) == "th"


class TestLanguageSwitch:
    def test_the_switch_is_a_post_form_in_the_header(self, client, site_pages):
        soup = BeautifulSoup(client.get("/courses/").content, "html.parser")

        form = soup.find("header").find("form", action="/i18n/setlang/")
        assert form["method"] == "post"
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        assert form.find("input", attrs={"name": "next"})["value"] == "/courses/"
        button = form.find("button", attrs={"name": "language"})
        assert button["value"] == "en"
        assert button["lang"] == "en"

    def test_choosing_english_sets_the_cookie_and_returns_to_the_page(self, client, site_pages):
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/courses/?page=2"})

        assert response.status_code == 302
        assert response["Location"] == "/courses/?page=2"
        assert response.cookies[COOKIE].value == "en"

    def test_later_requests_are_in_english(self, client, site_pages):
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})

        response = client.get("/")

        assert html_lang(response) == "en"
        assert response["Content-Language"] == "en"
        switch = BeautifulSoup(response.content, "html.parser").find("button", attrs={"name": "language"})
        assert switch["value"] == "th"

    @pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)"])
    def test_an_off_site_next_goes_home_instead(self, client, site_pages, next_url):
        response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

        assert response.status_code == 302
        assert response["Location"] == "/"

    def test_an_unknown_language_changes_nothing(self, client, site_pages):
        response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

        assert response.status_code == 302
        assert COOKIE not in response.cookies
        assert html_lang(client.get("/")) == "th"

    def test_the_switch_does_not_answer_a_get(self, client, site_pages):
        response = client.get("/i18n/setlang/", {"language": "en", "next": "/"})

        assert response.status_code == 405
        assert COOKIE not in response.cookies


class TestSignedInLanguage:
    def test_the_choice_is_saved_on_the_account(self, client, site_pages, user):
        client.force_login(user)

        client.post("/i18n/setlang/", {"language": "en", "next": "/"})

        user.refresh_from_db()
        assert user.preferred_language == "en"

    def test_the_saved_choice_is_used_when_the_cookie_is_absent(self, client, site_pages, user):
        client.force_login(user)
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        del client.cookies[COOKIE]

        response = client.get("/")

        assert html_lang(response) == "en"

    def test_the_cookie_wins_over_the_saved_choice(self, client, site_pages, user):
        user.preferred_language = "en"
        user.save()
        client.force_login(user)
        client.cookies[COOKIE] = "th"

        assert html_lang(client.get("/")) == "th"
