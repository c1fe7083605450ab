"""The demo seminars ``manage.py load_demo`` builds: every case of the seminar pages, with people registered."""

import io
import re

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from courses import seminar_demo
from courses.models import (
    Audience,
    Certificate,
    Registration,
    RegistrationStatus,
    SeminarFormat,
    SeminarPage,
    SeminarSession,
)
from courses.services.seminars import may_decide
from lms.models import User
from tests.courses.test_demo_courses import LEARNER, load_demo

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture(scope="module")
def built_demo(django_db_setup, django_db_blocker):
    """The demo built once for this module's read-only tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def seminar(slug):
    return SeminarPage.objects.get(slug=slug)


def sessions_of(slug):
    return list(SeminarSession.objects.filter(page__slug=slug).order_by("sort_order", "pk"))


def statuses(session):
    """``{e-mail: status}`` of a session's registrations."""
    return dict(Registration.objects.filter(session=session).values_list("user__email", "status"))


# First in the module: the module's built demo (below) stays in place, uncommitted, until the module ends.
class TestLoadingTheDemo:
    def test_it_e_mails_nobody_and_a_second_run_adds_no_seminars_registrations_or_people(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            load_demo()
        assert mailoutbox == []
        # The certificates' PDFs are made once the load commits.
        certificates = Certificate.objects.filter(seminar__isnull=False)
        assert certificates.count() == 6
        assert all(certificate.pdf for certificate in certificates)
        before = counts()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            output = load_demo()
        assert counts() == before
        assert "nothing changed" in output
        # Only the open data's rebuild (it replaces its files on every load) queues anything.
        assert [callback for callback in callbacks if callback.__module__ != "lms.open_data.build"] == []
        assert mailoutbox == []


def counts():
    from wagtail.documents import get_document_model

    return {
        "seminars": SeminarPage.objects.count(),
        "sessions": SeminarSession.objects.count(),
        "registrations": sorted(Registration.objects.values_list("pk", "status")),
        "certificates": Certificate.objects.count(),
        "people": User.objects.count(),
        "documents": get_document_model().objects.count(),
    }


@pytest.mark.usefixtures("built_demo")
class TestTheDemoSeminars:
    def test_there_are_at_least_six_published_seminars_in_thai_with_english_titles(self):
        seminars = list(SeminarPage.objects.live().filter(slug__in=seminar_demo.SEMINAR_SLUGS))
        assert len(seminars) >= 6
        for page in seminars:
            assert THAI.search(page.title) and page.title_en, page.slug
            assert THAI.search(page.summary) and page.description
            assert page.url_path.startswith("/home/seminars/")
            assert page.speakers.exists() and page.agenda_items.count() >= 3, page.slug
            assert page.training_hours > 0
            assert page.cover_image is not None

    def test_every_seminar_and_session_passes_the_models_own_validation(self):
        for page in SeminarPage.objects.filter(slug__in=seminar_demo.SEMINAR_SLUGS):
            page.full_clean()
            for session in page.sessions.all():
                session.full_clean()

    def test_the_sessions_are_dated_from_the_day_the_demo_was_loaded(self):
        now = timezone.now()
        for slug in (seminar_demo.PAST_FORUM, seminar_demo.PAST_WORKSHOP):
            assert all(session.ends_at < now for session in sessions_of(slug))
        for slug in (seminar_demo.UPCOMING_ON_SITE, seminar_demo.ONLINE, seminar_demo.FULL, seminar_demo.HYBRID):
            for session in sessions_of(slug):
                assert now < session.registration_closes_at < session.starts_at < session.ends_at
                assert session.registration_opens_at < now
        for session in SeminarSession.objects.filter(page__slug__in=seminar_demo.SEMINAR_SLUGS):
            local = timezone.localtime(session.starts_at)
            assert 8 <= local.hour <= 14, "sessions start in Bangkok office hours"

    def test_instructors_organise_the_seminars(self):
        instructor = User.objects.get(email="instructor@demo.go.th")
        organised = SeminarPage.objects.organised_by(instructor).filter(slug__in=seminar_demo.SEMINAR_SLUGS)
        assert organised.count() == len(seminar_demo.SEMINAR_SLUGS)
        assert SeminarPage.objects.filter(owner=instructor, slug__in=seminar_demo.SEMINAR_SLUGS).exists()
        assert SeminarPage.objects.filter(organisers=instructor).exclude(owner=instructor).exists()
        assert all(page.may_organise(instructor) for page in organised)

    def test_the_seminars_point_at_demo_courses_and_library_items(self):
        page = seminar(seminar_demo.PAST_FORUM)
        assert page.related_courses.filter(slug="digital-government-basics").exists()
        assert page.related_library_items.count() == 2


@pytest.mark.usefixtures("built_demo")
class TestThePastSeminar:
    def test_it_took_place_on_site_and_its_attendees_checked_in_or_were_marked_by_the_organiser(self):
        page = seminar(seminar_demo.PAST_FORUM)
        assert page.format == SeminarFormat.ON_SITE and page.awards_certificate
        (session,) = sessions_of(seminar_demo.PAST_FORUM)
        assert session.venue_name and session.venue_address and session.map_url
        attended = Registration.objects.filter(session=session, status=RegistrationStatus.ATTENDED)
        assert attended.count() == 6
        assert set(attended.values_list("attendance_source", flat=True)) == {"check_in", "organiser"}
        for registration in attended:
            assert session.starts_at - timezone.timedelta(minutes=30) <= registration.attended_at < session.ends_at
            assert registration.credited_hours == page.training_hours
        assert list(statuses(session).values()).count(RegistrationStatus.CONFIRMED) == 1  # did not come
        assert RegistrationStatus.CANCELLED in statuses(session).values()

    def test_each_attendee_holds_a_certificate_of_attendance_for_its_hours(self):
        page = seminar(seminar_demo.PAST_FORUM)
        attended = Registration.objects.filter(session__page=page, status=RegistrationStatus.ATTENDED)
        certificates = Certificate.objects.filter(seminar=page)
        assert certificates.count() == attended.count() == 6
        for registration in attended.select_related("certificate"):
            certificate = registration.certificate
            assert certificate.user_id == registration.user_id
            assert certificate.hours == page.training_hours
            assert certificate.title_th == page.title and certificate.title_en == page.title_en
            assert certificate.issued_at == registration.attended_at
            assert certificate.holder_name_th == registration.user.get_full_name()

    def test_its_handout_is_public_and_its_slides_are_for_attendees_only_both_thai_pdfs(self):
        materials = list(seminar(seminar_demo.PAST_FORUM).materials.order_by("sort_order"))
        assert [material.attendees_only for material in materials] == [False, True]
        handout = materials[0].document
        with handout.file.open("rb") as handle:
            text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
        assert "การขับเคลื่อนรัฐบาลดิจิทัล" in text
        assert "กำหนดการ" in text and "ข้อมูลสมมติ" in text
        assert re.search(r"\d{1,2} \S+ 25\d\d", text), "the date is written in the Buddhist Era"
        with materials[1].document.file.open("rb") as handle:
            assert len(PdfReader(io.BytesIO(handle.read())).pages) == 3

    def test_the_demo_learner_attended_a_past_workshop_and_was_credited_its_hours_without_a_certificate(self):
        registration = Registration.objects.get(user__email=LEARNER, session__page__slug=seminar_demo.PAST_WORKSHOP)
        assert registration.status == RegistrationStatus.ATTENDED
        assert registration.credited_hours == 3
        assert registration.certificate is None
        # The learner's one certificate stays the course's (test_demo_certificates).
        assert not Certificate.objects.filter(user__email=LEARNER, seminar__isnull=False).exists()


@pytest.mark.usefixtures("built_demo")
class TestTheUpcomingSeminars:
    def test_an_upcoming_workshop_on_site_for_civil_servants_with_a_cancellation_deadline(self):
        page = seminar(seminar_demo.UPCOMING_ON_SITE)
        assert (page.format, page.audience) == (SeminarFormat.ON_SITE, Audience.STAFF)
        (session,) = sessions_of(seminar_demo.UPCOMING_ON_SITE)
        assert session.has_venue and not session.online_url
        assert timezone.now() < session.cancellation_deadline < session.starts_at
        assert statuses(session)[LEARNER] == RegistrationStatus.CONFIRMED

    def test_an_online_seminar_for_everyone_has_a_meeting_link_and_no_venue(self):
        page = seminar(seminar_demo.ONLINE)
        assert (page.format, page.audience) == (SeminarFormat.ONLINE, Audience.EVERYONE)
        (session,) = sessions_of(seminar_demo.ONLINE)
        assert session.online_url.startswith("https://meet.example.go.th/")
        assert not session.has_venue
        assert statuses(session)["citizen@demo.go.th"] == RegistrationStatus.CONFIRMED

    def test_the_full_workshop_has_every_seat_taken_and_a_waitlist_in_order_of_arrival(self):
        (session,) = sessions_of(seminar_demo.FULL)
        registrations = Registration.objects.filter(session=session)
        assert registrations.holding_a_seat().count() == session.capacity
        waitlist = list(registrations.waitlist().values_list("user__email", flat=True))
        assert waitlist == ["jiraporn@demo.go.th", LEARNER]
        # Someone cancelled, and the first on the waitlist then got the seat.
        cancelled = registrations.get(status=RegistrationStatus.CANCELLED)
        promoted = registrations.get(user__email="wanida@demo.go.th")
        assert promoted.status == RegistrationStatus.CONFIRMED
        assert promoted.confirmed_at == cancelled.cancelled_at
        assert promoted.registered_at < min(registrations.waitlist().values_list("registered_at", flat=True))

    def test_the_seminar_needing_approval_has_a_request_pending_for_the_demo_training_officer(self):
        page = seminar(seminar_demo.NEEDS_APPROVAL)
        assert page.requires_approval
        officer = User.objects.get(email="officer@demo.go.th")
        pending = Registration.objects.get(session__page=page, status=RegistrationStatus.PENDING)
        assert pending.user.learner_type == "civil_servant"
        assert may_decide(officer, pending)
        assert list(Registration.objects.pending_for_officer(officer).filter(session__page=page)) == [pending]
        approved = Registration.objects.get(session__page=page, status=RegistrationStatus.CONFIRMED)
        declined = Registration.objects.get(session__page=page, status=RegistrationStatus.DECLINED)
        assert approved.decided_by == declined.decided_by == officer
        assert declined.decision_reason and THAI.search(declined.decision_reason)

    def test_the_hybrid_seminar_has_two_sessions_each_on_site_and_online(self):
        page = seminar(seminar_demo.HYBRID)
        assert page.format == SeminarFormat.HYBRID
        first, second = sessions_of(seminar_demo.HYBRID)
        assert first.starts_at < second.starts_at
        assert first.label and second.label
        for session in (first, second):
            assert session.has_venue and session.online_url.startswith("https://meet.example.go.th/")
        assert statuses(second)[LEARNER] == RegistrationStatus.CONFIRMED


@pytest.mark.usefixtures("built_demo")
class TestTheDemoSeminarPages:
    def test_the_index_and_every_seminar_page_can_be_visited(self, client):
        assert client.get("/seminars/").status_code == 200
        for page in SeminarPage.objects.live().filter(slug__in=seminar_demo.SEMINAR_SLUGS):
            response = client.get(page.url)
            assert response.status_code == 200, page.slug
            assert page.title in response.content.decode()
