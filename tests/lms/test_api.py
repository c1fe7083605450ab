"""The read API at /api/v2/: public catalogue fields and filters, and nothing restricted or personal anywhere."""

import base64
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from courses.models import Registration, RegistrationStatus, SeminarMaterial
from courses.services.seminars import cancel_session
from lms import roles
from tests.factories import (
    CourseCategoryFactory,
    UserFactory,
    make_course,
    make_document,
    make_library_item,
    make_quiz,
    make_seminar,
    member_of,
)

pytestmark = pytest.mark.django_db

API = "/api/v2/"
ENDPOINTS = ("courses", "library", "seminars", "pages", "images", "documents")
# Keys that would carry people or secrets: none may appear anywhere in an answer.
PERSONAL_KEYS = {
    "owner",
    "user",
    "users",
    "email",
    "registrations",
    "registrants",
    "organisers",
    "online_url",
    "check_in_code",
    "cancellation_reason",
    "locked_by",
    "alias_of",
    "audience_agencies",
    "full_text",
}


def make_image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), "#12305f").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def restrict(page, kind=PageViewRestriction.LOGIN, group=None):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    if group:
        restriction.groups.add(Group.objects.get(name=group))
    return restriction


def get_json(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()


def ids(answer):
    return [item["id"] for item in answer["items"]]


def all_keys(value):
    """Every key in a JSON value, however deeply nested."""
    if isinstance(value, dict):
        keys = set(value)
        for inner in value.values():
            keys |= all_keys(inner)
        return keys
    if isinstance(value, list):
        keys = set()
        for inner in value:
            keys |= all_keys(inner)
        return keys
    return set()


def walk_the_api(client):
    """Every listing (with every field) and every detail of every endpoint: ``[(url, text, json)]``."""
    answers = []
    for endpoint in ENDPOINTS:
        listing_url = f"{API}{endpoint}/"
        for params in ({}, {"fields": "*"}):
            response = client.get(listing_url, {**params, "limit": 20})
            assert response.status_code == 200, (listing_url, response.content)
            answers.append((listing_url, response.content.decode(), response.json()))
        for item in response.json()["items"]:
            detail_url = f"{listing_url}{item['id']}/"
            detail = client.get(detail_url)
            assert detail.status_code == 200, (detail_url, detail.content)
            answers.append((detail_url, detail.content.decode(), detail.json()))
    return answers


@pytest.fixture
def category(db):
    return CourseCategoryFactory(name="กฎหมาย", name_en="Law", slug="law")


@pytest.fixture
def world(site_pages, category):
    """A public and some hidden courses, items and seminars, with the secrets a leak would show."""
    courses, library, seminars = site_pages["courses"], site_pages["library"], site_pages["seminars"]
    owner = UserFactory(email="page.owner@example.go.th")
    public_course = make_course(
        courses,
        title="หลักสูตรเปิด",
        title_en="Open course",
        category=category,
        level="intermediate",
        training_hours=6,
        cover_image=make_image("course-cover"),
        owner=owner,
    )
    make_quiz(public_course)
    private_course = make_course(courses, title="หลักสูตรลับเฉพาะ")
    restrict(private_course)
    group_course = make_course(courses, title="หลักสูตรของเจ้าหน้าที่ฝึกอบรม")
    restrict(group_course, PageViewRestriction.GROUPS, roles.TRAINING_OFFICERS)
    draft_course = make_course(courses, title="หลักสูตรฉบับร่าง", publish=False)

    open_item = make_library_item(library, title="คู่มือเปิด", creators=["สมชาย"], subjects=["กฎหมาย"], access="open")
    restricted_document = make_document(title="ไฟล์ลับของข้าราชการ", filename="restricted.pdf")
    restricted_item = make_library_item(
        library,
        title="คู่มือสำหรับข้าราชการ",
        access="civil_servants",
        document=restricted_document,
        cover=make_image("restricted-cover"),
    )
    external_only = make_library_item(
        library,
        title="ลิงก์สำหรับผู้ลงชื่อเข้าใช้",
        access="signed_in",
        document=False,
        external_url="https://example.go.th/secret-link",
    )
    draft_item = make_library_item(library, title="รายการฉบับร่าง", publish=False)
    private_item = make_library_item(library, title="รายการส่วนตัว")
    restrict(private_item, PageViewRestriction.PASSWORD)

    seminar = make_seminar(
        seminars,
        title="สัมมนาเปิด",
        format="hybrid",
        sessions=[{"online_url": "https://meet.example.org/secret-room"}, {}],
    )
    attendee = UserFactory(email="registrant@example.go.th")
    first_session = seminar.sessions.order_by("starts_at").first()
    Registration.objects.create(session=first_session, user=attendee, status=RegistrationStatus.CONFIRMED)
    material = make_document(title="สไลด์สำหรับผู้เข้าร่วมเท่านั้น", filename="attendees.pdf")
    seminar.materials.add(SeminarMaterial(document=material, attendees_only=True))
    seminar.save_revision().publish()
    private_seminar = make_seminar(seminars, title="สัมมนาปิด")
    restrict(private_seminar)

    return {
        "owner": owner,
        "public_course": public_course,
        "hidden_courses": [private_course, group_course, draft_course],
        "open_item": open_item,
        "restricted_item": restricted_item,
        "restricted_document": restricted_document,
        "external_only": external_only,
        "hidden_items": [draft_item, private_item],
        "seminar": seminar,
        "first_session": first_session,
        "attendee": attendee,
        "material": material,
        "private_seminar": private_seminar,
    }


class TestNothingRestrictedOrPersonalIsExposed:
    def test_no_answer_of_any_endpoint_names_a_hidden_page_a_restricted_file_or_a_person(self, client, world):
        secrets = [
            *(page.title for page in world["hidden_courses"]),
            *(page.title for page in world["hidden_items"]),
            world["private_seminar"].title,
            world["restricted_document"].title,
            world["restricted_document"].url,
            world["material"].title,
            world["material"].url,
            "https://example.go.th/secret-link",
            "https://meet.example.org/secret-room",
            world["first_session"].check_in_code,
            world["owner"].email,
            world["attendee"].email,
            f"/library/items/{world['restricted_item'].pk}/download/",
            f"/library/items/{world['external_only'].pk}/download/",
        ]

        answers = walk_the_api(client)

        assert len(answers) > 20
        for url, text, data in answers:
            for secret in secrets:
                assert secret not in text, (url, secret)
            assert not all_keys(data) & PERSONAL_KEYS, (url, all_keys(data) & PERSONAL_KEYS)

    def test_a_signed_in_member_of_the_group_sees_no_more_than_anyone(self, client, world):
        officer = member_of(roles.TRAINING_OFFICERS)
        client.force_login(officer)
        group_course = world["hidden_courses"][1]

        listing = get_json(client, f"{API}pages/", {"limit": 20})
        courses = get_json(client, f"{API}courses/")

        assert group_course.pk not in ids(listing)
        assert group_course.pk not in ids(courses)
        assert client.get(f"{API}pages/{group_course.pk}/").status_code == 404
        assert client.get(f"{API}courses/{group_course.pk}/").status_code == 404

    def test_a_page_type_own_fields_and_related_people_cannot_be_asked_for(self, client, world):
        seminar = world["seminar"]
        for url, params in (
            (f"{API}courses/", {"fields": "owner"}),
            (f"{API}courses/", {"fields": "course_instructors"}),
            (f"{API}seminars/", {"fields": "sessions(online_url)"}),
            (f"{API}seminars/", {"fields": "organisers"}),
            (f"{API}seminars/{seminar.pk}/", {"fields": "owner"}),
            (f"{API}library/", {"fields": "full_text"}),
            (f"{API}pages/", {"fields": "owner"}),
            (f"{API}pages/", {"type": "courses.CoursePage", "fields": "audience_agencies"}),
            (f"{API}pages/", {"order": "owner"}),
            (f"{API}courses/", {"order": "owner"}),
            (f"{API}courses/", {"owner": world["owner"].pk}),
        ):
            response = client.get(url, params)
            assert response.status_code == 400, (url, params, response.content)
            assert world["owner"].email not in response.content.decode()

    def test_hidden_pages_are_not_found_by_id_or_by_address(self, client, world):
        for page in world["hidden_courses"]:
            assert client.get(f"{API}courses/{page.pk}/").status_code == 404
            assert client.get(f"{API}pages/{page.pk}/").status_code == 404
        for page in world["hidden_items"]:
            assert client.get(f"{API}library/{page.pk}/").status_code == 404
        assert client.get(f"{API}seminars/{world['private_seminar'].pk}/").status_code == 404
        private_course = world["hidden_courses"][0]
        assert client.get(f"{API}pages/find/", {"html_path": private_course.url}).status_code == 404
        assert client.get(f"{API}courses/find/", {"html_path": private_course.url}).status_code == 404

    def test_a_public_page_is_found_by_its_address(self, client, world):
        course = world["public_course"]

        response = client.get(f"{API}courses/find/", {"html_path": course.url})

        assert response.status_code == 302
        assert response["Location"].startswith(f"http://localhost{API}courses/{course.pk}/")

    def test_the_browsable_html_api_and_basic_auth_are_not_offered(self, client, world):
        officer = member_of(roles.TRAINING_OFFICERS)
        credentials = "Basic " + base64.b64encode(f"{officer.email}:x".encode()).decode()

        html = client.get(f"{API}courses/", HTTP_ACCEPT="text/html")
        with_basic = client.get(f"{API}pages/", {"limit": 20}, HTTP_AUTHORIZATION=credentials)

        assert html["Content-Type"].startswith("application/json")
        assert with_basic.status_code == 200  # answered as for anyone: the credentials are not even checked
        assert world["hidden_courses"][1].pk not in ids(with_basic.json())


class TestCourses:
    def test_a_course_is_listed_with_its_public_fields(self, client, world, category):
        course = world["public_course"]

        answer = get_json(client, f"{API}courses/")

        assert ids(answer) == [course.pk]
        item = answer["items"][0]
        assert item["title"] == "หลักสูตรเปิด"
        assert item["title_en"] == "Open course"
        assert item["category"] == {"slug": "law", "name": "กฎหมาย", "name_en": "Law"}
        assert item["level"] == "intermediate"
        assert item["language"] == "th"
        assert item["audience"] == "everyone"
        assert item["training_hours"] == 6.0
        assert item["meta"]["html_url"].endswith(course.url)
        assert item["meta"]["detail_url"].endswith(f"{API}courses/{course.pk}/")
        assert item["meta"]["first_published_at"]

    def test_the_detail_adds_the_description_and_the_cover(self, client, world):
        course = world["public_course"]

        detail = get_json(client, f"{API}courses/{course.pk}/")

        assert detail["summary"] == course.summary
        assert detail["cover"]["url"].endswith(".png")
        assert detail["cover"]["width"] == 640
        assert detail["awards_certificate"] is True
        assert "description" in detail and "objectives" in detail

    def test_courses_are_filtered_by_category_level_language_and_publication_date(self, client, site_pages, category):
        courses = site_pages["courses"]
        law = make_course(courses, category=category, level="advanced", language="en")
        other = make_course(courses, category=CourseCategoryFactory(slug="digital"), level="beginner")
        other_id = other.pk

        assert ids(get_json(client, f"{API}courses/", {"category": "law"})) == [law.pk]
        assert ids(get_json(client, f"{API}courses/", {"category": str(category.pk)})) == [law.pk]
        assert ids(get_json(client, f"{API}courses/", {"category": "no-such-category"})) == []
        assert ids(get_json(client, f"{API}courses/", {"level": "beginner"})) == [other_id]
        assert ids(get_json(client, f"{API}courses/", {"language": "en"})) == [law.pk]
        today = timezone.localdate().isoformat()
        assert set(ids(get_json(client, f"{API}courses/", {"published_after": today}))) == {law.pk, other_id}
        assert ids(get_json(client, f"{API}courses/", {"published_before": "2020-01-01"})) == []

    @pytest.mark.parametrize(
        "params",
        [
            {"level": "expert"},
            {"published_after": "yesterday"},
            {"published_after": "2024-02-30"},
            {"published_before": "0001-01-01"},
            {"colour": "blue"},
            {"category": "law\x00"},
        ],
    )
    def test_a_bad_filter_is_a_400_with_a_message(self, client, site_pages, params):
        response = client.get(f"{API}courses/", params)

        assert response.status_code == 400
        assert response.json()["message"]

    def test_the_listing_takes_as_many_queries_for_many_courses_as_for_few(
        self, client, site_pages, category, django_assert_max_num_queries
    ):
        def add(count):
            for _ in range(count):
                make_course(site_pages["courses"], lessons=0, category=category, cover_image=make_image("cover"))

        few = queries_for(client, f"{API}courses/?fields=*", add, 2)
        add(8)
        client.get(f"{API}courses/?fields=*")
        with django_assert_max_num_queries(few):
            answer = get_json(client, f"{API}courses/", {"fields": "*"})
        assert len(answer["items"]) == 10


def queries_for(client, url, add, count):
    add(count)
    client.get(url)  # makes the renditions, as the first caller would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


class TestLibrary:
    def test_an_open_item_gives_its_record_file_and_cover(self, client, world):
        item = world["open_item"]

        detail = get_json(client, f"{API}library/{item.pk}/")

        assert detail["title"] == "คู่มือเปิด"
        assert detail["creators"] == ["สมชาย"]
        assert [subject["name"] for subject in detail["subjects"]] == ["กฎหมาย"]
        assert detail["item_type"] == "manual"
        assert detail["dcmi_type"] == "Text"
        assert detail["date_issued"] == "2024"
        assert detail["identifier"] == item.identifier
        assert detail["access"] == "open"
        assert detail["file"]["download_url"] == f"http://localhost/library/items/{item.pk}/download/"
        assert detail["file"]["format"] == "application/pdf"
        assert detail["cover"]["url"]

    def test_a_restricted_item_is_catalogued_without_its_file_address_or_cover(self, client, world):
        for item in (world["restricted_item"], world["external_only"]):
            detail = get_json(client, f"{API}library/{item.pk}/")

            assert detail["title"] == item.title
            assert detail["access"] != "open"
            assert detail["file"] is None
            assert detail["external_url"] is None
            assert detail["cover"] is None

    def test_items_are_filtered_by_type_subject_access_and_date_issued(self, client, site_pages):
        library = site_pages["library"]
        law = make_library_item(library, item_type="law", subjects=["กฎหมาย"], date_issued="2019-06-01")
        report = make_library_item(library, item_type="report", subjects=["ดิจิทัล"], date_issued="2023")
        locked = make_library_item(library, item_type="report", access="signed_in", date_issued="2024-03-01")
        subject = law.subjects.get()

        assert ids(get_json(client, f"{API}library/", {"type": "law"})) == [law.pk]
        assert ids(get_json(client, f"{API}library/", {"subject": str(subject.pk)})) == [law.pk]
        assert ids(get_json(client, f"{API}library/", {"subject": "ดิจิทัล"})) == [report.pk]
        assert ids(get_json(client, f"{API}library/", {"access": "signed_in"})) == [locked.pk]
        assert set(ids(get_json(client, f"{API}library/", {"date_from": "2023-07-01"}))) == {report.pk, locked.pk}
        assert ids(get_json(client, f"{API}library/", {"date_to": "2562"})) == [law.pk]  # 2562 BE is 2019
        assert ids(get_json(client, f"{API}library/", {"date_from": "2020", "date_to": "2023-12-31"})) == [report.pk]
        assert client.get(f"{API}library/", {"type": "novel"}).status_code == 400
        assert client.get(f"{API}library/", {"date_from": "2024-13-01"}).status_code == 400

    def test_the_listing_takes_as_many_queries_for_many_items_as_for_few(
        self, client, site_pages, django_assert_max_num_queries
    ):
        def add(count):
            for n in range(count):
                make_library_item(site_pages["library"], creators=["ก", "ข"], subjects=[f"เรื่อง {n}"])

        few = queries_for(client, f"{API}library/?fields=*", add, 2)
        add(6)
        client.get(f"{API}library/?fields=*")
        with django_assert_max_num_queries(few):
            answer = get_json(client, f"{API}library/", {"fields": "*"})
        assert len(answer["items"]) == 8


class TestSeminars:
    def test_a_seminar_lists_its_sessions_with_seats_left_and_no_meeting_link(self, client, world):
        seminar = world["seminar"]
        first, second = seminar.sessions.order_by("starts_at")
        cancel_session(second, "ผู้บรรยายป่วย")

        detail = get_json(client, f"{API}seminars/{seminar.pk}/")

        assert detail["format"] == "hybrid"
        assert detail["training_hours"] == 3.0
        sessions = detail["sessions"]
        assert [session["id"] for session in sessions] == [first.pk, second.pk]
        assert sessions[0]["seats_left"] == 19
        assert sessions[0]["online"] is True
        assert sessions[0]["venue_name"] == first.venue_name
        assert sessions[0]["starts_at"] == timezone.localtime(first.starts_at).isoformat()
        assert sessions[0]["cancelled"] is False
        assert sessions[1]["cancelled"] is True
        assert sessions[1]["online"] is False
        assert "ผู้บรรยายป่วย" not in json.dumps(detail, ensure_ascii=False)

    def test_seminars_are_filtered_by_format_audience_and_session_dates(self, client, site_pages):
        seminars = site_pages["seminars"]
        soon = timezone.localtime() + datetime.timedelta(days=2)
        later = soon + datetime.timedelta(days=60)
        online = make_seminar(
            seminars, format="online", sessions=[{"starts_at": soon, "ends_at": soon + datetime.timedelta(hours=2)}]
        )
        staff = make_seminar(
            seminars, audience="staff", sessions=[{"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)}]
        )
        cancelled = make_seminar(
            seminars, sessions=[{"starts_at": later, "ends_at": later + datetime.timedelta(hours=2)}]
        )
        cancel_session(cancelled.sessions.get(), "ยกเลิก")

        assert ids(get_json(client, f"{API}seminars/", {"format": "online"})) == [online.pk]
        assert ids(get_json(client, f"{API}seminars/", {"audience": "staff"})) == [staff.pk]
        after = (soon + datetime.timedelta(days=30)).date().isoformat()
        assert ids(get_json(client, f"{API}seminars/", {"starts_after": after})) == [staff.pk]
        assert ids(get_json(client, f"{API}seminars/", {"starts_before": after})) == [online.pk]
        assert ids(get_json(client, f"{API}seminars/", {"starts_after": after, "starts_before": after})) == []
        assert client.get(f"{API}seminars/", {"format": "zoom"}).status_code == 400
        assert client.get(f"{API}seminars/", {"starts_after": "2026-1-1"}).status_code == 400

    def test_the_listing_takes_as_many_queries_for_many_seminars_as_for_few(
        self, client, site_pages, django_assert_max_num_queries
    ):
        def add(count):
            for _ in range(count):
                seminar = make_seminar(site_pages["seminars"], sessions=2, cover_image=make_image("seminar"))
                Registration.objects.create(
                    session=seminar.sessions.first(), user=UserFactory(), status=RegistrationStatus.CONFIRMED
                )

        few = queries_for(client, f"{API}seminars/?fields=*", add, 2)
        add(6)
        client.get(f"{API}seminars/?fields=*")
        with django_assert_max_num_queries(few):
            answer = get_json(client, f"{API}seminars/", {"fields": "*"})
        assert len(answer["items"]) == 8
        assert all(item["sessions"][0]["seats_left"] == 19 for item in answer["items"])


class TestPagesImagesAndDocuments:
    def test_the_pages_endpoint_gives_every_page_only_the_fields_all_pages_have(self, client, world):
        course = world["public_course"]

        detail = get_json(client, f"{API}pages/{course.pk}/", {"fields": "*"})

        assert detail["title"] == course.title
        assert set(detail) == {"id", "meta", "title"}
        assert detail["meta"]["type"] == "courses.CoursePage"
        assert detail["meta"]["parent"]["id"] == course.get_parent().pk

    def test_a_thai_word_inside_a_title_is_found(self, client, world):
        answer = get_json(client, f"{API}courses/", {"search": "เปิด"})

        assert ids(answer) == [world["public_course"].pk]

    def test_documents_lists_only_files_anyone_may_download(self, client, world, site_pages):
        open_document = world["open_item"].document
        in_a_lesson = make_library_item(site_pages["library"], title="คู่มือที่อยู่ในบทเรียนด้วย")
        lesson_body = json.dumps(
            [{"type": "document", "value": {"document": in_a_lesson.document_id, "description": "Slides"}}]
        )
        make_course(site_pages["courses"], lessons=[{"body": lesson_body}])

        answer = get_json(client, f"{API}documents/")

        assert ids(answer) == [open_document.pk]
        assert answer["items"][0]["meta"]["download_url"].endswith(open_document.url)
        for hidden in (world["restricted_document"], world["material"], in_a_lesson.document):
            assert client.get(f"{API}documents/{hidden.pk}/").status_code == 404

    def test_images_lists_only_the_covers_and_photos_public_pages_show(self, client, world, site_pages):
        course_cover = world["public_course"].cover_image
        hidden = world["hidden_courses"][0]
        hidden.cover_image = make_image("hidden-cover")
        hidden.save_revision().publish()
        make_image("unused")

        answer = get_json(client, f"{API}images/", {"limit": 20})

        listed = set(ids(answer))
        assert course_cover.pk in listed
        assert world["open_item"].cover_id in listed
        assert world["restricted_item"].cover_id not in listed
        assert hidden.cover_image_id not in listed
        assert client.get(f"{API}images/{hidden.cover_image_id}/").status_code == 404
        assert {image["title"] for image in answer["items"]} <= {"course-cover", world["open_item"].cover.title}
