"""The learner's dashboard (``/my/``): their courses in progress, completed and withdrawn, and their hours."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrolment
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson, next_item_for, record_lesson_opened
from tests.factories import CourseCategoryFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("dashboard:index")


@pytest.fixture
def learner(db):
    return UserFactory(preferred_language="en")


def complete_course(user, course):
    enrol_learner(course, user)
    for lesson in course.syllabus_items():
        complete_lesson(user, lesson)


def section(html, name):
    """The HTML of one dashboard section ("in-progress", "completed", "withdrawn"), or "" when absent."""
    match = re.search(rf'<section[^>]*data-section="{name}".*?</section>', html, re.S)
    return match.group(0) if match else ""


class TestWhoSeesTheDashboard:
    def test_a_guest_is_sent_to_the_login_page_and_back(self, client, site_pages):
        response = client.get(DASHBOARD_URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={DASHBOARD_URL}"

    def test_a_learner_sees_only_their_own_enrolments(self, client, site_pages, learner):
        mine = make_course(site_pages["courses"], title="หลักสูตรของฉัน")
        theirs = make_course(site_pages["courses"], title="หลักสูตรของคนอื่น")
        someone_else = UserFactory()
        enrol_learner(mine, learner)
        enrol_learner(theirs, someone_else)
        complete_course(someone_else, make_course(site_pages["courses"], title="หลักสูตรที่คนอื่นเรียนจบ"))
        client.force_login(learner)
        response = client.get(DASHBOARD_URL)
        html = response.text
        assert "หลักสูตรของฉัน" in html
        assert "หลักสูตรของคนอื่น" not in html
        assert "หลักสูตรที่คนอื่นเรียนจบ" not in html
        assert {e.user_id for e, _next in response.context["courses"].in_progress} == {learner.pk}
        assert response.context["courses"].completed == []

    def test_the_page_is_personal_has_a_title_and_a_heading_and_is_not_indexed(self, client, site_pages, learner):
        client.force_login(learner)
        response = client.get(DASHBOARD_URL)
        assert response.status_code == 200
        html = response.text
        assert re.search(r"<title>\s*My learning", html)
        assert re.search(r"<h1[^>]*>\s*My learning\s*</h1>", html)
        assert '<meta name="robots" content="noindex">' in html
        assert "no-store" in response["Cache-Control"]

    def test_the_header_links_a_signed_in_learner_to_the_dashboard(self, client, site_pages, learner):
        assert f'href="{DASHBOARD_URL}"' not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
        client.force_login(learner)
        home = client.get("/").text
        assert f'href="{DASHBOARD_URL}"' in home
        assert 'aria-current="page">My learning' in client.get(DASHBOARD_URL).text


class TestTheSections:
    def test_a_new_learner_is_pointed_to_the_catalogue(self, client, site_pages, learner):
        client.force_login(learner)
        html = client.get(DASHBOARD_URL).text
        assert "data-dashboard-empty" in html
        assert 'href="/courses/"' in html
        assert section(html, "in-progress") == ""

    def test_courses_appear_in_progress_completed_and_withdrawn(self, client, site_pages, learner):
        category = CourseCategoryFactory(name="ความมั่นคงปลอดภัยไซเบอร์", name_en="Cybersecurity")
        studying = make_course(site_pages["courses"], title="กำลังเรียน", category=category, lessons=4)
        finished = make_course(site_pages["courses"], title="เรียนจบแล้ว", lessons=2)
        left = make_course(site_pages["courses"], title="ถอนตัวแล้ว", lessons=4)
        enrol_learner(studying, learner)
        complete_lesson(learner, studying.syllabus_items()[0])
        complete_course(learner, finished)
        enrol_learner(left, learner)
        complete_lesson(learner, left.syllabus_items()[0])
        withdraw(left, learner)
        client.force_login(learner)

        html = client.get(DASHBOARD_URL).text

        in_progress, completed, withdrawn = (section(html, name) for name in ("in-progress", "completed", "withdrawn"))
        assert "กำลังเรียน" in in_progress and "เรียนจบแล้ว" not in in_progress and "ถอนตัวแล้ว" not in in_progress
        assert "Cybersecurity" in in_progress
        assert '<progress id="dashboard-progress-' in in_progress and 'value="25"' in in_progress
        assert "25% complete" in in_progress
        assert "เรียนจบแล้ว" in completed and "กำลังเรียน" not in completed
        assert "ถอนตัวแล้ว" in withdrawn and "กำลังเรียน" not in withdrawn
        # The progress is kept, and the way back is the course page with its enrol button.
        assert "25% complete" in withdrawn
        assert f'href="{left.url}"' in withdrawn

    def test_the_withdrawn_section_is_left_out_when_there_is_nothing_in_it(self, client, site_pages, learner):
        enrol_learner(make_course(site_pages["courses"]), learner)
        client.force_login(learner)
        html = client.get(DASHBOARD_URL).text
        assert section(html, "in-progress")
        assert section(html, "withdrawn") == ""

    def test_a_course_taken_offline_stays_listed_without_links_to_it(self, client, site_pages, learner):
        course = make_course(site_pages["courses"], title="หลักสูตรที่ปิดแล้ว")
        enrol_learner(course, learner)
        url = course.url
        course.unpublish()
        client.force_login(learner)
        in_progress = section(client.get(DASHBOARD_URL).text, "in-progress")
        assert "หลักสูตรที่ปิดแล้ว" in in_progress
        assert f'href="{url}"' not in in_progress
        assert "data-continue" not in in_progress

    def test_a_completed_course_shows_its_completion_date_and_hours(self, client, site_pages, learner):
        course = make_course(site_pages["courses"], title="เรียนจบแล้ว", training_hours=Decimal("2.5"), lessons=1)
        complete_course(learner, course)
        enrolment = Enrolment.objects.get(user=learner, course=course)
        client.force_login(learner)
        completed = section(client.get(DASHBOARD_URL).text, "completed")
        assert str(enrolment.completed_at.year) in completed
        assert "2.5 training hours" in completed


class TestCreditedHours:
    def test_the_total_is_the_sum_of_the_completed_courses_hours_only(self, client, site_pages, learner):
        courses = site_pages["courses"]
        complete_course(learner, make_course(courses, training_hours=Decimal("1.5"), lessons=1))
        complete_course(learner, make_course(courses, training_hours=Decimal("3"), lessons=2))
        studying = make_course(courses, training_hours=Decimal("12"), lessons=2)
        enrol_learner(studying, learner)
        complete_lesson(learner, studying.syllabus_items()[0])
        other = UserFactory()
        complete_course(other, make_course(courses, training_hours=Decimal("6"), lessons=1))
        client.force_login(learner)

        response = client.get(DASHBOARD_URL)

        assert response.context["courses"].credited_hours == Decimal("4.5")
        assert 'data-credited-hours="4.5"' in response.text

    def test_a_learner_without_completed_courses_has_no_hours(self, client, site_pages, learner):
        enrol_learner(make_course(site_pages["courses"], training_hours=Decimal("6")), learner)
        client.force_login(learner)
        assert 'data-credited-hours="0.0"' in client.get(DASHBOARD_URL).text


class TestContinueLinks:
    def continue_href(self, html):
        return re.search(r'<a [^>]*data-continue href="([^"]+)"', html).group(1)

    def test_continue_leads_to_the_first_lesson_not_completed(self, client, site_pages, learner):
        course = make_course(site_pages["courses"], lessons=3)
        first, second, _third = course.syllabus_items()
        enrol_learner(course, learner)
        complete_lesson(learner, first)
        client.force_login(learner)
        assert self.continue_href(client.get(DASHBOARD_URL).text) == second.url

    def test_continue_leads_back_to_a_lesson_opened_and_not_finished(self, client, site_pages, learner):
        course = make_course(site_pages["courses"], lessons=3)
        first, _second, third = course.syllabus_items()
        enrol_learner(course, learner)
        complete_lesson(learner, first)
        record_lesson_opened(learner, third)
        client.force_login(learner)
        assert self.continue_href(client.get(DASHBOARD_URL).text) == third.url

    def test_a_course_without_lessons_continues_on_the_course_page(self, client, site_pages, learner):
        course = make_course(site_pages["courses"], lessons=0)
        enrol_learner(course, learner)
        client.force_login(learner)
        assert self.continue_href(client.get(DASHBOARD_URL).text) == course.url

    def test_the_targets_worked_out_together_match_the_progress_service(self, client, site_pages, learner):
        expected = {}
        for done in range(4):
            course = make_course(site_pages["courses"], lessons=4)
            enrolment, _changed = enrol_learner(course, learner)
            for lesson in course.syllabus_items()[:done]:
                complete_lesson(learner, lesson)
            expected[enrolment.pk] = next_item_for(Enrolment.objects.get(pk=enrolment.pk)).pk
        client.force_login(learner)
        in_progress = client.get(DASHBOARD_URL).context["courses"].in_progress
        assert {enrolment.pk: page.pk for enrolment, page in in_progress} == expected


class TestQueryCount:
    def enrol_in_courses(self, learner, index, count):
        """``count`` courses of two lessons, in turn in progress, completed and withdrawn."""
        for n in range(count):
            course = make_course(index, lessons=2, category=CourseCategoryFactory())
            enrol_learner(course, learner)
            lessons = course.syllabus_items()
            complete_lesson(learner, lessons[0])
            if n % 3 == 1:
                complete_lesson(learner, lessons[1])
            elif n % 3 == 2:
                withdraw(course, learner)

    def test_the_number_of_queries_does_not_grow_with_the_enrolments(
        self, client, site_pages, learner, django_assert_max_num_queries
    ):
        self.enrol_in_courses(learner, site_pages["courses"], 2)
        client.force_login(learner)
        # Publishing pages empties the site and navigation caches: a first request fills them, as on a running site.
        client.get(DASHBOARD_URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD_URL).status_code == 200
        with_two = len(captured)

        self.enrol_in_courses(learner, site_pages["courses"], 10)
        client.get(DASHBOARD_URL)
        with django_assert_max_num_queries(with_two):
            response = client.get(DASHBOARD_URL)
        courses = response.context["courses"]
        assert len(courses.in_progress) + len(courses.completed) + len(courses.withdrawn) == 12
