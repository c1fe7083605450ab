"""Importing a session's attendance from a CSV file of e-mail addresses: the checks, the report, all or nothing."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses import seminar_admin, seminar_attendance_import
from courses.models import AttendanceSource, Certificate, Registration, RegistrationStatus
from courses.seminar_attendance_import import import_attendance
from courses.services import seminars
from courses.services.seminars import SeminarError
from lms import roles
from tests.factories import UserFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(instructor):
    return instructor


@pytest.fixture
def seminar(site_pages, organiser):
    starts = timezone.now() - datetime.timedelta(minutes=20)
    return make_seminar(
        site_pages["seminars"],
        organisers=[organiser],
        awards_certificate=True,
        training_hours=3,
        sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3)}],
    )


@pytest.fixture
def session(seminar):
    return seminar.sessions.get()


def registered(session, email, status=RegistrationStatus.CONFIRMED):
    return Registration.objects.create(session=session, user=UserFactory(email=email), status=status)


def csv_bytes(*lines, bom=True, encoding="utf-8"):
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def statuses(session):
    return dict(Registration.objects.filter(session=session).values_list("user__email", "status"))


@pytest.fixture
def people(session):
    """Three confirmed registrants, one cancelled, one declined, one pending and one who attended already."""
    return {
        "somchai": registered(session, "somchai@ocsc.go.th"),
        "suda": registered(session, "suda@cgd.go.th"),
        "malee": registered(session, "malee@dopa.go.th", RegistrationStatus.WAITLISTED),
        "cancelled": registered(session, "cancelled@ocsc.go.th", RegistrationStatus.CANCELLED),
        "declined": registered(session, "declined@ocsc.go.th", RegistrationStatus.DECLINED),
        "pending": registered(session, "pending@ocsc.go.th", RegistrationStatus.PENDING),
        "attended": registered(session, "attended@ocsc.go.th", RegistrationStatus.ATTENDED),
    }


class TestTheImport:
    def test_a_good_file_marks_everyone_attended_credits_hours_and_issues_certificates(
        self, session, people, organiser, django_capture_on_commit_callbacks
    ):
        data = csv_bytes("email", "Somchai@OCSC.go.th", "suda@cgd.go.th", "", "malee@dopa.go.th")

        with django_capture_on_commit_callbacks(execute=True):
            result = import_attendance(data, session, organiser)

        assert result.problems == []
        assert [row.line for row in result.marked] == [2, 3, 5]
        for key in ("somchai", "suda", "malee"):
            registration = Registration.objects.get(pk=people[key].pk)
            assert registration.status == RegistrationStatus.ATTENDED
            assert registration.attendance_source == AttendanceSource.IMPORT
            assert registration.credited_hours == 3
            assert registration.certificate is not None
        assert Certificate.objects.count() == 3

    def test_the_header_is_optional(self, session, people, organiser):
        result = import_attendance(csv_bytes("somchai@ocsc.go.th", "suda@cgd.go.th", bom=False), session, organiser)
        assert [row.line for row in result.marked] == [1, 2]

    def test_every_bad_line_is_reported_by_its_line_and_nobody_is_marked(self, session, people, organiser):
        before = statuses(session)
        data = csv_bytes(
            "email,name",
            "somchai@ocsc.go.th,สมชาย",
            'nobody@example.go.th,"ชื่อ',  # a quoted name over two lines: the next record starts on line 5
            'สองบรรทัด"',
            "cancelled@ocsc.go.th,",
            "declined@ocsc.go.th,",
            "pending@ocsc.go.th,",
            "not-an-address,",
            "SOMCHAI@ocsc.go.th,again",
            "attended@ocsc.go.th,",
            ",no address",
        )
        UserFactory(email="stranger@ocsc.go.th")
        data += csv_bytes("stranger@ocsc.go.th,", bom=False)

        result = import_attendance(data, session, organiser)

        assert {problem.line: problem.code for problem in result.problems} == {
            3: "unknown_person",
            5: "cancelled",
            6: "declined",
            7: "pending",
            8: "malformed_email",
            9: "duplicate",
            11: "missing_email",
            12: "not_registered",
        }
        assert "line 2" in next(problem.message for problem in result.problems if problem.code == "duplicate")
        assert [row.line for row in result.already] == [10]
        assert result.marked == []
        assert result.blocked
        assert statuses(session) == before
        assert not Certificate.objects.exists()

    def test_a_row_with_more_than_an_address_needs_a_header(self, session, people, organiser):
        result = import_attendance(csv_bytes("somchai@ocsc.go.th,suda@cgd.go.th"), session, organiser)
        assert [(problem.line, problem.code) for problem in result.problems] == [(1, "too_many_values")]
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.CONFIRMED

    def test_a_refusal_while_writing_rolls_back_everyone_marked_before_it(
        self, session, people, organiser, monkeypatch, django_capture_on_commit_callbacks
    ):
        real = seminar_attendance_import.mark_attended

        def refuse_suda(registration, by_user, **kwargs):
            if registration.user.email == "suda@cgd.go.th":
                raise SeminarError("not_active", "cancelled meanwhile")
            return real(registration, by_user, **kwargs)

        monkeypatch.setattr(seminar_attendance_import, "mark_attended", refuse_suda)

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = import_attendance(csv_bytes("somchai@ocsc.go.th", "suda@cgd.go.th"), session, organiser)

        assert [(problem.line, problem.code) for problem in result.problems] == [(2, "refused_not_active")]
        assert result.marked == []
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.CONFIRMED
        assert not Certificate.objects.exists()
        assert callbacks == []

    def test_a_dry_run_checks_and_writes_nothing(self, session, people, organiser):
        result = import_attendance(csv_bytes("somchai@ocsc.go.th"), session, organiser, dry_run=True)
        assert [row.line for row in result.ready] == [1]
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.CONFIRMED

    def test_a_file_that_is_not_utf8_is_refused_on_the_line_it_breaks(self, session, people, organiser):
        data = csv_bytes("email", "somchai@ocsc.go.th", "ชื่อ@example.go.th", bom=False, encoding="cp874")
        result = import_attendance(data, session, organiser)
        assert result.file_problem
        assert [(problem.line, problem.code) for problem in result.problems] == [(3, "encoding")]

    def test_a_file_over_the_size_limit_is_refused(self, session, organiser, monkeypatch):
        monkeypatch.setattr(seminar_attendance_import, "MAX_UPLOAD_BYTES", 20)
        result = import_attendance(csv_bytes("somchai@ocsc.go.th", "suda@cgd.go.th"), session, organiser)
        assert [problem.code for problem in result.problems] == ["too_big"]

    def test_a_file_with_a_header_only_is_refused(self, session, organiser):
        result = import_attendance(csv_bytes("email"), session, organiser)
        assert [problem.code for problem in result.problems] == ["no_rows"]

    def test_attendance_cannot_be_imported_before_the_session_starts(self, site_pages, organiser):
        later = make_seminar(site_pages["seminars"]).sessions.get()
        registration = registered(later, "early@ocsc.go.th")
        result = import_attendance(csv_bytes("early@ocsc.go.th"), later, organiser)
        assert [problem.code for problem in result.problems] == ["not_started"]
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.CONFIRMED


# --- The screen


def import_url(session):
    return reverse(seminar_admin.IMPORT_URL, args=[session.page_id, session.pk])


def upload(data, name="attendance.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def report(response):
    soup = BeautifulSoup(response.content, "html.parser")
    problems = {int(row["data-bad-line"]): row["data-problem"] for row in soup.select("[data-bad-line]")}
    counts = {
        dd["data-count"]: int(dd.get_text(strip=True)) for dd in soup.select("[data-attendance-report] [data-count]")
    }
    return problems, counts


class TestTheScreen:
    def test_the_form_has_a_labelled_file_input_and_both_buttons(self, client, organiser, session):
        client.force_login(organiser)
        soup = BeautifulSoup(client.get(import_url(session)).content, "html.parser")
        form = soup.find("form", attrs={"enctype": "multipart/form-data"})
        assert form["method"] == "post"
        assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
        file_input = form.find("input", attrs={"type": "file", "name": "file"})
        assert soup.find("label", attrs={"for": file_input["id"]})
        assert [button["value"] for button in form.find_all("button")] == ["check", "import"]

    def test_checking_reports_and_importing_records(self, client, organiser, session, people):
        client.force_login(organiser)
        data = csv_bytes("email", "somchai@ocsc.go.th", "attended@ocsc.go.th")

        checked = client.post(import_url(session), {"file": upload(data), "action": "check"})

        assert report(checked) == ({}, {"rows": 2, "ready": 1, "already": 1, "bad": 0})
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.CONFIRMED

        imported = client.post(import_url(session), {"file": upload(data), "action": "import"})

        assert report(imported) == ({}, {"rows": 2, "marked": 1, "already": 1, "bad": 0})
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.ATTENDED

    def test_importing_a_file_with_bad_lines_records_nobody_and_lists_the_lines(
        self, client, organiser, session, people
    ):
        client.force_login(organiser)
        data = csv_bytes("email", "somchai@ocsc.go.th", "nobody@example.go.th", "cancelled@ocsc.go.th")

        response = client.post(import_url(session), {"file": upload(data), "action": "import"})

        problems, counts = report(response)
        assert problems == {3: "unknown_person", 4: "cancelled"}
        assert counts["marked"] == 0
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.CONFIRMED

    def test_the_registrants_csv_can_be_uploaded_again_without_the_absentees(self, client, organiser, session, people):
        client.force_login(organiser)
        client.cookies["lms_language"] = "en"
        exported = client.get(reverse(seminar_admin.EXPORT_URL, args=[session.page_id, session.pk])).content
        lines = exported.decode("utf-8").splitlines()
        kept = [lines[0], *(line for line in lines[1:] if line.startswith(("somchai@", "suda@")))]

        response = client.post(import_url(session), {"file": upload("\n".join(kept).encode()), "action": "import"})

        assert report(response)[1]["marked"] == 2
        assert statuses(session)["suda@cgd.go.th"] == RegistrationStatus.ATTENDED
        assert statuses(session)["malee@dopa.go.th"] == RegistrationStatus.WAITLISTED

    def test_an_upload_over_the_size_limit_is_refused_by_the_form(self, client, organiser, session, monkeypatch):
        monkeypatch.setattr(seminar_admin, "MAX_UPLOAD_BYTES", 10)
        client.force_login(organiser)
        response = client.post(
            import_url(session), {"file": upload(csv_bytes("somchai@ocsc.go.th")), "action": "import"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"]

    def test_an_instructor_who_does_not_organise_the_seminar_cannot_import(self, client, session, people):
        client.force_login(member_of(roles.INSTRUCTORS, preferred_language="en"))
        response = client.post(
            import_url(session), {"file": upload(csv_bytes("somchai@ocsc.go.th")), "action": "import"}
        )
        assert response.status_code == 404
        assert statuses(session)["somchai@ocsc.go.th"] == RegistrationStatus.CONFIRMED

    def test_importing_uses_the_same_service_as_marking_by_hand(self, session, people, organiser):
        seminars.mark_attended(people["suda"], organiser)
        result = import_attendance(csv_bytes("suda@cgd.go.th"), session, organiser)
        assert [row.line for row in result.already] == [1]
        assert Registration.objects.get(pk=people["suda"].pk).attendance_source == AttendanceSource.ORGANISER
