"""Issuing certificates: on completion, once per completion, with the names and hours of the moment."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import Certificate, CertificateStatus
from courses.models.certificates import grouped_code, new_code, normalise_code
from courses.services.certificates import (
    CertificateError,
    add_months,
    issue_for_enrolment,
    regenerate_pdf,
    revoke,
    verification_url,
)
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson
from tests.factories import CivilServantFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """Enrol ``learner`` in ``course`` and complete every lesson, running what waits for the commit."""

    def complete(course, learner):
        enrolment, _changed = enrol_learner(course, learner)
        with django_capture_on_commit_callbacks(execute=True):
            for lesson in course.syllabus_items():
                _progress, enrolment = complete_lesson(learner, lesson)
        return enrolment

    return complete


@pytest.fixture
def learner():
    return CivilServantFactory(first_name="สุดา", last_name="รักไทย", first_name_en="Suda", last_name_en="Rakthai")


class TestCodes:
    def test_a_code_has_140_bits_in_groups_of_four(self):
        code = new_code()
        assert len(code) == 28
        assert len(grouped_code(code).split("-")) == 7
        assert len({new_code() for _ in range(1000)}) == 1000

    def test_a_code_is_accepted_in_any_case_with_or_without_spaces_and_dashes(self):
        code = new_code()
        typed = " ".join(grouped_code(code).lower().split("-"))
        assert normalise_code(typed) == code
        assert normalise_code(grouped_code(code)) == code
        assert normalise_code(code.lower()) == code

    @pytest.mark.parametrize("garbage", ["", "abc", "x" * 10_000, "ก" * 28, "<script>", "U" * 28, None])
    def test_garbage_is_not_a_code(self, garbage):
        assert normalise_code(garbage) is None


class TestIssuing:
    def test_completing_a_course_that_awards_one_issues_a_certificate_with_its_pdf(self, index, learner, complete):
        course = make_course(index, lessons=2, training_hours=Decimal("6"), title_en="Digital Government")

        enrolment = complete(course, learner)

        certificate = Certificate.objects.get(user=learner, course=course)
        assert certificate.holder_name_th.endswith("สุดา รักไทย")
        assert "Suda Rakthai" in certificate.holder_name_en
        assert certificate.hours == Decimal("6")
        assert certificate.title_th == course.title
        assert certificate.title_en == "Digital Government"
        assert certificate.pdf.name.endswith(f"{certificate.code}.pdf")
        assert certificate.pdf.read(5) == b"%PDF-"
        assert certificate.status() == CertificateStatus.VALID
        assert certificate.issued_at >= enrolment.completed_at

    def test_a_course_without_certificates_issues_none(self, index, learner, complete):
        course = make_course(index, lessons=1, awards_certificate=False)
        complete(course, learner)
        assert not Certificate.objects.exists()

    def test_issuing_twice_for_the_same_completion_gives_one_certificate(self, index, learner, complete):
        course = make_course(index, lessons=1)
        enrolment = complete(course, learner)
        first, _ = issue_for_enrolment(enrolment)
        again, created = issue_for_enrolment(enrolment)
        assert not created
        assert again.pk == first.pk
        assert Certificate.objects.count() == 1

    def test_a_course_valid_for_n_months_gives_a_certificate_that_expires(self, index, learner, complete):
        course = make_course(index, lessons=1, certificate_valid_months=12)
        complete(course, learner)
        certificate = Certificate.objects.get()
        assert certificate.expires_on == add_months(timezone.localdate(certificate.issued_at), 12)
        later = certificate.expires_on + datetime.timedelta(days=1)
        assert certificate.status(today=later) == CertificateStatus.EXPIRED

    def test_months_are_calendar_months(self):
        assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
        assert add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)

    def test_the_verification_url_is_absolute_and_carries_the_grouped_code(self, index, learner, complete, settings):
        settings.PUBLIC_BASE_URL = "https://learn.example.go.th"
        course = make_course(index, lessons=1)
        complete(course, learner)
        certificate = Certificate.objects.get()
        assert verification_url(certificate) == (
            f"https://learn.example.go.th/certificates/verify/{certificate.grouped_code}/"
        )


class TestRevokingAndRegenerating:
    def test_revoking_needs_a_reason_and_is_logged(self, index, learner, complete):
        from wagtail.models import ModelLogEntry

        course = make_course(index, lessons=1)
        complete(course, learner)
        certificate = Certificate.objects.get()
        with pytest.raises(CertificateError):
            revoke(certificate, "   ")
        revoke(certificate, "ออกให้ผิดคน")
        certificate.refresh_from_db()
        assert certificate.status() == CertificateStatus.REVOKED
        assert certificate.revocation_reason == "ออกให้ผิดคน"
        assert ModelLogEntry.objects.filter(action="courses.certificate.revoke", object_id=str(certificate.pk)).exists()

    def test_regenerating_after_a_name_correction_keeps_the_code(self, index, learner, complete):
        course = make_course(index, lessons=1)
        complete(course, learner)
        certificate = Certificate.objects.get()
        code = certificate.code
        learner.last_name = "รักษ์ไทย"
        learner.save()
        regenerate_pdf(certificate)
        certificate.refresh_from_db()
        assert certificate.code == code
        assert certificate.holder_name_th.endswith("สุดา รักษ์ไทย")
