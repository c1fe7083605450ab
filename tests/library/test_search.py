"""Searching the e-library (/library/?q=): Thai words inside Thai text, every catalogued field, odd input.

Run on PostgreSQL too: ``DATABASE_URL=postgres://... pytest tests/library/test_search.py``.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from tests.factories import make_document, make_library_item

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".library-card__title a")]


def item(index, title, **fields):
    """An item with an external address only (no PDF to make) and no publisher (the factory's names a ราชการ office)."""
    fields.setdefault("publisher", "")
    fields.setdefault("document", False)
    fields.setdefault("external_url", "https://www.example.go.th/item")
    return make_library_item(index, title=title, **fields)


def found(client, index, q, **params):
    return sorted(titles(client.get(index.url, {"q": q, **params})))


@pytest.fixture
def index(site_pages):
    return site_pages["library"]


class TestThaiWords:
    def test_a_thai_word_inside_a_run_of_thai_text_is_found(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")
        item(index, "ความปลอดภัยไซเบอร์สำหรับหน่วยงาน")

        assert found(client, index, "ราชการ") == ["หลักสูตรการบริหารราชการแผ่นดิน"]
        assert found(client, index, "ไซเบอร์") == ["ความปลอดภัยไซเบอร์สำหรับหน่วยงาน"]

    def test_a_thai_phrase_typed_without_spaces_is_split_like_the_index(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")
        item(index, "การเขียนหนังสือราชการ")

        assert found(client, index, "การบริหารราชการ") == ["หลักสูตรการบริหารราชการแผ่นดิน"]

    def test_thai_and_english_words_mix_and_every_word_must_match(self, client, index):
        item(index, "คู่มือ Open Data สำหรับหน่วยงานราชการ")
        item(index, "Open Data Handbook")
        item(index, "คู่มือการจัดเก็บเอกสารราชการ")

        assert found(client, index, "ราชการ open data") == ["คู่มือ Open Data สำหรับหน่วยงานราชการ"]
        assert found(client, index, "OPEN data") == ["Open Data Handbook", "คู่มือ Open Data สำหรับหน่วยงานราชการ"]


class TestWhatIsSearched:
    @pytest.mark.parametrize(
        ("fields", "query"),
        [
            ({"title_en": "Civil service ethics handbook"}, "ethics"),
            ({"creators": ["สมชาย ใจดี", "Jane Smith"]}, "smith"),
            ({"creators": ["สำนักงานคณะกรรมการข้าราชการพลเรือน"]}, "ข้าราชการพลเรือน"),
            ({"subjects": ["ธรรมาภิบาล"]}, "ธรรมาภิบาล"),
            ({"description": "<p>แนวทางการจัดซื้อจัดจ้างภาครัฐอย่างโปร่งใส</p>"}, "จัดซื้อ"),
        ],
        ids=["english-title", "creator-en", "creator-th", "subject", "description"],
    )
    def test_each_catalogued_field_is_searched(self, client, index, fields, query):
        item(index, "เอกสารที่ต้องการ", **fields)
        item(index, "เอกสารอื่น")

        assert found(client, index, query) == ["เอกสารที่ต้องการ"]

    def test_the_text_inside_an_uploaded_pdf_is_searched(self, client, index):
        pdf = make_document(filename="manual.pdf", text="แนวปฏิบัติการคุ้มครองข้อมูลส่วนบุคคลของหน่วยงานรัฐ")
        make_library_item(index, title="คู่มือ PDPA", document=pdf, publisher="")
        item(index, "เอกสารอื่น")

        assert found(client, index, "คุ้มครองข้อมูล") == ["คู่มือ PDPA"]

    def test_drafts_and_private_items_are_not_found(self, client, index):
        from wagtail.models import PageViewRestriction

        item(index, "ราชการฉบับร่าง", publish=False)
        private = item(index, "ราชการส่วนตัว")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        assert found(client, index, "ราชการ") == []


class TestSearchWithFacetsAndSort:
    def test_search_combines_with_facets_and_their_counts_follow_the_words(self, client, index):
        item(index, "คู่มือราชการ", item_type="manual")
        item(index, "รายงานราชการ", item_type="report")
        item(index, "รายงานไซเบอร์", item_type="report")

        response = english(client).get(index.url, {"q": "ราชการ", "type": "report"})

        assert titles(response) == ["รายงานราชการ"]
        fieldset = soup_of(response).select_one('fieldset[data-facet="type"]')
        counts = [" ".join(label.get_text().split()) for label in fieldset.select("label")]
        assert counts == ["Report (1 item)", "Manual or guide (1 item)"]

    def test_best_match_is_the_default_order_with_words(self, client, index):
        item(index, "เอกสารอื่นที่กล่าวถึงงบประมาณ", description="<p>มีเรื่องอื่นมากมาย ไม่ค่อยเกี่ยว</p>")
        item(index, "งบประมาณ งบประมาณ งบประมาณ", description="<p>งบประมาณแผ่นดิน งบประมาณรายจ่าย</p>")

        response = client.get(index.url, {"q": "งบประมาณ"})

        assert response.context["choices"].sort == "relevance"
        assert titles(response)[0] == "งบประมาณ งบประมาณ งบประมาณ"

    def test_an_item_whose_title_holds_the_words_comes_before_one_that_only_mentions_them(self, client, index):
        item(index, "สรุปข่าวประจำสัปดาห์", description="<p>ข่าวราชการ</p>")
        item(
            index,
            "คู่มือการบริหารราชการแผ่นดิน",
            description="<p>" + " ".join(["แนวทางการทำงานของหน่วยงานภาครัฐในภูมิภาค"] * 40) + "</p>",
        )

        assert titles(client.get(index.url, {"q": "ราชการ"})) == ["คู่มือการบริหารราชการแผ่นดิน", "สรุปข่าวประจำสัปดาห์"]

    def test_another_order_can_be_chosen_with_words(self, client, index):
        item(index, "ข. ราชการ", date_issued="2024")
        item(index, "ก. ราชการ", date_issued="2020")

        assert titles(client.get(index.url, {"q": "ราชการ", "sort": "title"})) == ["ก. ราชการ", "ข. ราชการ"]
        assert titles(client.get(index.url, {"q": "ราชการ", "sort": "newest"})) == ["ข. ราชการ", "ก. ราชการ"]

    def test_the_result_count_names_the_words_and_the_window_title_counts_too(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")

        soup = soup_of(english(client).get(index.url, {"q": "ราชการ"}))

        assert soup.select_one('[role="status"]').get_text(strip=True) == "1 item matches “ราชการ”"
        assert soup.title.get_text().startswith(f"{index.title}: 1 item found |")


class TestNoResults:
    def test_no_results_says_so_and_suggests_what_to_try(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")

        response = english(client).get(index.url, {"q": "ดาราศาสตร์"})

        assert response.status_code == 200
        empty = soup_of(response).select_one(".library-empty")
        assert empty.select_one(".empty-state__title").get_text(strip=True) == "Nothing matches “ดาราศาสตร์”."
        tips = empty.select_one(".library-empty__tips").get_text(" ", strip=True)
        assert "fewer words" in tips
        assert "spelling" in tips
        assert "in English or in Thai" in tips
        assert "removing a filter" not in tips
        assert empty.select_one(f'a[href="{index.url}"]') is not None
        # The search box keeps the words, so they can be changed.
        assert soup_of(response).select_one("#library-q")["value"] == "ดาราศาสตร์"

    def test_each_active_filter_gets_a_link_that_removes_it(self, client, index):
        item(index, "คู่มือราชการ", item_type="manual", language="th")

        response = english(client).get(index.url, {"q": "ราชการ", "type": "report", "language": "th"})

        empty = soup_of(response).select_one(".library-empty")
        assert "with these filters" in empty.select_one(".empty-state__title").get_text()
        links = {
            a.get_text(strip=True): parse_qs(urlsplit(a["href"]).query)
            for a in empty.select(".library-empty__remove a")
        }
        assert links["without “Type: Report”"] == {"q": ["ราชการ"], "language": ["th"]}
        assert links["without “Language: Thai”"] == {"q": ["ราชการ"], "type": ["report"]}
        assert links["without “Words: ราชการ”"] == {"type": ["report"], "language": ["th"]}
        # Following the link that removes the type finds the manual.
        without_type = next(a["href"] for a in empty.select(".library-empty__remove a") if "Type" in a.get_text())
        assert titles(client.get(without_type)) == ["คู่มือราชการ"]

    def test_filters_alone_without_results_suggest_removing_them(self, client, index):
        item(index, "คู่มือราชการ", item_type="manual")

        empty = soup_of(english(client).get(index.url, {"type": "video"})).select_one(".library-empty")

        assert empty.select_one(".empty-state__title").get_text(strip=True) == "Nothing matches these filters."
        assert "fewer words" not in empty.get_text()
        assert empty.select(".library-empty__remove a")

    def test_words_typed_on_the_wrong_keyboard_layout_are_offered_in_thai(self, client, index):
        from pythainlp.util import thai_to_eng

        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")
        typed = thai_to_eng("ราชการ")  # what the keys give with the English layout on

        response = english(client).get(index.url, {"q": typed})

        link = soup_of(response).select_one(".library-empty__alternative a")
        assert link.get_text() == "ราชการ"
        assert link["lang"] == "th"
        assert titles(client.get(link["href"])) == ["หลักสูตรการบริหารราชการแผ่นดิน"]

    def test_no_layout_suggestion_when_it_would_not_find_anything_either(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")

        response = client.get(index.url, {"q": "qwertyuiop"})

        assert soup_of(response).select_one(".library-empty__alternative") is None


class TestOddInput:
    @pytest.mark.parametrize(
        "query",
        [
            '"ราชการ',
            "ราชการ*",
            "ราชการ OR *",
            "NEAR(ราชการ) AND -",
            'title:"x" AND NOT y',
            "a\x00b",
            "'); DROP TABLE library_libraryitempage; --",
            "%_%",
            "ราชการ" * 2000,
            "ก" * 10000,
            "((((((((((",
            "🙂📚",
        ],
    )
    def test_odd_search_words_never_fail(self, client, index, query):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")

        response = client.get(index.url, {"q": query})

        assert response.status_code == 200

    def test_operators_are_taken_as_plain_words(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")
        item(index, "ไซเบอร์")

        assert found(client, index, '"ราชการ*"') == ["หลักสูตรการบริหารราชการแผ่นดิน"]
        assert found(client, index, "ราชการ OR ไซเบอร์") == []  # OR is a word to find, not an operator

    def test_a_very_long_search_is_cut_and_the_visitor_is_told(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")

        response = english(client).get(index.url, {"q": "ราชการ " + "x" * 9000})

        assert response.status_code == 200
        notes = [p.get_text(strip=True) for p in soup_of(response).select(".library-note")]
        assert notes == ["Only the first 200 characters of your search were used."]
        assert len(soup_of(response).select_one("#library-q")["value"]) <= 200

    def test_punctuation_alone_shows_everything_and_says_why(self, client, index):
        item(index, "หลักสูตรการบริหารราชการแผ่นดิน")

        response = english(client).get(index.url, {"q": "?!*()"})

        assert titles(response) == ["หลักสูตรการบริหารราชการแผ่นดิน"]
        assert "no letters or numbers" in soup_of(response).select_one(".library-note").get_text()
