"""Certificates of attendance: issued through the certificates service when a seminar awards one."""

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from courses.credentials import credential_for
from courses.models import Registration, RegistrationStatus
from courses.services import seminars
from tests.factories import UserFactory, make_seminar

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(site_pages, django_capture_on_commit_callbacks):
    """A registration marked attended for a seminar that awards a certificate of 6 hours."""
    starts = timezone.now() - datetime.timedelta(hours=1)
    seminar = make_seminar(
        site_pages["seminars"],
        title="สัมมนาการพัฒนารัฐบาลดิจิทัล",
        title_en="Digital Government Seminar",
        awards_certificate=True,
        training_hours=6,
        sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3)}],
    )
    person = UserFactory(first_name="สมชาย", last_name="ใจดี")
    registration = Registration.objects.create(
        session=seminar.sessions.get(), user=person, status=RegistrationStatus.CONFIRMED
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration = seminars.mark_attended(registration, by_user=None)
    registration.refresh_from_db()
    return registration


def test_the_certificate_pdf_says_attendance_not_completion(attended):
    certificate = attended.certificate
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(certificate.pdf.read())).pages)
    assert "Certificate of Attendance" in text
    assert "ได้เข้าร่วมการสัมมนา" in text
    assert "has attended “Digital Government Seminar”" in text
    assert "Certificate of Completion" not in text


def test_the_certificate_keeps_the_seminar_its_hours_and_titles(attended):
    certificate = attended.certificate
    assert certificate.seminar_id == attended.session.page_id
    assert certificate.course_id is None
    assert certificate.hours == 6
    assert (certificate.title_th, certificate.title_en) == ("สัมมนาการพัฒนารัฐบาลดิจิทัล", "Digital Government Seminar")


def test_the_open_badge_describes_an_attended_seminar(attended):
    achievement = credential_for(attended.certificate)["credentialSubject"]["achievement"]
    assert "Attended the seminar / Digital Government Seminar: 6 hours." in achievement["description"]
    assert achievement["criteria"]["narrative"].endswith("Attended the training as required.")
