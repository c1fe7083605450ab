"""The "Course learners" report in the Wagtail editor: who may see it, filters, CSV, query count."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from courses.models import Enrolment, EnrolmentSource, EnrolmentStatus
from lms import roles
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_course, member_of

pytestmark = pytest.mark.django_db

COURSES_URL = reverse("course-learners:index")


def learners_url(course):
    return reverse("course-learners:learners", args=[course.pk])


def enrol(course, user, **fields):
    return Enrolment.objects.create(course=course, user=user, **fields)


@pytest.fixture
def course(site_pages, instructor):
    return make_course(site_pages["courses"], lessons=2, instructors=[instructor], title="ข้อมูลเปิดภาครัฐ")


@pytest.fixture
def other_course(site_pages):
    return make_course(site_pages["courses"], lessons=1, instructors=[member_of(roles.INSTRUCTORS)])


@pytest.fixture
def learners(course, other_course):
    ministry = AgencyFactory(name_th="กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", name_en="Ministry of Digital Economy")
    department = AgencyFactory(name_th="กรมบัญชีกลาง", name_en="Comptroller General's Department")
    somchai = CivilServantFactory(
        email="somchai@example.go.th", first_name="สมชาย", last_name="รักเรียน", first_name_en="Somchai", agency=ministry
    )
    suda = CivilServantFactory(
        email="suda@example.go.th", first_name="สุดา", last_name="ใฝ่รู้", first_name_en="Suda", agency=department
    )
    citizen = UserFactory(email="citizen@example.com", first_name="มานี", last_name="มีนา", first_name_en="Manee")
    bangkok = datetime.timezone(datetime.timedelta(hours=7))
    enrol(
        course,
        somchai,
        status=EnrolmentStatus.COMPLETED,
        source=EnrolmentSource.BULK,
        enrolled_at=datetime.datetime(2026, 11, 1, 9, 0, tzinfo=bangkok),
        completed_at=datetime.datetime(2026, 11, 20, 16, 30, tzinfo=bangkok),
        last_activity_at=datetime.datetime(2026, 11, 20, 16, 30, tzinfo=bangkok),
        progress=1.0,
    )
    enrol(course, suda, progress=0.5, enrolled_at=datetime.datetime(2026, 11, 2, 9, 0, tzinfo=bangkok))
    enrol(course, citizen, status=EnrolmentStatus.WITHDRAWN, enrolled_at=datetime.datetime(2026, 11, 3, tzinfo=bangkok))
    # Enrolled elsewhere only: never in this course's report.
    enrol(other_course, UserFactory(email="elsewhere@example.com"))
    return {"somchai": somchai, "suda": suda, "citizen": citizen, "ministry": ministry}


def emails_in(response):
    return {
        email
        for email in ("somchai@example.go.th", "suda@example.go.th", "citizen@example.com", "elsewhere@example.com")
        if email in response.content.decode()
    }


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


class TestWhoMaySeeTheReport:
    def test_an_instructor_sees_the_courses_they_teach_and_not_the_others(
        self, client, instructor, course, other_course
    ):
        client.force_login(instructor)
        response = client.get(COURSES_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert learners_url(course) in html
        assert learners_url(other_course) not in html

    def test_each_course_shows_how_many_learners_hold_a_place_and_how_many_completed(
        self, client, instructor, course, learners
    ):
        client.force_login(instructor)
        [listed] = client.get(COURSES_URL).context["object_list"]
        # The withdrawn learner holds no place.
        assert (listed.pk, listed.learner_count, listed.completed_count) == (course.pk, 2, 1)

    def test_an_administrator_sees_every_course(self, client, administrator, course, other_course):
        client.force_login(administrator)
        html = client.get(COURSES_URL).content.decode()
        assert learners_url(course) in html
        assert learners_url(other_course) in html

    def test_another_instructors_course_is_not_found(self, client, instructor, course, other_course):
        client.force_login(instructor)
        assert client.get(learners_url(other_course)).status_code == 404
        assert client.get(learners_url(other_course) + "?export=csv").status_code == 404

    def test_a_course_that_does_not_exist_is_not_found(self, client, administrator):
        client.force_login(administrator)
        assert client.get(reverse("course-learners:learners", args=[999999])).status_code == 404

    def test_a_training_officer_is_turned_away(self, client, course):
        officer = member_of(roles.TRAINING_OFFICERS, factory=CivilServantFactory, preferred_language="en")
        client.force_login(officer)
        for url in (COURSES_URL, learners_url(course), learners_url(course) + "?export=csv"):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert "somchai" not in response.content.decode()

    def test_an_instructor_without_a_course_is_turned_away(self, client, instructor, other_course):
        client.force_login(instructor)
        assert client.get(COURSES_URL).status_code in (302, 403)
        assert client.get(learners_url(other_course)).status_code in (302, 403, 404)

    def test_a_learner_is_sent_to_the_editors_login(self, client, course, learners):
        client.force_login(learners["suda"])
        response = client.get(learners_url(course))
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_an_instructor_removed_from_the_course_no_longer_sees_its_learners(
        self, client, instructor, course, learners
    ):
        course.course_instructors.all().delete()
        client.force_login(instructor)
        assert client.get(learners_url(course)).status_code in (302, 403)

    def test_the_menu_item_shows_to_instructors_with_a_course_and_not_to_training_officers(
        self, client, instructor, course
    ):
        client.force_login(instructor)
        assert COURSES_URL in client.get("/admin/").content.decode()
        client.force_login(member_of(roles.TRAINING_OFFICERS, preferred_language="en"))
        assert COURSES_URL not in client.get("/admin/").content.decode()


class TestTheLearnersListing:
    def test_the_listing_shows_only_the_courses_learners_with_their_progress(
        self, client, instructor, course, learners
    ):
        client.force_login(instructor)
        response = client.get(learners_url(course))
        assert response.status_code == 200
        assert emails_in(response) == {"somchai@example.go.th", "suda@example.go.th", "citizen@example.com"}
        html = response.content.decode()
        assert 'value="50"' in html and "50%" in html
        assert "Ministry of Digital Economy" in html
        # English admin: Common Era dates.
        assert "1 Nov 2026" in html

    def test_dates_are_in_the_buddhist_era_when_the_editor_is_in_thai(self, client, course, learners):
        thai_instructor = member_of(roles.INSTRUCTORS, preferred_language="th")
        course.course_instructors.update(user=thai_instructor)
        client.force_login(thai_instructor)
        html = client.get(learners_url(course)).content.decode()
        assert "1 พ.ย. 69" in html

    def test_filtering_by_status(self, client, instructor, course, learners):
        client.force_login(instructor)
        response = client.get(learners_url(course), {"status": EnrolmentStatus.COMPLETED})
        assert emails_in(response) == {"somchai@example.go.th"}

    def test_filtering_by_agency(self, client, instructor, course, learners):
        client.force_login(instructor)
        response = client.get(learners_url(course), {"agency": learners["ministry"].pk})
        assert emails_in(response) == {"somchai@example.go.th"}

    def test_searching_by_name_or_email(self, client, instructor, course, learners):
        client.force_login(instructor)
        assert emails_in(client.get(learners_url(course), {"q": "สุดา ใฝ่รู้"})) == {"suda@example.go.th"}
        assert emails_in(client.get(learners_url(course), {"q": "CITIZEN@"})) == {"citizen@example.com"}

    def test_the_listing_is_paginated(self, client, instructor, course):
        for _ in range(55):
            enrol(course, UserFactory())
        client.force_login(instructor)
        first = client.get(learners_url(course))
        second = client.get(learners_url(course), {"p": 2})
        assert len(first.context["object_list"]) == 50
        assert len(second.context["object_list"]) == 5
        assert not {e.pk for e in first.context["object_list"]} & {e.pk for e in second.context["object_list"]}


class TestTheCsvExport:
    def test_the_csv_has_a_bom_english_headers_and_the_filtered_rows(self, client, instructor, course, learners):
        client.force_login(instructor)
        response = client.get(learners_url(course), {"export": "csv", "status": EnrolmentStatus.COMPLETED})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f'filename="course-{course.pk}-learners-' in disposition and disposition.isascii()
        header, *rows = csv_rows(response)
        assert header == [
            "Name", "E-mail", "Agency", "Status", "Source", "Enrolled", "Progress", "Completed", "Last activity",
        ]  # fmt: skip
        assert rows == [
            [
                learners["somchai"].get_full_name_en(),
                "somchai@example.go.th",
                "Ministry of Digital Economy",
                "Completed",
                "Bulk enrolment",
                "2026-11-01",
                "100",
                "2026-11-20",
                "2026-11-20 16:30",
            ]
        ]

    def test_the_csv_has_every_filtered_row_not_just_one_page(self, client, instructor, course):
        for _ in range(55):
            enrol(course, UserFactory())
        client.force_login(instructor)
        assert len(csv_rows(client.get(learners_url(course), {"export": "csv"}))) == 56

    def test_the_csv_headers_are_thai_when_the_editor_is_in_thai(self, client, course, learners):
        thai_instructor = member_of(roles.INSTRUCTORS, preferred_language="th")
        course.course_instructors.update(user=thai_instructor)
        client.force_login(thai_instructor)
        header, *rows = csv_rows(client.get(learners_url(course), {"export": "csv"}))
        with translation.override("th"):
            assert header[:3] == [gettext("Name"), gettext("E-mail"), gettext("Agency")]
        assert len(rows) == 3
        assert {row[1] for row in rows} == {"somchai@example.go.th", "suda@example.go.th", "citizen@example.com"}
        assert any("สมชาย" in row[0] for row in rows)

    def test_a_name_that_looks_like_a_formula_is_exported_as_text(self, client, instructor, course):
        formula = {"first_name": "=HYPERLINK(1)", "last_name": "", "first_name_en": "=HYPERLINK(1)", "last_name_en": ""}
        enrol(course, UserFactory(name_prefix="", **formula))
        client.force_login(instructor)
        _header, row = csv_rows(client.get(learners_url(course), {"export": "csv"}))
        assert row[0] == "'=HYPERLINK(1)"


class TestQueryCount:
    @pytest.mark.parametrize("export", [False, True])
    def test_the_number_of_queries_does_not_grow_with_the_learners(self, client, instructor, course, export):
        client.force_login(instructor)
        params = {"export": "csv"} if export else {}
        client.get(learners_url(course), params)  # warms the per-process caches (content types, ...)
        counts = []
        for size in (3, 30):
            while course.enrolments.count() < size:
                enrol(course, CivilServantFactory())
            with CaptureQueriesContext(connection) as queries:
                assert client.get(learners_url(course), params).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_course_list_does_not_grow_with_the_courses(self, client, administrator, site_pages):
        client.force_login(administrator)
        client.get(COURSES_URL)  # warms the per-process caches (content types, ...)
        counts = []
        for size in (2, 8):
            while len(site_pages["courses"].get_children()) < size:
                enrol(make_course(site_pages["courses"], lessons=0), UserFactory())
            with CaptureQueriesContext(connection) as queries:
                assert client.get(COURSES_URL).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]
