"""The seminar registration service: seats, the waitlist, approvals, cancellations and attendance."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Audience, Certificate, Registration, RegistrationStatus
from courses.services import seminars
from courses.services.seminars import SeminarError
from lms import roles
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


def session_of(seminar):
    return seminar.sessions.get()


def test_registering_while_seats_are_free_confirms_and_then_waitlists_in_order(seminar_index):
    seminar = make_seminar(seminar_index, sessions=[{"capacity": 2}])
    session = session_of(seminar)
    people = UserFactory.create_batch(4)
    statuses = [seminars.register(session, person).status for person in people]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_cancelling_a_seat_promotes_the_first_waitlisted_person(
    seminar_index, mailoutbox, django_capture_on_commit_callbacks
):
    seminar = make_seminar(seminar_index, sessions=[{"capacity": 1}])
    session = session_of(seminar)
    first, second, third = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        held = seminars.register(session, first)
        seminars.register(session, second)
        seminars.register(session, third)
        seminars.cancel_registration(held, first)
    statuses = dict(Registration.objects.filter(session=session).values_list("user_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}


def test_registering_twice_is_refused_and_writes_nothing(seminar_index):
    session = session_of(make_seminar(seminar_index))
    person = UserFactory()
    seminars.register(session, person)
    with pytest.raises(SeminarError) as refused:
        seminars.register(session, person)
    assert refused.value.code == "already_registered"
    assert Registration.objects.filter(user=person).count() == 1


def test_registering_after_registration_closed_is_refused(seminar_index):
    closes = timezone.now() - datetime.timedelta(hours=1)
    session = session_of(make_seminar(seminar_index, sessions=[{"registration_closes_at": closes}]))
    with pytest.raises(SeminarError) as refused:
        seminars.register(session, UserFactory())
    assert refused.value.code == "closed"
    assert not Registration.objects.exists()


def test_registering_for_a_past_session_is_refused(seminar_index):
    starts = timezone.now() - datetime.timedelta(days=2)
    session = session_of(
        make_seminar(seminar_index, sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2)}])
    )
    with pytest.raises(SeminarError) as refused:
        seminars.register(session, UserFactory())
    assert refused.value.code == "past"
    assert not Registration.objects.exists()


def test_a_citizen_cannot_register_for_a_civil_servants_seminar(seminar_index):
    session = session_of(make_seminar(seminar_index, audience=Audience.STAFF))
    with pytest.raises(SeminarError) as refused:
        seminars.register(session, UserFactory(learner_type="citizen"))
    assert refused.value.code == "audience"
    assert not Registration.objects.exists()


def test_a_seminar_needing_approval_waits_for_the_agencys_training_officer(
    seminar_index, mailoutbox, django_capture_on_commit_callbacks
):
    agency = AgencyFactory()
    officer = member_of(roles.TRAINING_OFFICERS, agency=agency)
    person = CivilServantFactory(agency=agency)
    session = session_of(make_seminar(seminar_index, requires_approval=True))
    with django_capture_on_commit_callbacks(execute=True):
        registration = seminars.register(session, person)
    assert registration.status == RegistrationStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        approved = seminars.approve(registration, officer)
    assert approved.status == RegistrationStatus.CONFIRMED


def test_an_officer_of_another_agency_cannot_decide(seminar_index):
    person = CivilServantFactory(agency=AgencyFactory())
    stranger = member_of(roles.TRAINING_OFFICERS, agency=AgencyFactory())
    registration = seminars.register(session_of(make_seminar(seminar_index, requires_approval=True)), person)
    with pytest.raises(SeminarError) as refused:
        seminars.decline(registration, stranger, "ไม่อนุมัติ")
    assert refused.value.code == "not_allowed"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_checking_in_during_the_session_with_the_right_code_credits_hours_and_issues_a_certificate(
    seminar_index, django_capture_on_commit_callbacks
):
    starts = timezone.now() - datetime.timedelta(minutes=10)
    seminar = make_seminar(
        seminar_index,
        awards_certificate=True,
        training_hours=6,
        sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3)}],
    )
    session = session_of(seminar)
    person = UserFactory()
    Registration.objects.create(session=session, user=person, status=RegistrationStatus.CONFIRMED)
    with pytest.raises(SeminarError) as refused:
        seminars.check_in(session, person, "WRONG1")
    assert refused.value.code == "wrong_code"
    with django_capture_on_commit_callbacks(execute=True):
        registration = seminars.check_in(session, person, session.check_in_code.lower())
    assert registration.status == RegistrationStatus.ATTENDED
    assert registration.credited_hours == 6
    certificate = Certificate.objects.get(user=person)
    assert certificate.seminar_id == seminar.pk
    assert certificate.pdf
