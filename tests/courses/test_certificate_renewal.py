"""Renewing a course whose certificate expired: take it again, get a new certificate, keep the old one."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Certificate, CertificateStatus, Enrolment, EnrolmentStatus
from courses.services.certificates import CertificateError, renew, revoke
from courses.services.enrolment import enrol_learner
from courses.services.progress import complete_lesson, completed_item_ids
from courses.services.quizzes import quiz_state, start_attempt, submit_attempt
from lms.dashboard import learner_courses
from tests.courses.test_quiz_service import right_answers
from tests.factories import CivilServantFactory, make_course, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are read in English here (the site's own language is Thai)."""
    with translation.override("en"):
        yield


@pytest.fixture
def course(index):
    return make_course(index, lessons=2, certificate_valid_months=12, training_hours=Decimal("6"))


@pytest.fixture
def learner():
    return CivilServantFactory(first_name="สุดา", last_name="รักไทย")


@pytest.fixture
def finish(django_capture_on_commit_callbacks):
    """Complete every lesson of ``course`` (and pass its quizzes), running what waits for the commit."""

    def finish(course, learner):
        with django_capture_on_commit_callbacks(execute=True):
            for item in course.syllabus_items():
                if item.syllabus_kind == "lesson":
                    complete_lesson(learner, item)
                else:
                    attempt, _created = start_attempt(learner, item)
                    submit_attempt(attempt, right_answers(attempt))
        return Enrolment.objects.get(user=learner, course=course)

    return finish


def expire(certificate):
    """Move the certificate's expiry into the past, as if its twelve months had gone by."""
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def expired(course, learner, finish):
    """The learner completed the course; their certificate has expired since."""
    enrol_learner(course, learner)
    finish(course, learner)
    return expire(Certificate.objects.get(user=learner, course=course))


class TestRenewing:
    def test_renewing_starts_the_course_again_from_nothing(self, course, learner, expired):
        enrolment = renew(learner, course)

        assert enrolment.status == EnrolmentStatus.ACTIVE
        assert enrolment.completed_at is None
        assert enrolment.progress == 0
        assert completed_item_ids(learner, course, since=enrolment.round_started_at) == set()

    def test_completing_the_course_again_issues_a_new_certificate_and_keeps_the_expired_one(
        self, course, learner, expired, finish
    ):
        renew(learner, course)

        enrolment = finish(course, learner)

        assert enrolment.status == EnrolmentStatus.COMPLETED
        certificates = list(Certificate.objects.filter(user=learner, course=course).order_by("issued_at"))
        assert len(certificates) == 2
        old, new = certificates
        assert old.pk == expired.pk and old.status() == CertificateStatus.EXPIRED
        assert new.status() == CertificateStatus.VALID
        assert new.code != old.code
        assert new.pdf

    def test_the_course_is_not_completed_again_until_every_lesson_is_done_again(self, course, learner, expired):
        renew(learner, course)
        first, _second = course.syllabus_items()

        _progress, enrolment = complete_lesson(learner, first)

        assert enrolment.completed_at is None
        assert enrolment.progress == pytest.approx(0.5)
        assert Certificate.objects.filter(user=learner, course=course).count() == 1

    def test_a_quiz_gives_its_attempts_again_and_must_be_passed_again(self, index, learner, finish):
        course = make_course(index, lessons=1, certificate_valid_months=6)
        quiz = make_quiz(course, max_attempts=1)
        enrol_learner(course, learner)
        finish(course, learner)
        expire(Certificate.objects.get(user=learner, course=course))

        enrolment = renew(learner, course)

        state = quiz_state(learner, quiz, enrolment)
        assert state.can_start and state.attempts_left == 1 and not state.passed
        enrolment = finish(course, learner)
        assert enrolment.completed_at is not None
        assert Certificate.objects.filter(user=learner, course=course).count() == 2

    def test_the_dashboard_keeps_the_hours_of_the_first_round(self, course, learner, expired):
        renew(learner, course)

        assert learner_courses(learner).credited_hours == Decimal("6")


class TestRenewingIsRefused:
    def test_while_the_certificate_is_still_valid(self, course, learner, finish):
        enrol_learner(course, learner)
        finish(course, learner)

        with pytest.raises(CertificateError, match="still valid"):
            renew(learner, course)

    def test_when_the_certificate_was_revoked(self, course, learner, expired):
        revoke(expired, "ทุจริตในการสอบ")

        with pytest.raises(CertificateError, match="revoked"):
            renew(learner, course)

    def test_when_the_course_certificates_never_expire(self, index, learner, finish):
        course = make_course(index, lessons=1)
        enrol_learner(course, learner)
        finish(course, learner)

        with pytest.raises(CertificateError, match="do not expire"):
            renew(learner, course)

    def test_when_the_learner_is_not_enrolled(self, course):
        with pytest.raises(CertificateError, match="Enrol"):
            renew(CivilServantFactory(), course)

    def test_twice_in_a_row(self, course, learner, expired):
        renew(learner, course)

        with pytest.raises(CertificateError, match="taking this course now"):
            renew(learner, course)


class TestTheRenewButton:
    def test_the_course_page_and_dashboard_offer_renewal_once_the_certificate_expired(
        self, client, course, learner, expired
    ):
        client.force_login(learner)
        action = reverse("courses:renew", args=[course.pk])

        assert action in client.get(course.url).content.decode()
        assert action in client.get(reverse("dashboard:index")).content.decode()

    def test_a_valid_certificate_offers_no_renewal(self, client, course, learner, finish):
        enrol_learner(course, learner)
        finish(course, learner)
        client.force_login(learner)

        assert reverse("courses:renew", args=[course.pk]) not in client.get(reverse("dashboard:index")).content.decode()

    def test_posting_renew_takes_the_learner_to_the_first_lesson(self, client, course, learner, expired):
        client.force_login(learner)

        response = client.post(reverse("courses:renew", args=[course.pk]))

        assert response.status_code == 302
        assert response.url == course.syllabus_items()[0].url
        assert Enrolment.objects.get(user=learner, course=course).status == EnrolmentStatus.ACTIVE

    def test_renewing_by_get_changes_nothing(self, client, course, learner, expired):
        client.force_login(learner)

        assert client.get(reverse("courses:renew", args=[course.pk])).status_code == 405
        assert Enrolment.objects.get(user=learner, course=course).status == EnrolmentStatus.COMPLETED

    def test_a_refused_renewal_says_why_and_changes_nothing(self, client, course, learner, finish):
        enrol_learner(course, learner)
        finish(course, learner)
        client.force_login(learner)
        client.cookies["lms_language"] = "en"

        response = client.post(reverse("courses:renew", args=[course.pk]), follow=True)

        assert "still valid" in response.content.decode()
        assert Enrolment.objects.get(user=learner, course=course).status == EnrolmentStatus.COMPLETED

    def test_a_guest_is_sent_to_log_in(self, client, course):
        response = client.post(reverse("courses:renew", args=[course.pk]))

        assert response.status_code == 302
        assert "login" in response.url
