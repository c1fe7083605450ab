"""The site search: Thai words inside runs of Thai text, English words, no results, pages."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.search.backends import get_search_backend

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def publish_and_index(parent, title, slug, **fields):
    page = StandardPage(title=title, slug=slug, **fields)
    parent.add_child(instance=page)
    get_search_backend().add(page)
    return page


def result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-results .search-result__title a")]


class TestSearch:
    def test_a_thai_word_inside_a_run_of_thai_text_is_found(self, client, site_pages):
        publish_and_index(site_pages["home"], "แนะนำหลักสูตร", "about-courses", introduction="หลักสูตรการบริหารราชการแผ่นดิน")
        publish_and_index(site_pages["home"], "ติดต่อเรา", "contact", introduction="โทรศัพท์และอีเมล")

        response = client.get("/search/", {"q": "ราชการ"})

        assert response.status_code == 200
        assert result_titles(response) == ["แนะนำหลักสูตร"]

    def test_quotes_and_operators_in_a_query_are_ignored_rather_than_failing(self, client, site_pages):
        publish_and_index(site_pages["home"], "แนะนำหลักสูตร", "about-courses", introduction="หลักสูตรการบริหารราชการแผ่นดิน")

        response = client.get("/search/", {"q": '"ราชการ* OR (NEAR'})

        assert response.status_code == 200
        assert result_titles(response) == []
        assert result_titles(client.get("/search/", {"q": '"ราชการ"'})) == ["แนะนำหลักสูตร"]

    def test_a_thai_phrase_finds_the_page_with_all_its_words(self, client, site_pages):
        publish_and_index(site_pages["home"], "แนะนำหลักสูตร", "about-courses", introduction="หลักสูตรการบริหารราชการแผ่นดิน")

        response = client.get("/search/", {"q": "การบริหารราชการ"})

        assert result_titles(response) == ["แนะนำหลักสูตร"]

    def test_a_word_inside_a_thai_compound_is_found(self, client, site_pages):
        publish_and_index(site_pages["home"], "งานสารบรรณ", "saraban", introduction="การเขียนหนังสือราชการ")
        publish_and_index(site_pages["home"], "ติดต่อเรา", "contact", introduction="โทรศัพท์และอีเมล")

        assert result_titles(client.get("/search/", {"q": "ราชการ"})) == ["งานสารบรรณ"]
        assert result_titles(client.get("/search/", {"q": "หนังสือราชการ"})) == ["งานสารบรรณ"]

    def test_markup_in_rich_text_is_not_indexed_as_words(self, client, site_pages):
        publish_and_index(site_pages["home"], "แนะนำ", "intro", introduction="<strong>ข้อมูล</strong>")

        assert result_titles(client.get("/search/", {"q": "strong"})) == []
        assert result_titles(client.get("/search/", {"q": "ข้อมูล"})) == ["แนะนำ"]

    def test_an_english_word_is_found(self, client, site_pages):
        publish_and_index(
            site_pages["home"], "Digital government", "digital", introduction="An introduction to cybersecurity."
        )

        response = client.get("/search/", {"q": "Cybersecurity"})

        assert result_titles(response) == ["Digital government"]

    def test_each_result_shows_its_link_and_description(self, client, site_pages):
        publish_and_index(site_pages["home"], "ข้อมูลเปิด", "open-data", search_description="ชุดข้อมูลเปิดของหน่วยงานภาครัฐ")

        soup = BeautifulSoup(english(client).get("/search/", {"q": "ข้อมูลเปิด"}).content, "html.parser")

        result = soup.select_one(".search-result")
        assert result.a["href"] == "/open-data/"
        assert result.find(class_="search-result__text").get_text(strip=True) == "ชุดข้อมูลเปิดของหน่วยงานภาครัฐ"
        assert soup.find(class_="result-count").get_text(strip=True) == "1 result for “ข้อมูลเปิด”"

    def test_a_query_with_no_match_says_so_and_suggests_what_to_try(self, client, site_pages):
        publish_and_index(site_pages["home"], "ติดต่อเรา", "contact", introduction="โทรศัพท์และอีเมล")

        response = english(client).get("/search/", {"q": "quantum"})

        soup = BeautifulSoup(response.content, "html.parser")
        assert result_titles(response) == []
        assert soup.find(class_="result-count").get_text(strip=True) == "0 results for “quantum”"
        empty = soup.find(class_="empty-state").get_text(" ", strip=True)
        assert "Nothing on this site matches “quantum”." in empty
        assert "checking the spelling" in empty

    def test_draft_pages_are_not_found(self, client, site_pages):
        publish_and_index(site_pages["home"], "ร่างประกาศ", "draft", introduction="ประกาศรับสมัคร", live=False)

        assert result_titles(client.get("/search/", {"q": "ประกาศ"})) == []
        # The same query does find a published page: the draft was left out, not the search broken.
        publish_and_index(site_pages["home"], "ประกาศผล", "results", introduction="ประกาศผลการสอบ")
        assert result_titles(client.get("/search/", {"q": "ประกาศ"})) == ["ประกาศผล"]

    def test_the_search_box_is_labelled_and_keeps_the_query(self, client, site_pages):
        soup = BeautifulSoup(client.get("/search/", {"q": "ราชการ"}).content, "html.parser")

        field = soup.find("main").find("input", attrs={"name": "q"})
        assert field["value"] == "ราชการ"
        assert soup.find("main").find("label", attrs={"for": field["id"]})
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"

    def test_without_a_query_the_page_shows_only_the_search_box(self, client, site_pages):
        soup = BeautifulSoup(client.get("/search/").content, "html.parser")

        assert soup.find("main").find("input", attrs={"name": "q"})
        assert not soup.find(class_="result-count")
        assert not soup.find(class_="empty-state")

    def test_results_come_ten_to_a_page_and_the_page_links_keep_the_query(self, client, site_pages):
        for number in range(12):
            publish_and_index(site_pages["home"], f"ประกาศ {number}", f"notice-{number}", introduction="ประกาศรับสมัคร")

        first = client.get("/search/", {"q": "ประกาศ"})
        second = client.get("/search/", {"q": "ประกาศ", "page": 2})

        assert len(result_titles(first)) == 10
        soup = BeautifulSoup(first.content, "html.parser")
        assert soup.find("a", rel="next")["href"] == "?q=%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%81%E0%B8%B2%E0%B8%A8&page=2"
        assert len(result_titles(second)) == 2
        assert BeautifulSoup(second.content, "html.parser").find("ol", class_="search-results")["start"] == "11"
