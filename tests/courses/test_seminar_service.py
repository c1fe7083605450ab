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


# --- Cancelled sessions, decisions and cancellations


def hours_from_now(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def session_at(seminar_index, starts, hours=3, **fields):
    """The one session of a new seminar, starting at ``starts`` and lasting ``hours``."""
    values = {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=hours)}
    values.update(fields.pop("session", {}))
    return session_of(make_seminar(seminar_index, sessions=[values], **fields))


def calendar_of(message):
    """The ``.ics`` attached to an e-mail, parsed, and its ``VEVENT``; ``(None, None)`` without one."""
    from icalendar import Calendar

    for attachment in message.attachments:
        if attachment.mimetype.startswith("text/calendar"):
            calendar = Calendar.from_ical(attachment.content)
            return calendar, calendar.walk("VEVENT")[0]
    return None, None


def test_cancelling_a_session_needs_a_reason_and_changes_nothing_without_one(seminar_index):
    session = session_of(make_seminar(seminar_index))
    registration = seminars.register(session, UserFactory())
    for reason in ("", "   ", None):
        with pytest.raises(SeminarError) as refused:
            seminars.cancel_session(session, reason)
        assert refused.value.code == "reason_required"
    session.refresh_from_db()
    registration.refresh_from_db()
    assert session.cancelled_at is None and session.sequence == 0
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancelling_a_session_cancels_every_registration_and_tells_each_person_with_a_calendar_cancellation(
    seminar_index, mailoutbox, django_capture_on_commit_callbacks
):
    session = session_of(make_seminar(seminar_index, sessions=[{"capacity": 1}]))
    seated, waiting = UserFactory(), UserFactory()
    seminars.register(session, seated)
    seminars.register(session, waiting)
    reason = "วิทยากรติดภารกิจเร่งด่วน ขออภัยในความไม่สะดวก"

    with django_capture_on_commit_callbacks(execute=True):
        seminars.cancel_session(session, reason)

    session.refresh_from_db()
    assert session.cancelled_at is not None and session.cancellation_reason == reason
    assert session.sequence == 1
    assert set(Registration.objects.filter(session=session).values_list("status", flat=True)) == {"cancelled"}
    told = {message.to[0]: message for message in mailoutbox}
    assert set(told) == {seated.email, waiting.email}
    for message in told.values():
        assert reason in message.body
    calendar, event = calendar_of(told[seated.email])
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    # The waitlisted person never had the event in their calendar: nothing to remove.
    assert calendar_of(told[waiting.email]) == (None, None)


def test_cancelling_a_session_twice_tells_nobody_twice(seminar_index, mailoutbox, django_capture_on_commit_callbacks):
    session = session_of(make_seminar(seminar_index))
    seminars.register(session, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        seminars.cancel_session(session, "ห้องประชุมปิดปรับปรุง")
        seminars.cancel_session(session, "ห้องประชุมปิดปรับปรุง")
    session.refresh_from_db()
    assert session.sequence == 1
    assert len(mailoutbox) == 1


def test_declining_needs_a_reason_and_the_request_stays_pending(seminar_index):
    agency = AgencyFactory()
    officer = member_of(roles.TRAINING_OFFICERS, agency=agency)
    registration = seminars.register(
        session_of(make_seminar(seminar_index, requires_approval=True)), CivilServantFactory(agency=agency)
    )
    with pytest.raises(SeminarError) as refused:
        seminars.decline(registration, officer, "  ")
    assert refused.value.code == "reason_required"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING and registration.decided_by is None


def test_a_declined_person_is_told_the_reason(seminar_index, mailoutbox, django_capture_on_commit_callbacks):
    agency = AgencyFactory()
    officer = member_of(roles.TRAINING_OFFICERS, agency=agency)
    person = CivilServantFactory(agency=agency)
    registration = seminars.register(session_of(make_seminar(seminar_index, requires_approval=True)), person)
    with django_capture_on_commit_callbacks(execute=True):
        declined = seminars.decline(registration, officer, "ขอให้เข้าร่วมรุ่นถัดไป")
    assert declined.status == RegistrationStatus.DECLINED
    assert (declined.decided_by, declined.decision_reason) == (officer, "ขอให้เข้าร่วมรุ่นถัดไป")
    (message,) = [message for message in mailoutbox if message.to == [person.email]]
    assert "ขอให้เข้าร่วมรุ่นถัดไป" in message.body


def test_a_registration_can_be_cancelled_until_the_deadline_and_not_after(seminar_index):
    deadline = hours_from_now(24)
    session = session_at(seminar_index, hours_from_now(72), session={"cancellation_deadline": deadline})
    late, early = UserFactory(), UserFactory()
    late_registration = seminars.register(session, late)
    early_registration = seminars.register(session, early)

    with pytest.raises(SeminarError) as refused:
        seminars.cancel_registration(late_registration, late, now=deadline + datetime.timedelta(minutes=1))
    assert refused.value.code == "deadline"
    late_registration.refresh_from_db()
    assert late_registration.status == RegistrationStatus.CONFIRMED

    cancelled = seminars.cancel_registration(early_registration, early, now=deadline - datetime.timedelta(minutes=1))
    assert cancelled.status == RegistrationStatus.CANCELLED


def test_without_a_deadline_a_registration_can_be_cancelled_until_the_session_starts(seminar_index):
    starts = hours_from_now(48)
    session = session_at(seminar_index, starts)
    person = UserFactory()
    registration = seminars.register(session, person)
    with pytest.raises(SeminarError) as refused:
        seminars.cancel_registration(registration, person, now=starts)
    assert refused.value.code == "deadline"


def test_someone_elses_registration_cannot_be_cancelled(seminar_index):
    session = session_of(make_seminar(seminar_index))
    registration = seminars.register(session, UserFactory())
    with pytest.raises(SeminarError) as refused:
        seminars.cancel_registration(registration, UserFactory())
    assert refused.value.code == "not_yours"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_an_attended_registration_cannot_be_cancelled(seminar_index):
    starts = hours_from_now(-1)
    session = session_at(seminar_index, starts)
    person = UserFactory()
    registration = seminars.register(session, person, now=starts - datetime.timedelta(days=1))
    seminars.mark_attended(registration, UserFactory())
    with pytest.raises(SeminarError) as refused:
        seminars.cancel_registration(registration, person)
    assert refused.value.code == "attended"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


# --- Check-in and attendance


def test_checking_in_more_than_half_an_hour_before_the_start_is_too_early(seminar_index):
    starts = hours_from_now(2)
    session = session_at(seminar_index, starts)
    person = UserFactory()
    seminars.register(session, person)
    with pytest.raises(SeminarError) as refused:
        seminars.check_in(session, person, session.check_in_code)
    assert refused.value.code == "too_early"
    registration = seminars.check_in(
        session, person, session.check_in_code, now=starts - datetime.timedelta(minutes=29)
    )
    assert registration.status == RegistrationStatus.ATTENDED


def test_checking_in_after_the_session_ended_is_refused(seminar_index):
    starts = hours_from_now(-4)
    session = session_at(seminar_index, starts, hours=3)
    person = UserFactory()
    registration = seminars.register(session, person, now=starts - datetime.timedelta(days=1))
    with pytest.raises(SeminarError) as refused:
        seminars.check_in(session, person, session.check_in_code)
    assert refused.value.code == "expired"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.credited_hours == 0


def test_a_waitlisted_person_cannot_check_in_while_every_seat_is_taken(seminar_index):
    starts = hours_from_now(-0.5)
    session = session_at(seminar_index, starts, session={"capacity": 1})
    earlier = starts - datetime.timedelta(days=1)
    seated, waiting = UserFactory(), UserFactory()
    seminars.register(session, seated, now=earlier)
    registration = seminars.register(session, waiting, now=earlier)
    assert registration.status == RegistrationStatus.WAITLISTED
    with pytest.raises(SeminarError) as refused:
        seminars.check_in(session, waiting, session.check_in_code)
    assert refused.value.code == "waitlisted"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITLISTED


def test_someone_without_a_registration_cannot_check_in_even_with_the_code(seminar_index):
    session = session_at(seminar_index, hours_from_now(-0.5))
    with pytest.raises(SeminarError) as refused:
        seminars.check_in(session, UserFactory(), session.check_in_code)
    assert refused.value.code == "not_registered"
    assert not Registration.objects.exists()


def test_the_hours_are_credited_once_per_seminar_across_its_two_sessions(
    seminar_index, django_capture_on_commit_callbacks
):
    first_starts, second_starts = hours_from_now(-26), hours_from_now(-2)
    seminar = make_seminar(
        seminar_index,
        training_hours=6,
        awards_certificate=True,
        sessions=[
            {"starts_at": first_starts, "ends_at": first_starts + datetime.timedelta(hours=3)},
            {"starts_at": second_starts, "ends_at": second_starts + datetime.timedelta(hours=3)},
        ],
    )
    first, second = seminar.sessions.order_by("starts_at")
    person, organiser = UserFactory(), UserFactory()
    earlier = first_starts - datetime.timedelta(days=2)
    in_first = seminars.register(first, person, now=earlier)
    in_second = seminars.register(second, person, now=earlier)

    with django_capture_on_commit_callbacks(execute=True):
        seminars.mark_attended(in_first, organiser, now=first_starts + datetime.timedelta(hours=1))
        seminars.check_in(second, person, second.check_in_code)

    in_first.refresh_from_db()
    in_second.refresh_from_db()
    assert (in_first.status, in_second.status) == (RegistrationStatus.ATTENDED, RegistrationStatus.ATTENDED)
    assert (in_first.credited_hours, in_second.credited_hours) == (6, 0)
    assert Certificate.objects.filter(user=person, seminar=seminar).count() == 1
    assert in_first.certificate is not None and in_second.certificate is None


def test_taking_back_an_attendance_revokes_its_certificate_and_its_hours(
    seminar_index, django_capture_on_commit_callbacks
):
    from courses.models import CertificateStatus

    starts = hours_from_now(-1)
    session = session_at(seminar_index, starts, awards_certificate=True, training_hours=3)
    person, organiser = UserFactory(), UserFactory()
    registration = seminars.register(session, person, now=starts - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        registration = seminars.mark_attended(registration, organiser)
    certificate = registration.certificate
    assert certificate.status() == CertificateStatus.VALID

    undone = seminars.unmark_attended(registration, organiser)

    assert undone.status == RegistrationStatus.CONFIRMED
    assert (undone.credited_hours, undone.certificate, undone.attended_at) == (0, None, None)
    certificate.refresh_from_db()
    assert certificate.status() == CertificateStatus.REVOKED
    assert certificate.revocation_reason


def test_an_attendance_taken_back_and_recorded_again_gives_a_valid_certificate_and_the_revoked_one_stays_revoked(
    seminar_index, django_capture_on_commit_callbacks
):
    from courses.models import CertificateStatus

    starts = hours_from_now(-1)
    session = session_at(seminar_index, starts, awards_certificate=True, training_hours=3)
    person, organiser = UserFactory(), UserFactory()
    registration = seminars.register(session, person, now=starts - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        first = seminars.mark_attended(registration, organiser).certificate
    seminars.unmark_attended(registration, organiser)

    with django_capture_on_commit_callbacks(execute=True):
        again = seminars.mark_attended(registration, organiser)

    assert again.status == RegistrationStatus.ATTENDED and again.credited_hours == 3
    assert again.certificate is not None and again.certificate.pk != first.pk
    assert again.certificate.status() == CertificateStatus.VALID
    first.refresh_from_db()
    assert first.status() == CertificateStatus.REVOKED


# --- Editors' changes to sessions


def publish_with_session_changes(seminar, **changes):
    """Publish a new revision of ``seminar`` whose (one) session has ``changes``, as the editor would."""
    from courses.models import SeminarPage

    page = SeminarPage.objects.get(pk=seminar.pk)
    session = page.sessions.get()
    for name, value in changes.items():
        setattr(session, name, value)
    page.sessions = [session]
    page.save_revision().publish()
    return page.sessions.get()


def test_a_session_moved_in_a_published_revision_counts_the_change_keeps_its_code_and_tells_the_registrants(
    seminar_index, mailoutbox, django_capture_on_commit_callbacks
):
    seminar = make_seminar(seminar_index)
    session = session_of(seminar)
    code = session.check_in_code
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        seminars.register(session, person)
    mailoutbox.clear()
    later = session.starts_at + datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        publish_with_session_changes(seminar, starts_at=later, ends_at=later + datetime.timedelta(hours=3))

    session.refresh_from_db()
    assert session.starts_at == later
    assert session.sequence == 1
    assert session.check_in_code == code
    (message,) = mailoutbox
    assert message.to == [person.email]
    calendar, event = calendar_of(message)
    assert calendar["METHOD"] == "REQUEST"
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == later


def test_a_published_revision_changing_only_the_seats_tells_nobody_of_a_change(
    seminar_index, mailoutbox, django_capture_on_commit_callbacks
):
    seminar = make_seminar(seminar_index)
    seminars.register(session_of(seminar), UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        session = publish_with_session_changes(seminar, capacity=30)
    session.refresh_from_db()
    assert session.capacity == 30 and session.sequence == 0
    assert mailoutbox == []


def test_an_old_revision_published_again_brings_back_neither_an_old_code_nor_a_cancellation(seminar_index):
    seminar = make_seminar(seminar_index)
    session = session_of(seminar)
    old_revision = seminar.latest_revision
    seminars.cancel_session(session, "เลื่อนการจัดสัมมนา")
    session.refresh_from_db()
    cancelled_at, code = session.cancelled_at, session.check_in_code

    old_revision.publish()

    session.refresh_from_db()
    assert (session.cancelled_at, session.check_in_code) == (cancelled_at, code)


def test_more_seats_published_in_a_revision_go_to_the_waitlist_in_order_of_arrival(
    seminar_index, mailoutbox, django_capture_on_commit_callbacks
):
    seminar = make_seminar(seminar_index, sessions=[{"capacity": 1}])
    session = session_of(seminar)
    seated, first, second, third = UserFactory.create_batch(4)
    for person in (seated, first, second, third):
        seminars.register(session, person)

    with django_capture_on_commit_callbacks(execute=True):
        publish_with_session_changes(seminar, capacity=3)

    statuses = dict(Registration.objects.filter(session=session).values_list("user_id", "status"))
    assert statuses == {seated.pk: "confirmed", first.pk: "confirmed", second.pk: "confirmed", third.pk: "waitlisted"}
    assert sorted(message.to[0] for message in mailoutbox) == sorted([first.email, second.email])


def test_a_copied_seminars_sessions_get_new_check_in_codes_and_no_history(seminar_index):
    seminar = make_seminar(seminar_index, sessions=2)
    originals = list(seminar.sessions.order_by("sort_order"))
    seminars.cancel_session(originals[0], "ย้ายไปจัดรุ่นใหม่")
    seminars.register(originals[1], UserFactory())

    copy = seminar.copy(update_attrs={"slug": f"{seminar.slug}-copy", "title": f"{seminar.title} (สำเนา)"})

    copies = list(copy.specific.sessions.order_by("sort_order"))
    assert len(copies) == 2
    assert {session.pk for session in copies}.isdisjoint({session.pk for session in originals})
    for original, copied in zip(originals, copies, strict=True):
        original.refresh_from_db()
        assert copied.starts_at == original.starts_at
        assert copied.check_in_code != original.check_in_code
        assert (copied.sequence, copied.cancelled_at, copied.cancellation_reason) == (0, None, "")
        assert not copied.registrations.exists()
