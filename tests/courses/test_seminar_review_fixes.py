"""Seminar edge cases found in review: credit across sessions, revisions missing a session, odd input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Certificate, Registration, RegistrationStatus, SeminarSession
from courses.services import seminars
from courses.services.seminars import SeminarError
from lms import roles
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


def started_seminar(seminar_index, sessions=2, **fields):
    starts = timezone.now() - datetime.timedelta(minutes=20)
    return make_seminar(
        seminar_index,
        awards_certificate=True,
        training_hours=4,
        sessions=[
            {"starts_at": starts + datetime.timedelta(minutes=n), "ends_at": starts + datetime.timedelta(hours=3)}
            for n in range(sessions)
        ],
        **fields,
    )


def test_undoing_the_credited_attendance_moves_the_hours_and_a_certificate_to_the_other_session(
    seminar_index, django_capture_on_commit_callbacks
):
    seminar = started_seminar(seminar_index)
    first_session, second_session = seminar.sessions.order_by("starts_at")
    person = UserFactory()
    first = Registration.objects.create(session=first_session, user=person, status=RegistrationStatus.CONFIRMED)
    second = Registration.objects.create(session=second_session, user=person, status=RegistrationStatus.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        seminars.mark_attended(first, by_user=None)
        seminars.mark_attended(second, by_user=None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.credited_hours, second.credited_hours) == (4, 0)
    assert Certificate.objects.filter(user=person).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        seminars.unmark_attended(first, by_user=None)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.credited_hours, second.credited_hours) == (0, 4)
    assert first.certificate is None
    assert second.certificate is not None and second.certificate.is_valid
    assert Certificate.objects.filter(user=person).valid().count() == 1
    assert Certificate.objects.filter(user=person).revoked().count() == 1


def test_publishing_an_old_draft_without_a_session_people_registered_for_keeps_that_session(seminar_index):
    seminar = make_seminar(seminar_index, sessions=2)
    kept, dropped = seminar.sessions.order_by("starts_at")
    draft = seminar.get_latest_revision_as_object()
    draft.sessions = [session for session in draft.sessions.all() if session.pk != dropped.pk]
    revision = draft.save_revision()
    seminars.register(dropped, UserFactory())

    revision.publish()

    assert set(SeminarSession.objects.filter(page=seminar).values_list("pk", flat=True)) == {kept.pk, dropped.pk}
    assert Registration.objects.filter(session=dropped).count() == 1


def test_an_approval_note_over_a_thousand_characters_is_refused(seminar_index):
    agency = AgencyFactory()
    officer = member_of(roles.TRAINING_OFFICERS, agency=agency)
    registration = seminars.register(
        make_seminar(seminar_index, requires_approval=True).sessions.get(), CivilServantFactory(agency=agency)
    )
    with pytest.raises(SeminarError) as refused:
        seminars.approve(registration, officer, reason="ก" * 1001)
    assert refused.value.code == "reason_too_long"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_someone_who_registers_and_cancels_over_and_over_is_stopped_for_an_hour(client, seminar_index):
    seminar = make_seminar(seminar_index)
    session = seminar.sessions.get()
    person = UserFactory(preferred_language="en")
    client.force_login(person)
    register_url = seminar.url + seminar.reverse_subpage("register", kwargs={"session_id": session.pk})
    cancel_url = seminar.url + seminar.reverse_subpage("cancel", kwargs={"session_id": session.pk})
    for _round in range(20):
        client.post(register_url)
        client.post(cancel_url)
    assert Registration.objects.filter(user=person).count() == 20

    response = client.post(register_url, follow=True)

    assert Registration.objects.filter(user=person).count() == 20
    assert "Try again later" in response.content.decode()


def test_the_approvals_list_leaves_out_requests_for_sessions_that_have_started(client, seminar_index):
    agency = AgencyFactory()
    officer = member_of(roles.TRAINING_OFFICERS, agency=agency, preferred_language="en")
    seminar = make_seminar(seminar_index, requires_approval=True, title="สัมมนาที่เริ่มแล้ว")
    session = seminar.sessions.get()
    seminars.register(session, CivilServantFactory(agency=agency))
    SeminarSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(officer)

    response = client.get(reverse("seminar_approvals"))

    assert response.status_code == 200
    assert "สัมมนาที่เริ่มแล้ว" not in response.content.decode()


def test_marking_attendance_with_a_non_ascii_digit_id_is_not_a_server_error(client, seminar_index):
    from courses import seminar_admin

    seminar = started_seminar(seminar_index, sessions=1)
    session = seminar.sessions.get()
    client.force_login(member_of(roles.ADMINISTRATORS, preferred_language="en"))

    response = client.post(reverse(seminar_admin.ATTENDANCE_URL, args=[seminar.pk, session.pk]), {"mark": "²"})

    assert response.status_code == 302
    assert not Registration.objects.filter(status=RegistrationStatus.ATTENDED).exists()
