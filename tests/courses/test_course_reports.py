"""Course and seminar reports in the Wagtail editor: who may see them, the figures, the period filter, CSV, queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import QUESTION_FIELDS, Enrolment, Registration, RegistrationStatus
from courses.services.certificates import issue_certificate
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.evaluations import give_evaluation
from courses.services.progress import complete_lesson, record_lesson_opened
from courses.services.quizzes import field_name, start_attempt, submit_attempt
from lms import roles
from tests.factories import UserFactory, make_course, make_quiz, make_seminar, member_of

pytestmark = pytest.mark.django_db

BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
COURSE_REPORTS_URL = reverse("course-reports:index")
SEMINAR_REPORTS_URL = reverse("seminar-reports:index")


def report_url(course):
    return reverse("course-reports:report", args=[course.pk])


def csv_url(course):
    return reverse("course-reports:csv", args=[course.pk])


def seminar_report_url(seminar):
    return reverse("seminar-reports:report", args=[seminar.pk])


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(response, selector):
    return soup(response).select_one(selector).get_text(" ", strip=True)


def messages_of(response):
    return " ".join(item.get_text(" ", strip=True) for item in soup(response).select(".messages li"))


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def take_quiz(user, quiz, passing):
    """Submit one attempt at ``quiz``: every answer right when ``passing``, none otherwise."""
    attempt, _created = start_attempt(user, quiz)
    data = QueryDict(mutable=True)
    if passing:
        for answer in attempt.answers.all():
            key = answer.key
            if answer.kind in ("single_choice", "multiple_choice", "true_false"):
                for choice in key["correct"]:
                    data.appendlist(field_name(answer), choice)
            elif answer.kind == "short_text":
                data[field_name(answer)] = key["accepted"][0]
            else:
                data[field_name(answer)] = key["answer"]
    attempt, _changed = submit_attempt(attempt, data)
    return attempt


def complete_lessons(user, lessons):
    for lesson in lessons:
        complete_lesson(user, lesson)


@pytest.fixture
def english(client):
    client.cookies["lms_language"] = "en"
    return client


@pytest.fixture
def course(site_pages, instructor):
    course = make_course(site_pages["courses"], lessons=3, instructors=[instructor], title="ข้อมูลเปิดภาครัฐ")
    make_quiz(course, title="แบบทดสอบท้ายหลักสูตร", pass_mark=60)
    return course


@pytest.fixture
def syllabus(course):
    """The course's three lessons and its quiz, in order."""
    return course.syllabus_items()


@pytest.fixture
def other_course(site_pages):
    return make_course(site_pages["courses"], lessons=1, instructors=[member_of(roles.INSTRUCTORS)])


@pytest.fixture
def learners(course, syllabus):
    """Six learners with known progress.

    ann: every lesson, passed the quiz (completed, certified); ben: every lesson, failed the
    quiz; cat, dan: lesson 1 only; eve: opened lesson 1; fay: enrolled, then withdrew.
    Funnel: 6 enrolled, 5 started, 1 completed, 1 certified. Lessons: 4, 2, 2; quiz passed by 1.
    """
    lesson_1, lesson_2, lesson_3, quiz = syllabus
    people = {
        name: UserFactory(first_name=thai, first_name_en=name.title(), last_name="ทดสอบ")
        for name, thai in (
            ("ann", "แอน"),
            ("ben", "เบน"),
            ("cat", "แคท"),
            ("dan", "แดน"),
            ("eve", "อีฟ"),
            ("fay", "เฟย์"),
        )
    }
    for user in people.values():
        enrol_learner(course, user)
    for name in ("ann", "ben"):
        complete_lessons(people[name], [lesson_1, lesson_2, lesson_3])
    take_quiz(people["ann"], quiz, passing=True)
    take_quiz(people["ben"], quiz, passing=False)
    take_quiz(people["ben"], quiz, passing=False)
    for name in ("cat", "dan"):
        complete_lessons(people[name], [lesson_1])
    record_lesson_opened(people["eve"], lesson_1)
    withdraw(course, people["fay"])
    enrolment = Enrolment.objects.get(course=course, user=people["ann"])
    assert enrolment.completed_at is not None
    issue_certificate(
        user=people["ann"],
        source_key=f"course:{enrolment.pk}:test",
        title_th=course.title,
        hours=course.training_hours,
        course=course,
        make_pdf=False,
    )
    return people


def funnel_of(response):
    page = soup(response)
    return {
        row["data-step"]: (
            row.select_one("[data-figure=count]").get_text(strip=True),
            row.select_one("[data-figure=share]").get_text(strip=True),
        )
        for row in page.select("[data-funnel] tr[data-step]")
    }


def items_of(response):
    page = soup(response)
    return [
        (
            row.select_one("[data-figure=completed]").get_text(strip=True),
            row.select_one("[data-figure=share]").get_text(strip=True),
            row.select_one("[data-figure=drop]").get_text(strip=True),
            row.has_attr("data-biggest-drop-row"),
        )
        for row in page.select("[data-syllabus-figures] tr[data-item]")
    ]


class TestWhoMaySeeACourseReport:
    def test_an_instructor_sees_the_report_of_their_course(self, english, instructor, course):
        english.force_login(instructor)

        response = english.get(report_url(course))

        assert response.status_code == 200
        assert "ข้อมูลเปิดภาครัฐ" in text_of(response, "title")

    def test_an_instructor_of_another_course_gets_a_404_for_the_report_and_its_csv(
        self, english, instructor, course, other_course
    ):
        english.force_login(instructor)

        assert english.get(report_url(other_course)).status_code == 404
        assert english.get(csv_url(other_course)).status_code == 404

    def test_an_unknown_or_impossible_course_id_is_a_404(self, english, administrator):
        english.force_login(administrator)

        assert english.get(reverse("course-reports:report", args=[999999])).status_code == 404
        assert english.get(f"{COURSE_REPORTS_URL}{2**64}/").status_code == 404

    def test_an_administrator_sees_every_course(self, english, administrator, course, other_course):
        english.force_login(administrator)

        assert english.get(report_url(other_course)).status_code == 200
        listed = {row["data-course"] for row in soup(english.get(COURSE_REPORTS_URL)).select("tr[data-course]")}
        assert {str(course.pk), str(other_course.pk)} <= listed

    def test_the_course_list_shows_an_instructor_only_their_courses(self, english, instructor, course, other_course):
        english.force_login(instructor)

        listed = {row["data-course"] for row in soup(english.get(COURSE_REPORTS_URL)).select("tr[data-course]")}

        assert listed == {str(course.pk)}

    def test_a_training_officer_without_a_course_is_refused(self, english, course):
        officer = member_of(roles.TRAINING_OFFICERS)
        english.force_login(officer)

        assert english.get(report_url(course)).status_code in (302, 403, 404)
        assert english.get(COURSE_REPORTS_URL).status_code in (302, 403)

    def test_a_learner_never_reaches_the_report(self, english, course, learners):
        english.force_login(learners["ann"])

        response = english.get(report_url(course))

        assert response.status_code in (302, 403)
        assert "แอน" not in response.content.decode()

    def test_a_guest_is_sent_to_log_in(self, english, course):
        response = english.get(report_url(course))

        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


class TestCourseFigures:
    def test_the_funnel_counts_enrolled_started_completed_and_certified(self, english, instructor, course, learners):
        english.force_login(instructor)

        response = english.get(report_url(course))

        assert funnel_of(response) == {
            "enrolled": ("6", "100%"),
            "started": ("5", "83.3%"),
            "completed": ("1", "16.7%"),
            "certified": ("1", "16.7%"),
        }
        assert "1 of the enrolled learners has withdrawn since." in text_of(response, "[data-funnel]")

    def test_a_revoked_certificate_no_longer_counts_as_certified(self, english, instructor, course, learners):
        learners["ann"].certificates.update(revoked_at=datetime.datetime(2026, 1, 1, tzinfo=BANGKOK))
        english.force_login(instructor)

        funnel = funnel_of(english.get(report_url(course)))

        assert funnel["completed"] == ("1", "16.7%")
        assert funnel["certified"] == ("0", "0%")

    def test_drop_off_per_item_follows_the_syllabus_and_names_the_biggest_drop(
        self, english, instructor, course, learners
    ):
        english.force_login(instructor)

        response = english.get(report_url(course))

        # Lesson 1 and lesson 2 both lose two: the first of equals is named, in words.
        rows = items_of(response)
        assert [row[:3] for row in rows] == [
            ("4", "66.7%", "2"),
            ("2", "33.3%", "2"),
            ("2", "33.3%", "0"),
            ("1", "16.7%", "1"),
        ]
        assert [row[3] for row in rows] == [True, False, False, False]
        sentence = text_of(response, "[data-biggest-drop]")
        assert "The biggest drop is at item 1, “บทที่ 1”" in sentence
        assert "2 enrolled learners did not complete it" in sentence
        assert "Biggest drop" in text_of(response, "[data-biggest-drop-row]")

    def test_the_biggest_drop_between_two_items_says_how_many_fewer_completed_it(
        self, english, instructor, course, syllabus, learners
    ):
        lesson_1 = syllabus[0]
        for name in ("eve", "fay"):
            enrol_learner(course, learners[name])
            complete_lessons(learners[name], [lesson_1])
        english.force_login(instructor)

        response = english.get(report_url(course))

        assert [row[3] for row in items_of(response)] == [False, True, False, False]
        sentence = text_of(response, "[data-biggest-drop]")
        assert "The biggest drop is at item 2, “บทที่ 2”: 4 learners fewer completed it than the item before" in sentence
        assert "(2, down from 6)" in sentence

    def test_quiz_pass_rate_counts_learners_who_passed_out_of_those_who_attempted(
        self, english, instructor, course, syllabus, learners
    ):
        english.force_login(instructor)

        response = english.get(report_url(course))

        row = soup(response).select_one(f"[data-quiz-figures] tr[data-quiz='{syllabus[3].pk}']")
        figures = {cell["data-figure"]: cell.get_text(strip=True) for cell in row.select("[data-figure]")}
        assert figures == {"attempts": "3", "attempted": "2", "passed": "1", "pass-rate": "50%"}
        assert row.a["href"] == reverse("quiz-results:attempts", args=[syllabus[3].pk])

    def test_a_course_with_no_learners_shows_zeros_without_failing(self, english, instructor, course):
        english.force_login(instructor)

        response = english.get(report_url(course))

        assert funnel_of(response)["enrolled"] == ("0", "–")
        assert text_of(response, "[data-biggest-drop]") == "No learner fell away between the items of the syllabus."

    def test_instructors_see_every_evaluation_with_the_learners_name_and_comment(
        self, english, instructor, course, learners
    ):
        give_evaluation(learners["ann"], course, dict(zip(QUESTION_FIELDS, (5, 4, 4, 3), strict=True)), "ชอบมาก")
        english.force_login(instructor)

        response = english.get(report_url(course))

        results = soup(response).select_one("[data-evaluation-results]")
        assert results.select_one("[data-figure=evaluation-count]").get_text(strip=True) == "1"
        assert results.select_one("[data-figure=evaluation-average]").get_text(strip=True) == "4.0"
        averages = [row.td.get_text(strip=True) for row in results.select("tr[data-question-average]")]
        assert averages == ["5.0", "4.0", "4.0", "3.0"]
        row = results.select_one("tr[data-evaluation]")
        assert "Ann" in row.th.get_text()
        assert row.select_one("[data-comment]").get_text(strip=True) == "ชอบมาก"


class TestThePeriod:
    @pytest.fixture
    def dated(self, course, learners):
        """ann and ben enrolled in October 2026, the others in December 2026."""
        for name, day in (("ann", 5), ("ben", 31)):
            Enrolment.objects.filter(course=course, user=learners[name]).update(
                enrolled_at=datetime.datetime(2026, 10, day, 12, tzinfo=BANGKOK)
            )
        Enrolment.objects.filter(course=course).exclude(user__in=[learners["ann"], learners["ben"]]).update(
            enrolled_at=datetime.datetime(2026, 12, 1, 0, 30, tzinfo=BANGKOK)
        )
        return learners

    def test_the_figures_count_only_learners_who_enrolled_in_the_period(self, english, instructor, course, dated):
        english.force_login(instructor)

        response = english.get(report_url(course), {"enrolled_from": "2026-10-01", "enrolled_to": "2026-10-31"})

        assert funnel_of(response)["enrolled"] == ("2", "100%")
        assert funnel_of(response)["completed"] == ("1", "50%")
        assert [row[0] for row in items_of(response)] == ["2", "2", "2", "1"]
        assert "Enrolled from 1 October 2026 to 31 October 2026" in text_of(response, "[data-report-period]")

    def test_the_period_ends_at_midnight_bangkok_time_of_the_last_day(self, english, instructor, course, dated):
        english.force_login(instructor)

        response = english.get(report_url(course), {"enrolled_from": "2026-12-01"})

        assert funnel_of(response)["enrolled"] == ("4", "100%")

    @pytest.mark.parametrize(
        ("params", "error"),
        [
            ({"enrolled_from": "2026-02-30"}, "Enter a real date, such as 2026-10-01."),
            ({"enrolled_to": "yesterday"}, "Enter a real date, such as 2026-09-30."),
            (
                {"enrolled_from": "2026-10-31", "enrolled_to": "2026-10-01"},
                "The end date must be on or after the start date.",
            ),
            ({"enrolled_from": "2569-10-01"}, "Enter the year in the Common Era: 2569 B.E. is 2026."),
            ({"enrolled_to": "0001-01-01"}, "Enter a date between 2000 and 2100."),
        ],
    )
    def test_impossible_dates_are_refused_with_a_message_and_every_enrolment_is_shown(
        self, english, instructor, course, dated, params, error
    ):
        english.force_login(instructor)

        response = english.get(report_url(course), params)

        assert response.status_code == 200
        assert "Those dates cannot be used" in messages_of(response)
        assert error in text_of(response, "[data-report-filter]")
        assert funnel_of(response)["enrolled"] == ("6", "100%")

    def test_the_csv_of_impossible_dates_goes_back_to_the_report_with_the_message(
        self, english, instructor, course, dated
    ):
        english.force_login(instructor)

        response = english.get(csv_url(course), {"enrolled_from": "2026-13-01"}, follow=True)

        assert response.redirect_chain[-1][0].startswith(report_url(course))
        assert "Those dates cannot be used" in messages_of(response)


class TestCourseCsv:
    def test_the_csv_has_a_bom_the_funnel_and_every_syllabus_item(self, english, instructor, course, learners):
        english.force_login(instructor)

        response = english.get(csv_url(course))

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f'filename="course-{course.pk}-report-' in response["Content-Disposition"]
        rows = csv_rows(response)
        assert rows[0][:6] == ["Section", "Position", "Name", "Type", "Learners", "Share of enrolled (%)"]
        assert rows[1:5] == [
            ["Funnel", "1", "Enrolled", "", "6", "100", "", ""],
            ["Funnel", "2", "Started", "", "5", "83.3", "", ""],
            ["Funnel", "3", "Completed", "", "1", "16.7", "", ""],
            ["Funnel", "4", "Certified", "", "1", "16.7", "", ""],
        ]
        assert rows[5:] == [
            ["Syllabus", "1", "บทที่ 1", "Lesson", "4", "66.7", "2", "Yes"],
            ["Syllabus", "2", "บทที่ 2", "Lesson", "2", "33.3", "2", ""],
            ["Syllabus", "3", "บทที่ 3", "Lesson", "2", "33.3", "0", ""],
            ["Syllabus", "4", "แบบทดสอบท้ายหลักสูตร", "Quiz", "1", "16.7", "1", ""],
        ]

    def test_the_csv_keeps_the_period_of_the_report(self, english, instructor, course, learners):
        Enrolment.objects.filter(course=course, user=learners["ann"]).update(
            enrolled_at=datetime.datetime(2026, 10, 5, tzinfo=BANGKOK)
        )
        english.force_login(instructor)
        params = {"enrolled_from": "2026-10-01", "enrolled_to": "2026-10-31"}

        page = soup(english.get(report_url(course), params))
        link = page.find("a", href=lambda href: href and href.startswith(csv_url(course)))
        rows = csv_rows(english.get(link["href"]))

        assert rows[1] == ["Funnel", "1", "Enrolled", "", "1", "100", "", ""]

    def test_a_title_a_spreadsheet_would_run_is_neutralised(self, english, administrator, site_pages):
        course = make_course(site_pages["courses"], lessons=[{"title": "=HYPERLINK(1)"}])
        english.force_login(administrator)

        rows = csv_rows(english.get(csv_url(course)))

        assert rows[5][2] == "'=HYPERLINK(1)"


class TestCourseReportQueries:
    @pytest.mark.parametrize("url", [report_url, csv_url], ids=["page", "csv"])
    def test_the_number_of_queries_does_not_grow_with_the_learners(self, english, instructor, course, syllabus, url):
        english.force_login(instructor)
        english.get(url(course))  # warms the per-process caches (content types, ...)
        counts = []
        for size in (2, 12):
            while course.enrolments.count() < size:
                user = UserFactory()
                enrol_learner(course, user)
                complete_lessons(user, syllabus[:3])
                passing = course.enrolments.count() % 2 == 0
                take_quiz(user, syllabus[3], passing=passing)
                if passing:
                    give_evaluation(user, course, dict.fromkeys(QUESTION_FIELDS, 4), "ดี")
            with CaptureQueriesContext(connection) as queries:
                assert english.get(url(course)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_course_list_does_not_grow_with_the_courses(self, english, administrator, site_pages):
        english.force_login(administrator)
        english.get(COURSE_REPORTS_URL)
        counts = []
        for size in (2, 6):
            while len(site_pages["courses"].get_children()) < size:
                enrol_learner(make_course(site_pages["courses"], lessons=1), UserFactory())
            with CaptureQueriesContext(connection) as queries:
                assert english.get(COURSE_REPORTS_URL).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestWaysIn:
    def test_the_reports_menu_offers_course_reports_to_an_instructor(self, english, instructor, course):
        english.force_login(instructor)

        html = english.get(reverse("wagtailadmin_home")).content.decode()

        assert COURSE_REPORTS_URL in html

    def test_the_course_page_in_the_editor_has_a_report_button_for_its_instructor(self, english, instructor, course):
        english.force_login(instructor)

        html = english.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()

        assert report_url(course) in html

    def test_the_course_listing_has_a_report_button_for_an_administrator(self, english, administrator, course):
        english.force_login(administrator)

        html = english.get(reverse("wagtailadmin_explore", args=[course.get_parent().pk])).content.decode()

        assert report_url(course) in html

    def test_the_report_button_is_not_offered_on_another_instructors_course(
        self, english, instructor, course, other_course
    ):
        from courses.course_reports import CourseReportButton

        assert CourseReportButton(page=course).is_shown(instructor)
        assert not CourseReportButton(page=other_course).is_shown(instructor)


# --- Seminars


@pytest.fixture
def organiser():
    return member_of(roles.INSTRUCTORS, preferred_language="en")


@pytest.fixture
def seminar(site_pages, organiser):
    return make_seminar(site_pages["seminars"], sessions=2, organisers=[organiser], training_hours=3)


@pytest.fixture
def other_seminar(site_pages):
    return make_seminar(site_pages["seminars"], sessions=1, organisers=[member_of(roles.INSTRUCTORS)])


def register_people(session, **counts):
    """``counts`` registrations of each status in ``session``; attended ones are credited 3 hours."""
    for status, number in counts.items():
        for _ in range(number):
            attended = status == RegistrationStatus.ATTENDED
            Registration.objects.create(
                session=session,
                user=UserFactory(),
                status=status,
                credited_hours=Decimal("3") if attended else Decimal("0"),
            )


def session_figures(response, session):
    row = soup(response).select_one(f"[data-session-figures] tr[data-session='{session.pk}']")
    figures = {cell["data-count"]: cell.get_text(strip=True) for cell in row.select("[data-count]")}
    figures |= {cell["data-figure"]: cell.get_text(strip=True) for cell in row.select("[data-figure]")}
    return figures


class TestSeminarReport:
    def test_each_session_shows_seats_registrations_by_status_attendance_rate_and_hours(
        self, english, organiser, seminar
    ):
        first, second = seminar.sessions.order_by("starts_at")
        register_people(first, confirmed=2, waitlisted=1, pending=1, declined=1, cancelled=1, attended=3)
        register_people(second, confirmed=1)
        english.force_login(organiser)

        response = english.get(seminar_report_url(seminar))

        assert session_figures(response, first) == {
            "capacity": "20",
            "confirmed": "2",
            "waitlisted": "1",
            "pending": "1",
            "declined": "1",
            "cancelled": "1",
            "attended": "3",
            "attendance-rate": "60%",
            "hours": "9",
        }
        assert session_figures(response, second)["attendance-rate"] == "0%"
        totals = soup(response).select_one("tr[data-totals]")
        assert {cell["data-count"]: cell.get_text(strip=True) for cell in totals.select("[data-count]")} == {
            "capacity": "40",
            "confirmed": "3",
            "waitlisted": "1",
            "pending": "1",
            "declined": "1",
            "cancelled": "1",
            "attended": "3",
        }
        assert totals.select_one("[data-figure=attendance-rate]").get_text(strip=True) == "50%"
        assert totals.select_one("[data-figure=hours]").get_text(strip=True) == "9"

    def test_a_session_without_registrations_has_no_attendance_rate_and_says_it_is_not_held_yet(
        self, english, organiser, seminar
    ):
        english.force_login(organiser)

        response = english.get(seminar_report_url(seminar))

        first = seminar.sessions.order_by("starts_at").first()
        assert session_figures(response, first)["attendance-rate"] == "–"
        assert "Not held yet" in soup(response).select_one(f"tr[data-session='{first.pk}']").get_text()

    def test_another_organisers_seminar_is_a_404(self, english, organiser, seminar, other_seminar):
        english.force_login(organiser)

        assert english.get(seminar_report_url(other_seminar)).status_code == 404

    def test_an_administrator_sees_any_seminar_and_the_list_shows_an_organiser_only_theirs(
        self, english, administrator, organiser, seminar, other_seminar
    ):
        english.force_login(administrator)
        assert english.get(seminar_report_url(other_seminar)).status_code == 200

        english.force_login(organiser)
        listed = {row["data-seminar"] for row in soup(english.get(SEMINAR_REPORTS_URL)).select("tr[data-seminar]")}
        assert listed == {str(seminar.pk)}

    def test_someone_who_organises_no_seminar_is_refused(self, english, seminar):
        english.force_login(member_of(roles.INSTRUCTORS))

        assert english.get(SEMINAR_REPORTS_URL).status_code in (302, 403)
        assert english.get(seminar_report_url(seminar)).status_code in (302, 403)

    def test_the_number_of_queries_does_not_grow_with_the_registrations(self, english, organiser, seminar):
        first, second = seminar.sessions.order_by("starts_at")
        english.force_login(organiser)
        english.get(seminar_report_url(seminar))
        counts = []
        for size in (1, 8):
            register_people(first, confirmed=size, attended=size)
            register_people(second, waitlisted=size)
            with CaptureQueriesContext(connection) as queries:
                assert english.get(seminar_report_url(seminar)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_seminar_list_does_not_grow_with_the_seminars(self, english, organiser, site_pages):
        english.force_login(organiser)
        english.get(SEMINAR_REPORTS_URL)
        counts = []
        for size in (1, 4):
            while len(site_pages["seminars"].get_children()) < size:
                seminar = make_seminar(site_pages["seminars"], sessions=2, organisers=[organiser])
                register_people(seminar.sessions.first(), attended=2)
            with CaptureQueriesContext(connection) as queries:
                assert english.get(SEMINAR_REPORTS_URL).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_seminar_page_in_the_editor_has_a_report_button_beside_registrations(
        self, english, administrator, seminar
    ):
        english.force_login(administrator)

        html = english.get(reverse("wagtailadmin_pages:edit", args=[seminar.pk])).content.decode()

        assert seminar_report_url(seminar) in html
        assert reverse("seminar_registrations_seminar", args=[seminar.pk]) in html

    def test_the_reports_menu_offers_seminar_reports_to_an_organiser(self, english, organiser, seminar):
        english.force_login(organiser)

        html = english.get(reverse("wagtailadmin_home")).content.decode()

        assert SEMINAR_REPORTS_URL in html
