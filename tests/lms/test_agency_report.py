"""The "Training by agency" report in the Wagtail editor: who sees which agencies, the figures,
the filters and their bad input, the CSV downloads, the chart, and a constant query count."""

import csv
import datetime
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from courses.models import Enrolment, QuizAttempt, Registration, RegistrationStatus
from lms import roles
from lms.models import Agency
from lms.reports import fiscal_year_dates
from tests.factories import (
    AgencyFactory,
    CivilServantFactory,
    UserFactory,
    make_course,
    make_quiz,
    make_seminar,
    member_of,
)

pytestmark = pytest.mark.django_db

REPORT = reverse("agency_report")
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))
NONE = "—nothing to count"  # "—" and the screen readers' words
# Fiscal year 2026 (ปีงบประมาณ 2569) runs from 1 October 2025 to 30 September 2026: in the past, and in the form's list.
FY = 2026
FY_LABEL = "Fiscal year 2569 (Oct 2025 – Sep 2026)"


def at(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


class ReportReader(HTMLParser):
    """The figures of the agency table (by ``data-agency``), the chart's table and the people's e-mails."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.agencies, self.chart, self.people = {}, [], []
        self.row = self.cell = None
        self.in_chart_table = False
        self.chart_row = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-chart-table" in attrs:
            self.in_chart_table = True
        if tag == "tr" and "data-agency" in attrs:
            self.row = self.agencies.setdefault(attrs["data-agency"], {})
        if tag == "tr" and "data-person" in attrs:
            self.people.append(attrs["data-person"])
        if tag == "tr" and self.in_chart_table:
            self.chart_row = []
        if tag in ("td", "th"):
            self.cell = attrs.get("data-figure", tag)
            self.text = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.text).split())
            if self.row is not None and self.cell not in ("td", "th"):
                self.row[self.cell] = text
            if self.chart_row is not None:
                self.chart_row.append(text)
            self.cell = None
        if tag == "tr":
            self.row = None
            if self.chart_row:
                self.chart.append(tuple(self.chart_row))
            self.chart_row = None
        if tag == "table":
            self.in_chart_table = False

    def handle_data(self, data):
        if self.cell is not None:
            self.text.append(data)


def read(response):
    assert response.status_code == 200
    reader = ReportReader()
    reader.feed(response.content.decode())
    return reader


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.fixture
def world(site_pages):
    """Two ministries (one with a department), their staff, a citizen, and their training records.

    The figures for fiscal year 2026 (ปีงบประมาณ 2569) with no period, as the ministry's officer (who is staff too) sees them:
    ministry: 2 learners, 2 enrolments, 2 completions, quizzes 80 and 60, 6 + 3 seminar hours, 1 attendance;
    department: 1 learner, 2 enrolments, 1 completion (1 October 2025 at 02:00 Bangkok time: the first
    day of the fiscal year, though still 30 September in UTC), a quiz of 50, 3 hours.
    """
    ministry = AgencyFactory(code="MDES", name_th="กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", name_en="Ministry of Digital Economy")
    department = AgencyFactory(
        code="DGA",
        name_th="สำนักงานพัฒนารัฐบาลดิจิทัล",
        name_en="Digital Government Development Agency",
        parent=ministry,
        level=Agency.Level.DEPARTMENT,
    )
    finance = AgencyFactory(code="MOF", name_th="กระทรวงการคลัง", name_en="Ministry of Finance")
    alice = CivilServantFactory(email="alice@mdes.go.th", agency=ministry, first_name_en="Alice", position="Analyst")
    bob = CivilServantFactory(email="bob@dga.go.th", agency=department, first_name_en="Bob")
    carol = CivilServantFactory(email="carol@mof.go.th", agency=finance, first_name_en="Carol")
    citizen = UserFactory(email="citizen@example.com")
    course = make_course(site_pages["courses"], lessons=1, training_hours=6, title="ข้อมูลเปิดภาครัฐ")
    other_course = make_course(site_pages["courses"], lessons=1, training_hours=3, title="ความมั่นคงปลอดภัยไซเบอร์")

    def enrol(user, on, enrolled, completed=None, hours=None):
        return Enrolment.objects.create(
            user=user,
            course=on,
            enrolled_at=enrolled,
            completed_at=completed,
            status="completed" if completed else "active",
            progress=1.0 if completed else 0.2,
            hours_credited=hours,
        )

    enrol(alice, course, at(2025, 10, 5), at(2025, 11, 10), hours=Decimal("6"))
    enrol(alice, other_course, at(2026, 9, 20), at(2026, 10, 2), hours=Decimal("3"))  # completed in FY 2027
    enrol(bob, course, at(2025, 12, 1))
    enrol(bob, other_course, at(2025, 9, 15), at(2025, 10, 1, hour=2))  # no hours kept: the course's 3
    enrol(carol, course, at(2026, 1, 10), at(2026, 2, 1), hours=Decimal("6"))
    enrol(citizen, course, at(2026, 1, 10), at(2026, 2, 1), hours=Decimal("6"))

    quiz = make_quiz(course)
    attempts = [(alice, 1, 80, at(2025, 11, 1)), (alice, 2, 60, at(2025, 11, 1, 10)), (bob, 1, 50, at(2026, 1, 5))]
    attempts += [(carol, 1, 100, at(2026, 1, 5)), (citizen, 1, 10, at(2026, 1, 5))]
    for user, number, percentage, submitted in attempts:
        QuizAttempt.objects.create(
            user=user,
            quiz=quiz,
            course=course,
            number=number,
            pass_mark=60,
            started_at=submitted - datetime.timedelta(minutes=20),
            submitted_at=submitted,
            percentage=Decimal(percentage),
            score=Decimal(percentage) / 20,
            max_score=5,
            passed=percentage >= 60,
        )
    # An attempt still open counts for nothing.
    QuizAttempt.objects.create(user=bob, quiz=quiz, course=course, number=2, pass_mark=60, started_at=at(2026, 1, 6))

    seminar = make_seminar(site_pages["seminars"], sessions=1, training_hours=3)
    session = seminar.sessions.get()
    for user in (alice, carol):
        Registration.objects.create(
            session=session,
            user=user,
            status=RegistrationStatus.ATTENDED,
            attended_at=at(2026, 3, 1),
            credited_hours=Decimal("3"),
        )
    Registration.objects.create(session=session, user=bob, status=RegistrationStatus.CONFIRMED)
    return {
        "ministry": ministry,
        "department": department,
        "finance": finance,
        "course": course,
        "other_course": other_course,
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "quiz": quiz,
    }


def officer_of(agency, **fields):
    return member_of(
        roles.TRAINING_OFFICERS,
        factory=CivilServantFactory,
        agency=agency,
        preferred_language=fields.pop("preferred_language", "en"),
        **fields,
    )


@pytest.fixture
def ministry_officer(world):
    return officer_of(world["ministry"], email="officer@mdes.go.th")


@pytest.fixture
def department_officer(world):
    return officer_of(world["department"], email="officer@dga.go.th")


@pytest.fixture
def administrator(db):
    return member_of(roles.ADMINISTRATORS, preferred_language="en")


def agency_keys(reader):
    return set(reader.agencies) - {"total"}


class TestATrainingOfficerOfAMinistry:
    def test_sees_the_ministry_and_its_department_with_their_figures_and_a_total(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        reader = read(client.get(REPORT, {"fiscal_year": FY}))

        assert agency_keys(reader) == {str(world["ministry"].pk), str(world["department"].pk)}
        assert reader.agencies[str(world["ministry"].pk)] == {
            "learners": "2",  # Alice and the officer
            "enrolments": "2",
            "completions": "2",
            "completion-rate": "100.0%",
            "quiz-score": "70.0%",
            "hours-per-person": "4.5",  # (6 + 3 seminar hours) / 2
            "seminar-attendance": "1",
        }
        assert reader.agencies[str(world["department"].pk)] == {
            "learners": "1",
            "enrolments": "2",
            "completions": "1",
            "completion-rate": "50.0%",
            "quiz-score": "50.0%",
            "hours-per-person": "3.0",
            "seminar-attendance": "0",
        }
        assert reader.agencies["total"] == {
            "learners": "3",
            "enrolments": "4",
            "completions": "3",
            "completion-rate": "75.0%",
            "quiz-score": "63.3%",  # the mean of every attempt, not of the agencies' means
            "hours-per-person": "4.0",
            "seminar-attendance": "1",
        }

    def test_never_sees_another_ministrys_people_or_figures(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        response = client.get(REPORT, {"fiscal_year": FY})
        html = response.content.decode()
        reader = read(response)

        assert set(reader.people) == {"alice@mdes.go.th", "bob@dga.go.th", "officer@mdes.go.th"}
        for trace in ("carol@mof.go.th", "Ministry of Finance", "citizen@example.com"):
            assert trace not in html
        assert f'value="{world["finance"].pk}"' not in html

    def test_sees_a_404_for_an_agency_outside_their_ministry(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        for params in ({}, {"export": "csv"}, {"export": "people"}):
            response = client.get(REPORT, {"agency": world["finance"].pk, **params})
            assert response.status_code == 404
            assert "carol" not in response.content.decode()

    def test_an_agency_that_is_not_an_id_or_does_not_exist_is_a_404_too(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        for value in ("abc", "²", "１２", "-1", "99999999999999999999999", "999999"):
            assert client.get(REPORT, {"agency": value}).status_code == 404

    def test_may_narrow_the_report_to_the_department(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        reader = read(client.get(REPORT, {"agency": world["department"].pk, "fiscal_year": FY}))
        assert agency_keys(reader) == {str(world["department"].pk)}
        assert reader.agencies["total"]["enrolments"] == "2"
        assert set(reader.people) == {"bob@dga.go.th"}


class TestATrainingOfficerOfADepartment:
    def test_sees_only_the_department_not_the_ministry_above_it(self, client, world, department_officer):
        client.force_login(department_officer)
        response = client.get(REPORT, {"fiscal_year": FY})
        reader = read(response)

        assert agency_keys(reader) == {str(world["department"].pk)}
        assert set(reader.people) == {"bob@dga.go.th", "officer@dga.go.th"}
        assert "alice@mdes.go.th" not in response.content.decode()
        assert reader.agencies["total"]["learners"] == "2"

    def test_sees_a_404_for_the_ministry_above(self, client, world, department_officer):
        client.force_login(department_officer)
        assert client.get(REPORT, {"agency": world["ministry"].pk}).status_code == 404
        assert client.get(REPORT, {"agency": world["ministry"].pk, "export": "people"}).status_code == 404

    def test_the_csv_downloads_hold_only_the_department(self, client, world, department_officer):
        client.force_login(department_officer)
        _header, *agencies = csv_rows(client.get(REPORT, {"export": "csv", "fiscal_year": FY}))
        _header, *people = csv_rows(client.get(REPORT, {"export": "people", "fiscal_year": FY}))
        assert [row[0] for row in agencies] == ["DGA", ""]
        assert {row[1] for row in people} == {"bob@dga.go.th", "officer@dga.go.th"}


class TestAnAdministrator:
    def test_sees_every_agency_and_a_total_of_all_staff(self, client, world, administrator):
        client.force_login(administrator)
        reader = read(client.get(REPORT, {"fiscal_year": FY}))
        assert agency_keys(reader) == {str(world[key].pk) for key in ("ministry", "department", "finance")}
        # Alice, Bob and Carol (the citizen belongs to no agency; the administrator neither).
        assert reader.agencies["total"]["learners"] == "3"
        assert reader.agencies["total"]["enrolments"] == "5"
        assert reader.agencies["total"]["seminar-attendance"] == "2"
        assert "citizen@example.com" not in set(reader.people)

    def test_may_choose_any_agency(self, client, world, administrator):
        client.force_login(administrator)
        reader = read(client.get(REPORT, {"agency": world["finance"].pk, "fiscal_year": FY}))
        assert agency_keys(reader) == {str(world["finance"].pk)}
        assert reader.people == ["carol@mof.go.th"]
        assert reader.agencies["total"]["quiz-score"] == "100.0%"

    def test_an_agency_that_does_not_exist_is_a_404(self, client, world, administrator):
        client.force_login(administrator)
        assert client.get(REPORT, {"agency": 999999}).status_code == 404


class TestWhoIsTurnedAway:
    def test_a_learner_is_sent_to_the_editors_login(self, client, world):
        client.force_login(world["alice"])
        response = client.get(REPORT)
        assert response.status_code == 302
        assert "/admin/login/" in response.url

    def test_an_instructor_is_refused_and_sees_no_menu_item(self, client, world):
        client.force_login(member_of(roles.INSTRUCTORS, preferred_language="en"))
        for params in ({}, {"export": "csv"}, {"export": "people"}):
            response = client.get(REPORT, params)
            assert response.status_code in (302, 403)
            assert "alice@mdes.go.th" not in response.content.decode()
        assert REPORT not in client.get("/admin/").content.decode()

    def test_a_training_officer_without_an_agency_is_refused(self, client, world):
        client.force_login(member_of(roles.TRAINING_OFFICERS, preferred_language="en"))
        response = client.get(REPORT, {"export": "people"})
        assert response.status_code in (302, 403)
        assert "alice@mdes.go.th" not in response.content.decode()

    def test_officers_and_administrators_find_it_under_reports(self, client, world, ministry_officer, administrator):
        for reader in (ministry_officer, administrator):
            client.force_login(reader)
            assert REPORT in client.get("/admin/").content.decode()


class TestTheFilters:
    def test_the_period_counts_enrolments_made_or_completed_in_it(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        reader = read(client.get(REPORT, {"date_from": "2025-10-01", "date_to": "2025-12-31", "fiscal_year": FY}))
        ministry = reader.agencies[str(world["ministry"].pk)]
        department = reader.agencies[str(world["department"].pk)]
        # Alice's second course was enrolled and completed later.
        assert (ministry["enrolments"], ministry["completions"], ministry["quiz-score"]) == ("1", "1", "70.0%")
        # Bob's course enrolled on 1 December (not completed) and the one completed on 1 October (enrolled before).
        assert (department["enrolments"], department["completions"]) == ("2", "1")
        assert department["quiz-score"] == NONE  # his attempt was submitted in January
        assert ministry["seminar-attendance"] == "0"  # the seminar was in March

    def test_the_period_is_in_bangkok_days(self, client, world, department_officer):
        client.force_login(department_officer)
        # Bob completed at 02:00 on 1 October in Bangkok (still 30 September in UTC).
        september = read(client.get(REPORT, {"date_from": "2025-09-01", "date_to": "2025-09-30"}))
        october = read(client.get(REPORT, {"date_from": "2025-10-01", "date_to": "2025-10-01"}))
        assert september.agencies["total"]["completions"] == "0"
        assert october.agencies["total"]["completions"] == "1"

    def test_a_course_limits_the_figures_to_it_and_leaves_seminars_out(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        response = client.get(REPORT, {"course": world["other_course"].pk, "fiscal_year": FY})
        ministry = read(response).agencies[str(world["ministry"].pk)]
        assert (ministry["enrolments"], ministry["completions"]) == ("1", "1")
        assert ministry["quiz-score"] == NONE  # the quiz is in the other course
        assert ministry["seminar-attendance"] == NONE
        assert ministry["hours-per-person"] == "0.0"  # completed in fiscal year 2027
        assert "Seminars are left out" in response.content.decode()

    def test_hours_are_counted_in_the_chosen_fiscal_year(self, client, world, department_officer, ministry_officer):
        client.force_login(department_officer)
        assert read(client.get(REPORT, {"fiscal_year": 2025})).agencies["total"]["hours-per-person"] == "0.0"
        assert read(client.get(REPORT, {"fiscal_year": 2026})).agencies["total"]["hours-per-person"] == "1.5"
        client.force_login(ministry_officer)
        # Alice's course completed on 2 October 2026 (3 hours) for her and the officer.
        ministry = read(client.get(REPORT, {"fiscal_year": 2027})).agencies[str(world["ministry"].pk)]
        assert ministry["hours-per-person"] == "1.5"

    def test_the_people_table_shows_each_persons_hours_in_the_fiscal_year(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        html = client.get(REPORT, {"fiscal_year": FY}).content.decode()
        row = html[html.index('data-person="alice@mdes.go.th"') :].split("</tr>")[0]
        assert ">Analyst<" in row
        assert ">9.0<" in row  # the course's 6 hours and the seminar's 3

    def test_the_people_table_comes_in_pages_of_50_that_keep_the_filters(self, client, world, ministry_officer):
        for _ in range(50):
            CivilServantFactory(agency=world["department"])
        client.force_login(ministry_officer)
        first = client.get(REPORT, {"fiscal_year": FY, "course": world["course"].pk})
        second = client.get(REPORT, {"fiscal_year": FY, "course": world["course"].pk, "p": 2})
        assert len(read(first).people) == 50
        assert len(read(second).people) == 3  # 53 people: Alice, Bob, the officer and 50 more
        assert not set(read(first).people) & set(read(second).people)
        assert f"course={world['course'].pk}&amp;p=2" in first.content.decode()


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, "The end of the period is before its start."),
            ({"date_from": "2026-02-30"}, "Enter a valid date."),
            ({"date_to": "yesterday"}, "Enter a valid date."),
            ({"date_from": "2569-01-01"}, "Enter the year in the Common Era: 2569 in the Buddhist Era is 2026."),
            ({"date_from": "0001-01-01"}, "Enter a date from 1950 on."),
            ({"course": "999999"}, "There is no such course. Choose one from the list."),
            ({"course": "abc"}, "There is no such course. Choose one from the list."),
            ({"fiscal_year": "1999"}, "Select a valid choice."),
        ],
    )
    def test_the_form_comes_back_with_a_clear_message_and_no_figures(
        self, client, world, ministry_officer, params, message
    ):
        client.force_login(ministry_officer)
        for extra in ({}, {"export": "csv"}, {"export": "people"}):
            response = client.get(REPORT, {**params, **extra})
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/html")
            html = response.content.decode()
            assert message in html
            assert "data-agency-table" not in html
            assert "alice@mdes.go.th" not in html

    def test_a_huge_course_id_is_a_form_error_not_a_crash(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        response = client.get(REPORT, {"course": "9" * 30})
        assert response.status_code == 200
        assert "There is no such course" in response.content.decode()


class TestTheCsvDownloads:
    def test_the_agency_csv_has_a_bom_english_headers_the_rows_and_the_total(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        response = client.get(REPORT, {"export": "csv", "fiscal_year": FY})
        assert response["Content-Disposition"] == 'attachment; filename="training-by-agency-fy2569.csv"'
        header, *rows = csv_rows(response)
        assert header == [
            "Agency code", "Agency", "Learners", "Enrolments", "Completions", "Completion rate (%)",
            "Average quiz score (%)", f"Credited hours, {FY_LABEL}", f"Hours per person, {FY_LABEL}",
            "Seminar attendance",
        ]  # fmt: skip
        assert rows == [
            ["MDES", "Ministry of Digital Economy", "2", "2", "2", "100.0", "70.0", "9.0", "4.5", "1"],
            ["DGA", "Digital Government Development Agency", "1", "2", "1", "50.0", "50.0", "3.0", "3.0", "0"],
            ["", "Total", "3", "4", "3", "75.0", "63.3", "12.0", "4.0", "1"],
        ]

    def test_the_people_csv_lists_each_person_in_scope(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        header, *rows = csv_rows(client.get(REPORT, {"export": "people", "fiscal_year": FY}))
        assert header == [
            "Name", "E-mail", "Position", "Agency", "Enrolments", "Completions", f"Credited hours, {FY_LABEL}",
        ]  # fmt: skip
        by_email = {row[1]: row for row in rows}
        assert set(by_email) == {"alice@mdes.go.th", "bob@dga.go.th", "officer@mdes.go.th"}
        assert by_email["alice@mdes.go.th"] == [
            world["alice"].get_full_name_en(), "alice@mdes.go.th", "Analyst", "Ministry of Digital Economy",
            "2", "2", "9.0",
        ]  # fmt: skip

    def test_headers_and_the_fiscal_year_are_thai_when_the_editor_is_in_thai(self, client, world):
        client.force_login(officer_of(world["ministry"], preferred_language="th"))
        header, *_rows = csv_rows(client.get(REPORT, {"export": "csv", "fiscal_year": FY}))
        with translation.override("th"):
            assert header[:3] == [gettext("Agency code"), gettext("Agency"), gettext("Learners")]
            assert header[7] == gettext("Credited hours, %(year)s") % {"year": "ปีงบประมาณ 2569"}

    def test_a_name_that_looks_like_a_formula_is_exported_as_text(self, client, world, ministry_officer):
        UserFactory(
            email="formula@mdes.go.th",
            learner_type="civil_servant",
            agency=world["ministry"],
            name_prefix="",
            first_name_en="=HYPERLINK(1)",
            last_name_en="",
            position="+SUM(A1)",
        )
        client.force_login(ministry_officer)
        _header, *rows = csv_rows(client.get(REPORT, {"export": "people"}))
        [row] = [row for row in rows if row[1] == "formula@mdes.go.th"]
        assert row[0] == "'=HYPERLINK(1)"
        assert row[2] == "'+SUM(A1)"


class TestTheChart:
    def test_completions_per_month_are_an_svg_image_and_the_same_figures_in_a_table(
        self, client, world, ministry_officer
    ):
        client.force_login(ministry_officer)
        response = client.get(REPORT, {"date_from": "2025-10-01", "date_to": "2026-09-30", "fiscal_year": FY})
        html = response.content.decode()
        reader = read(response)

        start = html.index('<svg class="chart"')
        svg = html[start : html.index("</svg>", start)]
        assert 'role="img"' in svg
        assert '<title id="completions-chart-title">Completions by month</title>' in svg
        assert 'aria-labelledby="completions-chart-title completions-chart-desc"' in svg
        assert "style=" not in svg and "<script" not in svg
        # Alice in November; Bob's 02:00 on 1 October is October in Bangkok.
        months = reader.chart[1:]
        assert months[0] == ("Oct 2025", "1")
        assert months[1] == ("Nov 2025", "1")
        assert len(months) == 12 and all(count == "0" for _label, count in months[2:])
        assert "Oct 2025: 1; Nov 2025: 1; Dec 2025: 0" in svg  # the description states every figure

    def test_months_are_in_the_buddhist_era_in_thai(self, client, world):
        client.force_login(officer_of(world["ministry"], preferred_language="th"))
        reader = read(client.get(REPORT, {"date_from": "2025-11-01", "date_to": "2025-11-30"}))
        assert reader.chart[1:] == [("พ.ย. 68", "1")]

    def test_a_long_period_shows_its_last_24_months(self, client, world, ministry_officer):
        client.force_login(ministry_officer)
        response = client.get(REPORT, {"date_from": "2015-01-01", "date_to": "2026-09-30"})
        months = read(response).chart[1:]
        assert len(months) == 24
        assert months[-1][0] == "Sep 2026"
        assert "it shows the last 24 months" in response.content.decode()


class TestFiscalYears:
    def test_a_fiscal_year_runs_from_1_october_to_30_september(self):
        assert fiscal_year_dates(2027) == (datetime.date(2026, 10, 1), datetime.date(2027, 10, 1))

    def test_the_form_names_the_years_in_the_buddhist_era(self, client, world):
        client.force_login(officer_of(world["ministry"], preferred_language="th"))
        html = client.get(REPORT, {"fiscal_year": FY}).content.decode()
        assert '<option value="2026" selected>ปีงบประมาณ 2569</option>' in html


class TestQueryCount:
    def grow(self, world, size):
        """``size`` more staff in the ministry and department, each enrolled, completed, quizzed and at the seminar."""
        session = Registration.objects.first().session
        for n in range(size):
            person = CivilServantFactory(agency=world["ministry"] if n % 2 else world["department"])
            for course in (world["course"], world["other_course"]):
                Enrolment.objects.create(
                    user=person, course=course, enrolled_at=at(2025, 11, 1), completed_at=at(2025, 12, 1), progress=1.0
                )
            QuizAttempt.objects.create(
                user=person,
                quiz=world["quiz"],
                course=world["course"],
                number=1,
                pass_mark=60,
                submitted_at=at(2025, 11, 2),
                percentage=Decimal(75),
            )
            Registration.objects.create(
                session=session, user=person, status=RegistrationStatus.ATTENDED, attended_at=at(2026, 3, 1)
            )

    @pytest.mark.parametrize(
        "params",
        [
            {"fiscal_year": FY},
            {"fiscal_year": FY, "date_from": "2025-10-01", "date_to": "2026-09-30", "course": "course"},
            {"fiscal_year": FY, "export": "csv"},
            {"fiscal_year": FY, "export": "people"},
        ],
    )
    def test_the_report_takes_the_same_queries_for_few_or_many_records(
        self, client, world, ministry_officer, django_assert_max_num_queries, params
    ):
        params = {**params}
        if params.get("course") == "course":
            params["course"] = world["course"].pk
        client.force_login(ministry_officer)
        client.get(REPORT, params)  # warm the per-process caches (content types, permissions)
        with django_assert_max_num_queries(30) as few:
            client.get(REPORT, params)
        few_queries = len(few)
        self.grow(world, 60)
        with django_assert_max_num_queries(few_queries):
            response = client.get(REPORT, params)
        assert response.status_code == 200
        if "export" not in params:
            assert read(response).agencies["total"]["learners"] == "63"
