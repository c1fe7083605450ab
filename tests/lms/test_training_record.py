"""The learner's training record: hours credited by courses and seminars, totals per Thai fiscal year,
on the dashboard (``/my/``) and as CSV (``/my/training-record.csv``)."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Certificate, Enrolment, Registration, RegistrationStatus
from courses.services import seminars
from courses.services.certificates import issue_for_enrolment, renew
from courses.services.enrolment import enrol_learner, withdraw
from courses.services.progress import complete_lesson
from lms.dashboard import learner_courses
from lms.thai import fiscal_year, fiscal_year_label
from lms.training_record import COURSE, SEMINAR, ledger, total_hours, totals_by_fiscal_year
from tests.factories import CivilServantFactory, UserFactory, make_course, make_seminar

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("dashboard:index")
CSV_URL = reverse("dashboard:training-record-csv")
PDF_URL = reverse("dashboard:training-record-pdf")
BANGKOK = datetime.timezone(datetime.timedelta(hours=7))


def bangkok(*args):
    """A moment given in Bangkok time."""
    return datetime.datetime(*args, tzinfo=BANGKOK)


@pytest.fixture
def learner(db):
    return CivilServantFactory(preferred_language="en")


@pytest.fixture
def finish(django_capture_on_commit_callbacks):
    """Complete every lesson of ``course`` for ``user`` (at ``when``, now by default), issuing its certificate."""

    def finish(user, course, when=None):
        if not Enrolment.objects.filter(user=user, course=course).exists():
            enrol_learner(course, user)
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in course.syllabus_items():
                complete_lesson(user, lesson, now=when)
        enrolment = Enrolment.objects.get(user=user, course=course)
        # Issued here too (the same certificate if the background task already did): the ledger
        # is under test, not the task queue, which tests/courses covers.
        issue_for_enrolment(enrolment, now=when)
        return enrolment

    return finish


def attend(seminar_index, user, title="สัมมนาที่เข้าร่วมแล้ว", hours=3, when=None, sessions=1, **fields):
    """A past seminar of ``sessions`` sessions that ``user`` attended at every session; returns the registrations."""
    when = when or timezone.now() - datetime.timedelta(days=10)
    seminar = make_seminar(
        seminar_index,
        title=title,
        training_hours=hours,
        sessions=[
            {"starts_at": when + datetime.timedelta(days=n), "ends_at": when + datetime.timedelta(days=n, hours=3)}
            for n in range(sessions)
        ],
        **fields,
    )
    registrations = []
    for n, session in enumerate(seminar.sessions.order_by("starts_at")):
        registration = Registration.objects.create(
            session=session, user=user, status=RegistrationStatus.CONFIRMED, registered_at=when - datetime.timedelta(5)
        )
        registrations.append(seminars.mark_attended(registration, None, now=when + datetime.timedelta(days=n, hours=1)))
    return registrations


def expire(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))


def section(html):
    match = re.search(r'<section[^>]*data-section="training-record".*?</section>', html, re.S)
    return match.group(0) if match else ""


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


class TestTheLedger:
    def test_a_completed_course_is_an_entry_with_its_date_hours_page_and_certificate_code(
        self, site_pages, learner, finish
    ):
        course = make_course(site_pages["courses"], title="การบริหารจัดการภาครัฐยุคใหม่", lessons=1, training_hours=6)

        enrolment = finish(learner, course)

        (entry,) = ledger(learner)
        certificate = Certificate.objects.get(user=learner, course=course)
        assert entry.kind == COURSE
        assert entry.title == "การบริหารจัดการภาครัฐยุคใหม่"
        assert entry.hours == Decimal("6")
        assert entry.credited_on == timezone.localdate(enrolment.completed_at)
        assert entry.page.pk == course.pk
        assert entry.certificate_code == certificate.grouped_code

    def test_a_course_in_progress_or_withdrawn_before_completion_credits_nothing(self, site_pages, learner):
        studying = make_course(site_pages["courses"], lessons=2, training_hours=6)
        left = make_course(site_pages["courses"], lessons=2, training_hours=3)
        enrol_learner(studying, learner)
        complete_lesson(learner, studying.syllabus_items()[0])
        enrol_learner(left, learner)
        withdraw(left, learner)

        assert ledger(learner) == []

    def test_the_hours_kept_at_completion_stay_when_the_course_changes_later(self, site_pages, learner, finish):
        course = make_course(site_pages["courses"], lessons=1, training_hours=6, awards_certificate=False)
        finish(learner, course)
        course.training_hours = 12
        course.save_revision().publish()

        (entry,) = ledger(learner)
        assert entry.hours == Decimal("6")
        assert entry.certificate_code == ""

    def test_an_attended_seminar_is_an_entry_dated_by_the_attendance(self, site_pages, learner):
        when = bangkok(2026, 9, 30, 9, 0)
        (registration,) = attend(
            site_pages["seminars"], learner, title="สัมมนาการฟื้นฟูชุมชน", hours=Decimal("2.5"), when=when
        )

        (entry,) = ledger(learner)
        assert entry.kind == SEMINAR
        assert entry.title == "สัมมนาการฟื้นฟูชุมชน"
        assert entry.hours == Decimal("2.5")
        assert entry.credited_on == timezone.localdate(registration.attended_at) == datetime.date(2026, 9, 30)
        assert entry.page.pk == registration.session.page_id

    def test_a_seminar_attended_at_two_sessions_is_counted_once(self, site_pages, learner):
        attend(site_pages["seminars"], learner, hours=Decimal("6"), sessions=2, awards_certificate=True)

        entries = ledger(learner)

        assert len(entries) == 1
        assert total_hours(entries) == Decimal("6")
        certificate = Certificate.objects.get(user=learner, seminar__isnull=False)
        assert entries[0].certificate_code == certificate.grouped_code

    def test_registrations_not_attended_credit_nothing(self, site_pages, learner):
        seminar = make_seminar(site_pages["seminars"], sessions=2, training_hours=3)
        first, second = seminar.sessions.order_by("starts_at")
        Registration.objects.create(session=first, user=learner, status=RegistrationStatus.CONFIRMED)
        Registration.objects.create(
            session=second, user=learner, status=RegistrationStatus.CANCELLED, cancelled_at=timezone.now()
        )

        assert ledger(learner) == []

    def test_an_attendance_taken_back_credits_nothing(self, site_pages, learner):
        (registration,) = attend(site_pages["seminars"], learner, hours=3, awards_certificate=True)

        seminars.unmark_attended(registration, None)

        assert ledger(learner) == []

    def test_every_round_of_a_renewed_course_is_an_entry_and_the_total_matches_the_dashboard(
        self, site_pages, learner, finish
    ):
        course = make_course(site_pages["courses"], lessons=1, training_hours=6, certificate_valid_months=12)
        finish(learner, course)
        first = Certificate.objects.get(user=learner, course=course)
        expire(first)
        renew(learner, course)

        # Taking it again: the first round stays on the record, from its certificate.
        (earlier,) = ledger(learner)
        assert earlier.hours == Decimal("6")
        assert earlier.certificate_code == first.grouped_code
        assert earlier.credited_at == first.issued_at
        assert total_hours([earlier]) == learner_courses(learner).credited_hours

        finish(learner, course)
        entries = ledger(learner)
        second = Certificate.objects.filter(user=learner, course=course).exclude(pk=first.pk).get()
        assert [entry.certificate_code for entry in entries] == [second.grouped_code, first.grouped_code]
        assert total_hours(entries) == Decimal("12") == learner_courses(learner).credited_hours

    def test_a_revoked_certificate_keeps_the_hours_but_not_its_code(self, site_pages, learner, finish):
        from courses.services.certificates import revoke

        course = make_course(site_pages["courses"], lessons=1, training_hours=6)
        finish(learner, course)
        revoke(Certificate.objects.get(user=learner, course=course), "ออกผิดพลาด")

        (entry,) = ledger(learner)
        assert entry.hours == Decimal("6")
        assert entry.certificate_code == ""

    def test_entries_are_listed_newest_first_courses_and_seminars_together(self, site_pages, learner, finish):
        old_course = make_course(site_pages["courses"], title="เก่าที่สุด", lessons=1, awards_certificate=False)
        new_course = make_course(site_pages["courses"], title="ใหม่ที่สุด", lessons=1, awards_certificate=False)
        finish(learner, old_course, when=bangkok(2025, 1, 10, 10))
        finish(learner, new_course, when=bangkok(2026, 3, 1, 10))
        attend(site_pages["seminars"], learner, title="อยู่ตรงกลาง", when=bangkok(2025, 6, 1, 9))

        assert [entry.title for entry in ledger(learner)] == ["ใหม่ที่สุด", "อยู่ตรงกลาง", "เก่าที่สุด"]

    def test_another_learners_courses_and_seminars_never_appear(self, site_pages, learner, finish):
        someone_else = CivilServantFactory()
        finish(someone_else, make_course(site_pages["courses"], title="ของคนอื่น", lessons=1))
        attend(site_pages["seminars"], someone_else, title="สัมมนาของคนอื่น")
        finish(learner, make_course(site_pages["courses"], title="ของฉัน", lessons=1, awards_certificate=False))

        assert [entry.title for entry in ledger(learner)] == ["ของฉัน"]

    def test_a_guest_has_no_record(self, site_pages):
        from django.contrib.auth.models import AnonymousUser

        assert ledger(AnonymousUser()) == []

    def test_the_ledger_takes_three_queries_however_long_it_is(
        self, site_pages, learner, finish, django_assert_num_queries
    ):
        def add(count):
            for _n in range(count):
                course = make_course(site_pages["courses"], lessons=1, certificate_valid_months=12)
                finish(learner, course)
                attend(site_pages["seminars"], learner, awards_certificate=True)

        add(1)
        with django_assert_num_queries(3):
            assert len(ledger(learner)) == 2

        add(4)
        renewed = Enrolment.objects.filter(user=learner).first().course
        expire(Certificate.objects.get(user=learner, course=renewed))
        renew(learner, renewed)
        finish(learner, renewed)
        with django_assert_num_queries(3):
            assert len(ledger(learner)) == 11


class TestFiscalYears:
    def test_30_september_closes_a_fiscal_year_and_1_october_opens_the_next(self):
        assert fiscal_year(datetime.date(2026, 9, 30)) == 2026
        assert fiscal_year(datetime.date(2026, 10, 1)) == 2027
        assert fiscal_year(datetime.date(2027, 9, 30)) == 2027
        assert fiscal_year(datetime.date(2027, 1, 1)) == 2027

    def test_a_moment_counts_on_its_day_in_bangkok(self):
        # 18:00 UTC on 30 September is 01:00 on 1 October in Bangkok.
        assert fiscal_year(datetime.datetime(2026, 9, 30, 18, 0, tzinfo=datetime.UTC)) == 2027
        assert fiscal_year(datetime.datetime(2026, 9, 30, 16, 59, tzinfo=datetime.UTC)) == 2026

    def test_the_label_is_in_the_buddhist_era(self):
        assert fiscal_year_label(2027) == "ปีงบประมาณ 2570"
        assert fiscal_year_label(2027, "th") == "ปีงบประมาณ 2570"
        assert fiscal_year_label(2027, "en") == "Fiscal year 2570 (Oct 2026 – Sep 2027)"

    def test_totals_add_up_hours_and_entries_per_fiscal_year_newest_first(self, site_pages, learner, finish):
        courses = site_pages["courses"]
        finish(
            learner,
            make_course(courses, lessons=1, training_hours=6, awards_certificate=False),
            bangkok(2026, 9, 30, 23, 30),
        )
        finish(
            learner,
            make_course(courses, lessons=1, training_hours=3, awards_certificate=False),
            bangkok(2026, 10, 1, 0, 30),
        )
        attend(site_pages["seminars"], learner, hours=Decimal("1.5"), when=bangkok(2027, 9, 30, 9))
        attend(site_pages["seminars"], learner, hours=2, when=bangkok(2025, 10, 1, 9))

        with translation.override("th"):
            totals = totals_by_fiscal_year(ledger(learner))

        assert totals == [
            (2027, "ปีงบประมาณ 2570", Decimal("4.5"), 2),
            (2026, "ปีงบประมาณ 2569", Decimal("8"), 2),
        ]
        with translation.override("en"):
            assert totals_by_fiscal_year(ledger(learner))[0].label == "Fiscal year 2570 (Oct 2026 – Sep 2027)"


class TestOnTheDashboard:
    def test_the_record_shows_totals_per_fiscal_year_and_entries_with_buddhist_era_dates(
        self, client, site_pages, finish
    ):
        learner = CivilServantFactory()  # Thai, the site's language
        finish(
            learner,
            make_course(site_pages["courses"], title="การบริหารจัดการภาครัฐยุคใหม่", lessons=1, training_hours=6),
            bangkok(2026, 11, 24, 10),
        )
        attend(
            site_pages["seminars"], learner, title="สัมมนาการฟื้นฟูชุมชน", hours=Decimal("1.5"), when=bangkok(2026, 9, 30, 9)
        )
        client.force_login(learner)

        html = section(client.get(DASHBOARD_URL).text)

        totals = re.search(r"<table[^>]*data-training-record-totals.*?</table>", html, re.S).group(0)
        assert totals.index("ปีงบประมาณ 2570") < totals.index("ปีงบประมาณ 2569")
        assert re.search(r'data-fiscal-year="2570">.*?data-hours="6.0"', totals, re.S)
        assert re.search(r'data-fiscal-year="2569">.*?data-hours="1.5"', totals, re.S)
        assert 'data-total-hours="7.5"' in totals
        year_2570 = re.search(r'<table[^>]*data-fiscal-year-entries="2570".*?</table>', html, re.S).group(0)
        assert "การบริหารจัดการภาครัฐยุคใหม่" in year_2570
        assert "24 พฤศจิกายน 2569" in year_2570
        year_2569 = re.search(r'<table[^>]*data-fiscal-year-entries="2569".*?</table>', html, re.S).group(0)
        assert "สัมมนาการฟื้นฟูชุมชน" in year_2569
        assert "30 กันยายน 2569" in year_2569
        assert '<th scope="col">' in year_2569 and '<th scope="row">' in year_2569

    def test_entries_link_to_their_course_and_seminar_and_show_the_certificate_code(
        self, client, site_pages, learner, finish
    ):
        course = make_course(site_pages["courses"], lessons=1)
        finish(learner, course)
        (registration,) = attend(site_pages["seminars"], learner)
        client.force_login(learner)
        client.cookies["lms_language"] = "en"

        html = section(client.get(DASHBOARD_URL).text)

        assert f'href="{course.url}"' in html
        assert f'href="{registration.session.page.url}"' in html
        assert Certificate.objects.get(user=learner, course=course).grouped_code in html
        assert "No certificate" in html  # the seminar awards none

    def test_the_headline_hours_include_the_seminars(self, client, site_pages, learner, finish):
        finish(learner, make_course(site_pages["courses"], lessons=1, training_hours=6, awards_certificate=False))
        attend(site_pages["seminars"], learner, hours=Decimal("1.5"))
        client.force_login(learner)

        response = client.get(DASHBOARD_URL)

        assert 'data-credited-hours="7.5"' in response.text
        assert response.context["training_record"].total_hours == Decimal("7.5")
        # The courses' own figure, which other parts of the page read, is unchanged.
        assert response.context["courses"].credited_hours == Decimal("6")

    def test_the_record_links_to_the_pdf_transcript_and_the_csv(self, client, site_pages, learner, finish):
        finish(learner, make_course(site_pages["courses"], lessons=1, awards_certificate=False))
        client.force_login(learner)
        client.cookies["lms_language"] = "en"

        html = section(client.get(DASHBOARD_URL).text)

        assert f'href="{PDF_URL}"' in html
        assert f'href="{CSV_URL}"' in html
        assert "Download the transcript (PDF)" in html

    def test_a_learner_without_credits_is_told_where_they_will_appear(self, client, site_pages, learner):
        client.force_login(learner)
        client.cookies["lms_language"] = "en"

        response = client.get(DASHBOARD_URL)

        html = section(response.text)
        assert "data-training-record-empty" in html
        assert "No training hours have been credited to you yet." in html
        assert PDF_URL not in html
        assert 'data-credited-hours="0.0"' in response.text

    def test_the_dashboard_makes_as_many_queries_for_many_credits_as_for_few(
        self, client, site_pages, learner, finish, django_assert_max_num_queries
    ):
        def add(count):
            for _n in range(count):
                finish(learner, make_course(site_pages["courses"], lessons=1))
                attend(site_pages["seminars"], learner, awards_certificate=True)

        add(1)
        client.force_login(learner)
        client.get(DASHBOARD_URL)  # fills the site and navigation caches, as on a running site
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD_URL).status_code == 200
        with_one = len(captured)

        add(5)
        client.get(DASHBOARD_URL)
        with django_assert_max_num_queries(with_one):
            response = client.get(DASHBOARD_URL)
        assert len(response.context["training_record"].entries) == 12


class TestTheCsv:
    def test_a_guest_is_sent_to_log_in(self, client, site_pages):
        response = client.get(CSV_URL)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account:login')}?next={CSV_URL}"

    def test_the_file_is_utf8_with_a_bom_and_english_headings_for_an_english_reader(
        self, client, site_pages, learner, finish
    ):
        course = make_course(site_pages["courses"], title="การบริหารจัดการภาครัฐยุคใหม่", lessons=1, training_hours=6)
        finish(learner, course, bangkok(2026, 10, 1, 8))
        attend(
            site_pages["seminars"], learner, title="สัมมนาการฟื้นฟูชุมชน", hours=Decimal("1.5"), when=bangkok(2026, 9, 30, 9)
        )
        client.force_login(learner)
        client.cookies["lms_language"] = "en"

        response = client.get(CSV_URL)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="training-record-')
        assert "no-store" in response["Cache-Control"]
        code = Certificate.objects.get(user=learner, course=course).grouped_code
        assert csv_rows(response) == [
            ["Fiscal year (B.E.)", "Date", "Kind", "Title", "Hours", "Certificate code"],
            ["2570", "2026-10-01", "Course", "การบริหารจัดการภาครัฐยุคใหม่", "6", code],
            ["2569", "2026-09-30", "Seminar", "สัมมนาการฟื้นฟูชุมชน", "1.5", ""],
        ]

    def test_the_headings_follow_the_readers_language(self, client, site_pages, learner):
        client.force_login(learner)
        client.cookies["lms_language"] = "th"
        with translation.override("th"):
            expected = str(translation.gettext("Fiscal year (B.E.)"))

        (header,) = csv_rows(client.get(CSV_URL))

        assert header[0] == expected
        assert len(header) == 6

    def test_a_title_that_looks_like_a_formula_is_written_as_text(self, client, site_pages, learner, finish):
        finish(
            learner, make_course(site_pages["courses"], title='=HYPERLINK("x")', lessons=1, awards_certificate=False)
        )
        client.force_login(learner)

        _header, row = csv_rows(client.get(CSV_URL))

        assert row[3] == '\'=HYPERLINK("x")'

    def test_only_the_requesters_own_record_is_in_it(self, client, site_pages, learner, finish):
        someone_else = UserFactory()
        finish(someone_else, make_course(site_pages["courses"], title="ของคนอื่น", lessons=1, awards_certificate=False))
        finish(learner, make_course(site_pages["courses"], title="ของฉัน", lessons=1, awards_certificate=False))
        client.force_login(learner)

        rows = csv_rows(client.get(CSV_URL))

        assert [row[3] for row in rows[1:]] == ["ของฉัน"]

    def test_the_download_is_read_only(self, client, site_pages, learner):
        client.force_login(learner)
        assert client.post(CSV_URL).status_code == 405
