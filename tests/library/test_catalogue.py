"""The e-library's index (/library/): what is listed, facets with counts, the year range, sort orders, pages."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from library.models import ItemUsageTotal, Subject
from tests.factories import make_library_item

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".library-card__title a")]


def item(index, title, **fields):
    """An item with an external address only: no PDF to make, so the tests stay quick."""
    fields.setdefault("document", False)
    fields.setdefault("external_url", "https://www.example.go.th/item")
    return make_library_item(index, title=title, **fields)


def facet_counts(response, facet):
    """``{label: count}`` of one facet as the visitor reads it."""
    fieldset = soup_of(response).select_one(f'fieldset[data-facet="{facet}"]')
    if fieldset is None:
        return {}
    counts = {}
    for option in fieldset.select(".library-facet__option"):
        label = option.select_one("label")
        count = label.select_one(".library-facet__count")
        number = "".join(ch for ch in count.get_text() if ch.isdigit())
        count.extract()
        counts[label.get_text(strip=True)] = int(number)
    return counts


def checked(response, facet):
    return [box["value"] for box in soup_of(response).select(f'input[name="{facet}"][checked]')]


class TestWhatIsListed:
    def test_only_live_public_items_of_the_library_are_listed(self, client, site_pages):
        index = site_pages["library"]
        item(index, "คู่มือที่เผยแพร่")
        item(index, "คู่มือฉบับร่าง", publish=False)
        private = item(index, "คู่มือเฉพาะสมาชิก")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        response = client.get(index.url)

        assert response.status_code == 200
        assert titles(response) == ["คู่มือที่เผยแพร่"]
        assert "คู่มือฉบับร่าง" not in response.content.decode()

    def test_items_for_signed_in_users_or_civil_servants_are_listed_with_a_badge(self, client, site_pages):
        index = site_pages["library"]
        item(index, "คู่มือเปิด", access="open")
        item(index, "คู่มือสำหรับสมาชิก", access="signed_in")
        item(index, "คู่มือสำหรับข้าราชการ", access="civil_servants")

        response = english(client).get(index.url)

        badges = {
            card.select_one(".library-card__title").get_text(strip=True): card.select_one(".library-badge")
            for card in soup_of(response).select(".library-card")
        }
        assert badges["คู่มือเปิด"] is None
        assert badges["คู่มือสำหรับสมาชิก"].get_text(strip=True) == "Signed-in users"
        assert badges["คู่มือสำหรับข้าราชการ"].get_text(strip=True) == "Civil servants only"

    def test_a_card_shows_creators_type_year_in_the_buddhist_era_and_language(self, client, site_pages):
        item(
            site_pages["library"],
            "รายงานประจำปี",
            title_en="Annual report",
            creators=["สมชาย ใจดี", "Jane Smith", "กรมบัญชีกลาง", "John Doe"],
            item_type="report",
            date_issued="2023",
            description="<p>รายงานผลการดำเนินงาน &amp; งบประมาณ</p>",
        )

        card = soup_of(client.get(site_pages["library"].url)).select_one(".library-card")

        assert card.select_one(".library-card__title-en").get_text(strip=True) == "Annual report"
        creators = card.select_one(".library-card__creators").get_text(" ", strip=True)
        assert "สมชาย ใจดี; Jane Smith; กรมบัญชีกลาง" in creators
        assert "John Doe" not in creators  # the first three, then "and others"
        assert card.select_one('[data-fact="year"]').get_text(strip=True) == "พ.ศ. 2566"
        assert card.select_one(".library-card__summary").get_text(strip=True) == "รายงานผลการดำเนินงาน & งบประมาณ"

    def test_an_empty_library_says_so_without_a_search_form(self, client, site_pages):
        response = english(client).get(site_pages["library"].url)

        assert "No library items yet." in response.content.decode()
        assert soup_of(response).select_one("#library-filters") is None


@pytest.fixture
def shelf(site_pages):
    """Five items across types, languages, access, years and subjects."""
    index = site_pages["library"]
    item(index, "กฎหมายปกครอง", item_type="law", language="th", date_issued="2019", subjects=["กฎหมาย"])
    item(index, "พระราชบัญญัติข้อมูล", item_type="law", language="th", date_issued="2022", subjects=["กฎหมาย", "ข้อมูล"])
    item(index, "Open data handbook", item_type="manual", language="en", date_issued="2021", subjects=["ข้อมูล"])
    item(
        index,
        "คู่มือข้อมูลเปิด",
        item_type="manual",
        language="th",
        date_issued="2023",
        access="signed_in",
        subjects=["ข้อมูล"],
    )
    item(index, "Digital report", item_type="report", language="en", date_issued="2024", access="civil_servants")
    return index


class TestFacets:
    def test_every_facet_counts_its_values(self, client, shelf):
        response = english(client).get(shelf.url)

        assert facet_counts(response, "type") == {"Manual or guide": 2, "Report": 1, "Law and regulation": 2}
        assert facet_counts(response, "language") == {"Thai": 3, "English": 2}
        assert facet_counts(response, "access") == {
            "Open to everyone": 3,
            "Signed-in users": 1,
            "Civil servants only": 1,
        }
        assert facet_counts(response, "subject") == {"ข้อมูล": 3, "กฎหมาย": 2}

    def test_counts_follow_the_other_facets_but_not_their_own(self, client, shelf):
        response = english(client).get(shelf.url, {"type": "law"})

        assert sorted(titles(response)) == ["กฎหมายปกครอง", "พระราชบัญญัติข้อมูล"]
        # The type facet still offers the other types with their full counts...
        assert facet_counts(response, "type") == {"Manual or guide": 2, "Report": 1, "Law and regulation": 2}
        # ...and every other facet counts only laws.
        assert facet_counts(response, "language") == {"Thai": 2}
        assert facet_counts(response, "subject") == {"กฎหมาย": 2, "ข้อมูล": 1}
        assert checked(response, "type") == ["law"]

    def test_values_of_one_facet_add_up_and_facets_narrow_each_other(self, client, shelf):
        either = client.get(shelf.url, {"type": ["law", "report"]})
        both = client.get(shelf.url, {"type": ["law", "report"], "language": "en"})

        assert sorted(titles(either)) == ["Digital report", "กฎหมายปกครอง", "พระราชบัญญัติข้อมูล"]
        assert titles(both) == ["Digital report"]

    def test_a_subject_filter_lists_the_items_with_that_subject(self, client, shelf):
        data = Subject.objects.get(name="ข้อมูล")

        response = client.get(shelf.url, {"subject": data.pk})

        assert sorted(titles(response)) == ["Open data handbook", "คู่มือข้อมูลเปิด", "พระราชบัญญัติข้อมูล"]
        assert checked(response, "subject") == [str(data.pk)]

    def test_the_access_filter_finds_restricted_items(self, client, shelf):
        response = client.get(shelf.url, {"access": ["signed_in", "civil_servants"]})

        assert sorted(titles(response)) == ["Digital report", "คู่มือข้อมูลเปิด"]

    def test_unknown_facet_values_are_ignored(self, client, shelf):
        response = client.get(
            shelf.url,
            {
                "type": ["spaceship", "law"],
                "subject": ["999999", "abc"],
                "language": "xx",
                "access": "vip",
                "sort": "x",
            },
        )

        assert response.status_code == 200
        assert sorted(titles(response)) == ["กฎหมายปกครอง", "พระราชบัญญัติข้อมูล"]
        assert soup_of(response).select("[aria-invalid]") == []

    def test_many_subjects_keep_the_long_tail_behind_more(self, client, site_pages):
        index = site_pages["library"]
        for n in range(10):
            item(index, f"เอกสาร {n}", subjects=[f"หัวเรื่อง {n:02d}"])

        fieldset = soup_of(client.get(index.url)).select_one('fieldset[data-facet="subject"]')

        assert len(fieldset.select(".library-facet__options")[0].select("li")) == 8
        assert len(fieldset.select("details li")) == 2

    def test_every_control_has_a_label_and_every_facet_a_legend(self, client, shelf):
        soup = soup_of(english(client).get(shelf.url))

        form = soup.select_one("form#library-filters")
        # The search box and the sort order sit outside the <form> element and join it by its id.
        fields = form.select("input[name], select[name]") + soup.select('[form="library-filters"][name]')
        assert {field["name"] for field in fields} == {
            "q", "type", "subject", "language", "access", "year_from", "year_to", "sort"
        }  # fmt: skip
        for field in fields:
            assert soup.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)
        legends = [fieldset.select_one("legend").get_text(strip=True) for fieldset in form.select("fieldset")]
        assert legends == ["Type", "Subject", "Language", "Access", "Year issued"]
        assert form.select_one('button[type="submit"]') is not None
        assert soup.select_one('.result-count[role="status"]').get_text(strip=True) == "5 items"


class TestYearRange:
    def test_a_range_in_the_common_era_narrows_the_list(self, client, shelf):
        response = client.get(shelf.url, {"year_from": "2021", "year_to": "2022"})

        assert sorted(titles(response)) == ["Open data handbook", "พระราชบัญญัติข้อมูล"]

    def test_a_buddhist_era_year_is_understood(self, client, shelf):
        be = client.get(shelf.url, {"year_from": "2566"})
        thai_digits = client.get(shelf.url, {"year_from": "๒๕๖๖"})
        with_era = client.get(shelf.url, {"year_to": "พ.ศ. 2562"})

        assert sorted(titles(be)) == ["Digital report", "คู่มือข้อมูลเปิด"]
        assert titles(thai_digits) == titles(be)
        assert titles(with_era) == ["กฎหมายปกครอง"]

    def test_years_the_wrong_way_round_are_swapped(self, client, shelf):
        response = client.get(shelf.url, {"year_from": "2022", "year_to": "2021"})

        assert sorted(titles(response)) == ["Open data handbook", "พระราชบัญญัติข้อมูล"]

    @pytest.mark.parametrize("typed", ["abc", "99", "20244", "2024-01", "'; DROP TABLE", "0000"])
    def test_a_year_that_is_not_a_year_is_left_out_with_a_message(self, client, shelf, typed):
        response = english(client).get(shelf.url, {"year_from": typed, "type": "law"})

        assert response.status_code == 200
        assert sorted(titles(response)) == ["กฎหมายปกครอง", "พระราชบัญญัติข้อมูล"]
        box = soup_of(response).select_one("#library-year_from")
        assert box["aria-invalid"] == "true"
        assert box["value"] == typed
        error = soup_of(response).select_one(f"#{box['aria-describedby'].split()[-1]}")
        assert "four digits" in error.get_text()

    def test_the_year_facet_tells_the_range_of_the_years_listed(self, client, shelf):
        thai = soup_of(client.get(shelf.url, {"type": "law"})).select_one("#library-years-help").get_text()
        english_help = soup_of(english(client).get(shelf.url)).select_one("#library-years-help").get_text()

        assert "พ.ศ. 2562" in thai and "พ.ศ. 2565" in thai
        assert "2019" in english_help and "2024" in english_help


class TestActiveFilters:
    def test_each_active_filter_has_a_link_that_removes_only_it(self, client, shelf):
        response = english(client).get(
            shelf.url, {"type": ["law", "manual"], "language": "th", "year_from": "2020", "sort": "title"}
        )

        links = {
            a.select_one("span").get_text(strip=True): parse_qs(urlsplit(a["href"]).query)
            for a in soup_of(response).select(".library-active .library-chip")
        }
        assert links == {
            "Type: Law and regulation": {
                "type": ["manual"],
                "language": ["th"],
                "year_from": ["2020"],
                "sort": ["title"],
            },
            "Type: Manual or guide": {"type": ["law"], "language": ["th"], "year_from": ["2020"], "sort": ["title"]},
            "Language: Thai": {"type": ["law", "manual"], "year_from": ["2020"], "sort": ["title"]},
            "From 2020": {"type": ["law", "manual"], "language": ["th"], "sort": ["title"]},
        }

    def test_no_filter_no_chips(self, client, shelf):
        assert soup_of(client.get(shelf.url)).select_one(".library-active") is None


def set_downloads(page, downloads):
    ItemUsageTotal.objects.create(item=page, views=downloads * 2, downloads=downloads)


class TestSorting:
    def test_newest_by_year_issued_comes_first_by_default(self, client, shelf):
        assert titles(client.get(shelf.url)) == [
            "Digital report",
            "คู่มือข้อมูลเปิด",
            "พระราชบัญญัติข้อมูล",
            "Open data handbook",
            "กฎหมายปกครอง",
        ]

    def test_items_of_the_same_year_are_newest_published_first(self, client, site_pages):
        index = site_pages["library"]
        item(index, "ฉบับแรก", date_issued="2024")
        item(index, "ฉบับหลัง", date_issued="2024")
        item(index, "ไม่ระบุปี", date_issued="")

        assert titles(client.get(index.url)) == ["ฉบับหลัง", "ฉบับแรก", "ไม่ระบุปี"]

    def test_title_order_follows_the_thai_dictionary(self, client, site_pages):
        index = site_pages["library"]
        for title in ("ไปรษณีย์ดิจิทัล", "เกษตรอัจฉริยะ", "กฎหมายปกครอง", "ข้อมูลเปิดภาครัฐ", "Open data"):
            item(index, title)

        response = client.get(index.url, {"sort": "title"})

        assert titles(response) == ["Open data", "กฎหมายปกครอง", "เกษตรอัจฉริยะ", "ข้อมูลเปิดภาครัฐ", "ไปรษณีย์ดิจิทัล"]

    def test_most_downloaded_first_and_items_never_downloaded_count_as_none(self, client, site_pages):
        index = site_pages["library"]
        few = item(index, "ดาวน์โหลดน้อย", date_issued="2020")
        many = item(index, "ดาวน์โหลดมาก", date_issued="2019")
        item(index, "ยังไม่มีใครดาวน์โหลด", date_issued="2024")
        set_downloads(few, 2)
        set_downloads(many, 9)

        response = english(client).get(index.url, {"sort": "downloads"})

        assert titles(response) == ["ดาวน์โหลดมาก", "ดาวน์โหลดน้อย", "ยังไม่มีใครดาวน์โหลด"]
        downloads = [dd.get_text(strip=True) for dd in soup_of(response).select('[data-fact="downloads"]')]
        assert downloads == ["9 downloads", "2 downloads", "0 downloads"]

    def test_best_match_is_offered_only_with_search_words(self, client, shelf):
        without = soup_of(client.get(shelf.url)).select("#library-sort option")
        with_words = soup_of(client.get(shelf.url, {"q": "ข้อมูล"})).select("#library-sort option")

        assert [option["value"] for option in without] == ["newest", "title", "downloads"]
        assert [option["value"] for option in with_words] == ["relevance", "newest", "title", "downloads"]

    def test_asking_for_best_match_without_words_gives_newest(self, client, shelf):
        assert titles(client.get(shelf.url, {"sort": "relevance"})) == titles(client.get(shelf.url))


class TestPagination:
    def test_twenty_items_a_page(self, client, site_pages):
        index = site_pages["library"]
        for n in range(22):
            item(index, f"เอกสาร {n:02d}")

        first = client.get(index.url)
        second = client.get(index.url, {"page": 2})

        assert len(titles(first)) == 20
        assert len(titles(second)) == 2

    @pytest.mark.parametrize("sort", ["newest", "title", "downloads"])
    def test_page_links_keep_the_search_filters_and_sort(self, client, site_pages, sort):
        index = site_pages["library"]
        for n in range(22):
            item(index, f"คู่มือราชการ {n:02d}", item_type="manual")
        item(index, "รายงานราชการ", item_type="report")
        params = {"q": "ราชการ", "type": "manual", "sort": sort}

        first = client.get(index.url, params)
        next_link = soup_of(first).select_one(".pagination a[rel=next]")["href"]
        second = client.get(index.url + "?" + urlsplit(next_link).query)

        assert parse_qs(urlsplit(next_link).query) == {
            "q": ["ราชการ"],
            "type": ["manual"],
            "sort": [sort],
            "page": ["2"],
        }
        assert len(titles(first)) == 20
        assert len(titles(second)) == 2
        assert not set(titles(first)) & set(titles(second))

    @pytest.mark.parametrize("sort", ["newest", "title", "relevance"])
    def test_a_page_number_out_of_range_shows_the_last_page(self, client, site_pages, sort):
        index = site_pages["library"]
        for n in range(21):
            item(index, f"คู่มือราชการ {n:02d}")

        response = client.get(index.url, {"page": "999", "sort": sort, "q": "ราชการ"})

        assert response.status_code == 200
        assert len(titles(response)) == 1
        assert client.get(index.url, {"page": "abc", "sort": sort}).status_code == 200


class TestHomePageSection:
    def test_the_home_page_lists_the_newest_library_items(self, client, site_pages):
        index = site_pages["library"]
        for year in (2020, 2021, 2022, 2023):
            item(index, f"เอกสารปี {year}", date_issued=str(year))

        section = soup_of(client.get("/")).select_one(".home-section--library")

        assert [a.get_text(strip=True) for a in section.select(".card__link")] == [
            "เอกสารปี 2023",
            "เอกสารปี 2022",
            "เอกสารปี 2021",
        ]


# --- The number of queries does not grow with the number of items


def cover_image(n):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 80), (n % 256, 48, 95)).save(buffer, "PNG")
    return get_image_model().objects.create(title=f"ปก {n}", file=ImageFile(buffer, name=f"cover-{n}.png"))


class Shelf:
    """Items like the real library's: each with a cover, creators, subjects, a type, a year and downloads."""

    types = ["book", "report", "manual", "law"]

    def __init__(self, index):
        self.index = index
        self.count = 0

    def add(self, count):
        for n in range(self.count, self.count + count):
            page = item(
                self.index,
                f"คู่มือการบริหารราชการ {n:03d}",
                description="<p>หลักสูตรการบริหารราชการแผ่นดิน</p>",
                creators=[f"ผู้เขียน {n}", "กรมบัญชีกลาง"],
                subjects=["การบริหาร", f"หัวเรื่อง {n % 12}"],
                item_type=self.types[n % 4],
                language="th" if n % 3 else "en",
                access="open" if n % 5 else "signed_in",
                date_issued=str(2000 + n % 25),
                cover=cover_image(n),
            )
            if n % 2:
                set_downloads(page, n)
        self.count += count


def cold_get(client, url):
    """A request with an empty cache, as after a restart: rendition look-ups cannot hide in the cache."""
    cache.clear()
    return client.get(url)


def queries_for(client, url):
    client.get(url)  # makes the cover renditions, as the first visitor would
    with CaptureQueriesContext(connection) as captured:
        response = cold_get(client, url)
    assert response.status_code == 200
    return len(captured)


QUERY_STRINGS = [
    "",
    "?sort=title",
    "?sort=downloads",
    "?q=ราชการ",
    "?q=ราชการ+แผ่นดิน&type=book&type=manual&language=th&sort=title",
    "?q=การบริหาร&access=open&year_from=2543&year_to=2024&sort=downloads",
    "?type=law&subject=1&page=2",
    "?q=ดาราศาสตร์&type=book",  # no results: suggestions and the keyboard alternative
]


@pytest.mark.parametrize("query_string", QUERY_STRINGS)
def test_the_library_makes_as_many_queries_for_30_items_as_for_5(
    client, site_pages, django_assert_max_num_queries, query_string
):
    shelf = Shelf(site_pages["library"])
    url = site_pages["library"].url + query_string
    shelf.add(5)
    with_five = queries_for(client, url)
    shelf.add(25)

    client.get(url)
    with django_assert_max_num_queries(with_five):
        response = cold_get(client, url)

    shown = len(response.context["items"])
    if "ดาราศาสตร์" not in query_string and "page=2" not in query_string:
        # The bound means something only when the bigger library shows more cards.
        assert shown > 5
    assert response.content.decode().count('class="library-card"') == shown
