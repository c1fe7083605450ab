"""The course catalogue (/courses/): cards, filters, Thai keyword search, sort orders and pages."""

import io
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from courses.models import Audience, CourseLanguage, Enrolment, EnrolmentStatus, Level
from home.models import StandardPage
from tests.factories import CourseCategoryFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(response):
    return [a.get_text(strip=True) for a in soup_of(response).select(".course-card .card__link")]


def course(index, title, **fields):
    return make_course(index, lessons=0, title=title, **fields)


def cover_image(title="ภาพปก"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 180), "#12305f").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="cover.png"))


def enrol(course, count, status=EnrolmentStatus.ACTIVE):
    for _ in range(count):
        Enrolment.objects.create(user=UserFactory(), course=course, status=status)


class TestWhatIsListed:
    def test_only_live_public_courses_of_the_catalogue_are_listed(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "หลักสูตรที่เผยแพร่")
        make_course(index, lessons=0, title="หลักสูตรฉบับร่าง", publish=False)
        private = course(index, "หลักสูตรเฉพาะสมาชิก")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        index.add_child(instance=StandardPage(title="หน้าอื่นที่ไม่ใช่หลักสูตร", slug="not-a-course"))

        response = client.get(index.url)

        assert response.status_code == 200
        assert card_titles(response) == ["หลักสูตรที่เผยแพร่"]
        assert "หลักสูตรฉบับร่าง" not in response.content.decode()

    def test_newest_courses_come_first_by_default(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "หลักสูตรเก่า")
        course(index, "หลักสูตรใหม่")

        assert card_titles(client.get(index.url)) == ["หลักสูตรใหม่", "หลักสูตรเก่า"]

    def test_an_empty_catalogue_says_so_without_a_filter_form(self, client, site_pages):
        response = english(client).get(site_pages["courses"].url)

        assert "No courses yet." in response.content.decode()
        assert soup_of(response).select_one("form.catalogue-filters") is None


class TestCourseCard:
    def test_a_card_shows_category_hours_learners_audience_level_and_language(self, client, site_pages):
        category = CourseCategoryFactory(name="ความมั่นคงปลอดภัยไซเบอร์", name_en="Cybersecurity", slug="cyber")
        listed = course(
            site_pages["courses"],
            "ความตระหนักรู้ด้านไซเบอร์",
            summary="รู้ทันภัยคุกคามทางไซเบอร์",
            category=category,
            training_hours=Decimal("6.5"),
            audience=Audience.STAFF,
            level=Level.INTERMEDIATE,
            language=CourseLanguage.BOTH,
        )
        enrol(listed, 2)
        enrol(listed, 1, EnrolmentStatus.COMPLETED)
        enrol(listed, 4, EnrolmentStatus.WITHDRAWN)

        response = english(client).get(site_pages["courses"].url)

        card = soup_of(response).select_one(".course-card")
        facts = {dd["data-fact"]: dd.get_text(strip=True) for dd in card.select("dd[data-fact]")}
        assert facts == {
            "hours": "6.5",
            "learners": "3",  # active and completed enrolments; withdrawn ones do not count
            "level": "Intermediate",
            "language": "Thai and English",
            "audience": "Civil servants and state-enterprise staff",
        }
        assert card.select_one(".course-card__category").get_text(strip=True) == "Cybersecurity"
        assert card.select_one(".card__link")["href"] == listed.url
        assert "รู้ทันภัยคุกคามทางไซเบอร์" in card.get_text()

    def test_a_card_shows_the_cover_as_a_decorative_image_or_a_placeholder(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "หลักสูตรไม่มีภาพปก")
        course(index, "หลักสูตรมีภาพปก", cover_image=cover_image())

        with_cover, without_cover = soup_of(client.get(index.url)).select(".course-card")

        image = with_cover.select_one(".course-card__cover img")
        assert image["alt"] == ""
        assert image["src"].endswith(".png")
        assert "srcset" in image.attrs
        assert without_cover.select_one(".course-card__cover img") is None
        assert without_cover.select_one(".course-card__placeholder") is not None


class TestFilters:
    @pytest.fixture
    def two_courses(self, site_pages):
        law = CourseCategoryFactory(name="กฎหมาย", name_en="Law", slug="law")
        digital = CourseCategoryFactory(name="ดิจิทัล", name_en="Digital", slug="digital")
        index = site_pages["courses"]
        course(index, "กฎหมายสำหรับเจ้าหน้าที่", category=law, audience=Audience.STAFF, level=Level.ADVANCED)
        course(index, "ทักษะดิจิทัลเบื้องต้น", category=digital, language=CourseLanguage.ENGLISH)
        return index

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"category": "law"}, ["กฎหมายสำหรับเจ้าหน้าที่"]),
            ({"category": "digital"}, ["ทักษะดิจิทัลเบื้องต้น"]),
            ({"audience": "staff"}, ["กฎหมายสำหรับเจ้าหน้าที่"]),
            ({"audience": "everyone"}, ["ทักษะดิจิทัลเบื้องต้น"]),
            ({"level": "advanced"}, ["กฎหมายสำหรับเจ้าหน้าที่"]),
            ({"language": "en"}, ["ทักษะดิจิทัลเบื้องต้น"]),
            ({"level": "advanced", "language": "en"}, []),
        ],
    )
    def test_each_filter_narrows_the_list(self, client, two_courses, params, expected):
        response = client.get(two_courses.url, params)

        assert response.status_code == 200
        assert card_titles(response) == expected

    def test_the_form_keeps_the_chosen_filters_selected(self, client, two_courses):
        soup = soup_of(client.get(two_courses.url, {"category": "law", "level": "advanced", "sort": "title"}))

        selected = {select["name"]: select.select_one("option[selected]")["value"] for select in soup.select("select")}
        assert selected == {"category": "law", "audience": "", "level": "advanced", "language": "", "sort": "title"}

    def test_every_field_of_the_filter_form_has_a_label(self, client, two_courses):
        form = soup_of(client.get(two_courses.url)).select_one("form.catalogue-filters")

        fields = form.select("input[name], select[name]")
        assert {field["name"] for field in fields} == {"q", "category", "audience", "level", "language", "sort"}
        for field in fields:
            assert form.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)

    def test_unknown_filter_values_are_ignored(self, client, two_courses):
        response = client.get(
            two_courses.url,
            {"category": "no-such-category", "audience": "aliens", "level": "99", "language": "xx", "sort": "price"},
        )

        assert response.status_code == 200
        assert sorted(card_titles(response)) == ["กฎหมายสำหรับเจ้าหน้าที่", "ทักษะดิจิทัลเบื้องต้น"]
        assert soup_of(response).select("[aria-invalid]") == []

    def test_a_valid_filter_still_applies_beside_an_unknown_one(self, client, two_courses):
        response = client.get(two_courses.url, {"category": "no-such-category", "level": "advanced"})

        assert card_titles(response) == ["กฎหมายสำหรับเจ้าหน้าที่"]

    def test_clear_filters_links_to_the_whole_catalogue(self, client, two_courses):
        link = soup_of(english(client).get(two_courses.url, {"level": "advanced"})).select_one(
            ".catalogue-filters__clear"
        )

        assert link["href"] == two_courses.url


class TestSearch:
    def test_a_thai_word_inside_thai_text_is_found(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "การบริหารภาครัฐ", summary="หลักสูตรการบริหารราชการแผ่นดิน")
        course(index, "ภัยไซเบอร์", summary="ความปลอดภัยไซเบอร์สำหรับหน่วยงาน")

        assert card_titles(client.get(index.url, {"q": "ราชการ"})) == ["การบริหารภาครัฐ"]
        assert card_titles(client.get(index.url, {"q": "ไซเบอร์"})) == ["ภัยไซเบอร์"]

    def test_a_thai_phrase_typed_without_spaces_is_split_into_words_like_the_index(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "การบริหารภาครัฐ", summary="หลักสูตรการบริหารราชการแผ่นดิน")
        course(index, "งานสารบรรณ", summary="การเขียนหนังสือราชการ")

        assert card_titles(client.get(index.url, {"q": "การบริหารราชการ"})) == ["การบริหารภาครัฐ"]

    def test_every_word_of_the_query_must_match(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "การบริหารภาครัฐ", summary="หลักสูตรการบริหารราชการแผ่นดิน")
        course(index, "งานสารบรรณ", summary="การเขียนหนังสือราชการ")

        assert card_titles(client.get(index.url, {"q": "ราชการ แผ่นดิน"})) == ["การบริหารภาครัฐ"]

    def test_search_combines_with_filters_and_sort(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "ข. ราชการขั้นสูง", summary="การบริหารราชการ", level=Level.ADVANCED)
        course(index, "ก. ราชการเบื้องต้น", summary="การบริหารราชการ", level=Level.BEGINNER)
        course(index, "ค. ไซเบอร์ขั้นสูง", summary="ความปลอดภัยไซเบอร์", level=Level.ADVANCED)
        course(index, "ก. ราชการขั้นสูงอีกหลักสูตร", summary="งานราชการ", level=Level.ADVANCED)

        response = client.get(index.url, {"q": "ราชการ", "level": "advanced", "sort": "title"})

        assert card_titles(response) == ["ก. ราชการขั้นสูงอีกหลักสูตร", "ข. ราชการขั้นสูง"]

    def test_a_search_without_results_explains_what_to_try_and_links_to_clear(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "การบริหารภาครัฐ", summary="หลักสูตรการบริหารราชการแผ่นดิน")

        response = english(client).get(index.url, {"q": "ดาราศาสตร์", "level": "advanced"})

        assert response.status_code == 200
        assert card_titles(response) == []
        empty = soup_of(response).select_one(".catalogue-empty")
        assert "ดาราศาสตร์" in empty.select_one(".empty-state__title").get_text()
        assert len(empty.select("li")) >= 3  # suggestions: remove a filter, fewer words, show every course
        assert empty.select_one(f'a[href="{index.url}"]') is not None
        # The form stays, with the words the visitor typed, so they can change them.
        assert soup_of(response).select_one("#catalogue-q")["value"] == "ดาราศาสตร์"

    def test_suggestions_fit_what_was_asked(self, client, site_pages):
        index = site_pages["courses"]
        course(index, "การบริหารภาครัฐ", summary="หลักสูตรการบริหารราชการแผ่นดิน", level=Level.BEGINNER)

        only_words = soup_of(english(client).get(index.url, {"q": "ดาราศาสตร์"})).select_one(".catalogue-empty")
        only_filter = soup_of(client.get(index.url, {"level": "advanced"})).select_one(".catalogue-empty")

        assert "fewer words" in only_words.get_text()
        assert "removing a filter" not in only_words.get_text()
        assert "removing a filter" in only_filter.get_text()
        assert "fewer words" not in only_filter.get_text()

    @pytest.mark.parametrize(
        "query", ['"ราชการ', "ราชการ OR *", "NEAR(ราชการ) AND -", "a\x00b", "ก" * 5000, "   ", "%", "'); --"]
    )
    def test_odd_search_words_never_fail(self, client, site_pages, query):
        course(site_pages["courses"], "การบริหารภาครัฐ", summary="หลักสูตรการบริหารราชการแผ่นดิน")

        response = client.get(site_pages["courses"].url, {"q": query})

        assert response.status_code == 200


class TestSorting:
    def test_most_popular_orders_by_number_of_learners(self, client, site_pages):
        index = site_pages["courses"]
        few = course(index, "หลักสูตรผู้เรียนน้อย")
        many = course(index, "หลักสูตรผู้เรียนมาก")
        course(index, "หลักสูตรยังไม่มีผู้เรียน")
        enrol(few, 1)
        enrol(few, 5, EnrolmentStatus.WITHDRAWN)  # withdrawn learners do not make a course popular
        enrol(many, 2)
        enrol(many, 1, EnrolmentStatus.COMPLETED)

        response = client.get(index.url, {"sort": "popular"})

        assert card_titles(response) == ["หลักสูตรผู้เรียนมาก", "หลักสูตรผู้เรียนน้อย", "หลักสูตรยังไม่มีผู้เรียน"]

    def test_title_order_follows_the_thai_dictionary(self, client, site_pages):
        index = site_pages["courses"]
        # A leading vowel (เ, ไ) sorts by the consonant after it, as in a Thai dictionary.
        for title in ("ไปรษณีย์ดิจิทัล", "เกษตรอัจฉริยะ", "กฎหมายปกครอง", "ข้อมูลเปิดภาครัฐ", "Open data"):
            course(index, title)

        response = client.get(index.url, {"sort": "title"})

        assert card_titles(response) == ["Open data", "กฎหมายปกครอง", "เกษตรอัจฉริยะ", "ข้อมูลเปิดภาครัฐ", "ไปรษณีย์ดิจิทัล"]


class TestPagination:
    def test_page_links_keep_the_search_filters_and_sort(self, client, site_pages):
        index = site_pages["courses"]
        for n in range(14):
            course(index, f"หลักสูตรราชการ {n:02d}", summary="การบริหารราชการ", level=Level.ADVANCED)
        course(index, "หลักสูตรเบื้องต้น", summary="การบริหารราชการ", level=Level.BEGINNER)
        params = {"q": "ราชการ", "level": "advanced", "sort": "title"}

        first = client.get(index.url, params)
        next_link = soup_of(first).select_one(".pagination a[rel=next]")["href"]
        second = client.get(index.url + "?" + urlsplit(next_link).query)

        assert parse_qs(urlsplit(next_link).query) == {
            "q": ["ราชการ"],
            "level": ["advanced"],
            "sort": ["title"],
            "page": ["2"],
        }
        assert card_titles(first) == [f"หลักสูตรราชการ {n:02d}" for n in range(12)]
        assert card_titles(second) == ["หลักสูตรราชการ 12", "หลักสูตรราชการ 13"]

    @pytest.mark.parametrize("sort", ["newest", "title"])
    def test_a_page_number_out_of_range_shows_the_last_page(self, client, site_pages, sort):
        index = site_pages["courses"]
        for n in range(13):
            course(index, f"หลักสูตร {n:02d}")

        response = client.get(index.url, {"page": "999", "sort": sort})

        assert response.status_code == 200
        assert len(card_titles(response)) == 1
        assert client.get(index.url, {"page": "abc", "sort": sort}).status_code == 200


class TestHomePageSection:
    def test_the_home_page_lists_the_newest_courses(self, client, site_pages):
        index = site_pages["courses"]
        for n in range(4):
            course(index, f"หลักสูตรที่ {n}")
        make_course(index, lessons=0, title="หลักสูตรฉบับร่าง", publish=False)

        response = client.get("/")

        section = soup_of(response).select_one(".home-section--courses")
        titles = [a.get_text(strip=True) for a in section.select(".card__link")]
        assert titles == ["หลักสูตรที่ 3", "หลักสูตรที่ 2", "หลักสูตรที่ 1"]
