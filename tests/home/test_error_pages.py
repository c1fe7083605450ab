"""The 403, 404 and 500 pages, in Thai and in English."""

import copy

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

FAILING_URLS = "tests.home.urls_failing"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class TestNotFoundPage:
    def test_an_unknown_address_gives_404_with_a_search_box_and_a_link_home(self, client, site_pages):
        response = english(client).get("/no-such-page/")

        assert response.status_code == 404
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text(strip=True) == "Page not found"
        form = soup.find("main").find("form", attrs={"role": "search"})
        assert form["action"] == "/search/"
        assert form["method"] == "get"
        field = form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": field["id"]})
        assert soup.find("main").find("a", href="/")

    def test_the_404_page_is_in_thai_by_default(self, client, site_pages):
        response = client.get("/no-such-page/")

        assert response.status_code == 404
        assert b'<html lang="th">' in response.content
        assert response["Content-Language"] == "th"

    def test_the_404_page_keeps_the_site_header_and_menu(self, client, site_pages):
        response = client.get("/no-such-page/")

        soup = BeautifulSoup(response.content, "html.parser")
        menu = [a.get_text(strip=True) for a in soup.select("#site-nav a")]
        assert "หลักสูตร" in menu


class TestPermissionDeniedPage:
    def test_a_forbidden_page_gives_403_and_says_so(self, client, site_pages, settings):
        settings.ROOT_URLCONF = FAILING_URLS

        response = english(client).get("/forbidden/")

        assert response.status_code == 403
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text(strip=True) == "Access denied"
        assert soup.find("html")["lang"] == "en"

    def test_the_403_page_is_in_thai_by_default(self, client, site_pages, settings):
        settings.ROOT_URLCONF = FAILING_URLS

        response = client.get("/forbidden/")

        assert response.status_code == 403
        assert b'<html lang="th">' in response.content


class TestServerErrorPage:
    def test_a_failing_view_gives_500_with_an_apology_and_a_link_home(self, site_pages, settings):
        settings.ROOT_URLCONF = FAILING_URLS
        client = english(Client(raise_request_exception=False))

        response = client.get("/broken/")

        assert response.status_code == 500
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("html")["lang"] == "en"
        assert soup.h1.get_text(strip=True) == "Something went wrong"
        assert soup.find("main").find("a", href="/")
        assert soup.find("link", rel="stylesheet", href="/static/css/site.css")

    def test_the_500_page_is_in_thai_by_default(self, site_pages, settings):
        settings.ROOT_URLCONF = FAILING_URLS

        response = Client(raise_request_exception=False).get("/broken/")

        assert response.status_code == 500
        assert b'<html lang="th">' in response.content

    def test_the_500_page_renders_even_when_the_context_processors_fail(self, site_pages, settings):
        settings.ROOT_URLCONF = FAILING_URLS
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["context_processors"].append(f"{FAILING_URLS}.broken_context_processor")
        settings.TEMPLATES = templates

        response = english(Client(raise_request_exception=False)).get("/broken/")

        assert response.status_code == 500
        assert b"Something went wrong" in response.content


class TestCsrfFailurePage:
    def test_a_form_sent_without_its_token_gets_the_sites_own_explanation(self, site_pages):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.cookies["lms_language"] = "en"
        response = client.post("/i18n/setlang/", {"language": "th", "next": "/"})

        assert response.status_code == 403
        assert 'class="site-header' in response.content.decode()
        assert "Nothing was changed." in response.content.decode()
        assert "lms_language" not in response.cookies
