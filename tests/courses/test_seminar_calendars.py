"""Calendars of seminar sessions: the person's private feed (``/my/calendar/<token>.ics``) and the
calendars the e-mails and the seminar page carry, each parsed with the icalendar library."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses.calendars import feed, invitation, session_calendar, session_uid
from courses.models import CalendarFeed, Registration, RegistrationStatus
from courses.services import seminars
from tests.factories import CivilServantFactory, UserFactory, make_seminar

pytestmark = pytest.mark.django_db

REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY")


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


@pytest.fixture
def person(db):
    return UserFactory(preferred_language="en")


def feed_url(user):
    return reverse("dashboard:calendar-feed", kwargs={"token": CalendarFeed.for_user(user).token})


def events(body):
    """The VEVENTs of an ``.ics`` body, each checked for the properties every event must have."""
    calendar = Calendar.from_ical(body)
    found = calendar.walk("VEVENT")
    for event in found:
        for name in REQUIRED:
            assert event.get(name) is not None, f"{name} missing"
        assert event["DTEND"].dt > event["DTSTART"].dt
    return calendar, found


def uids(found):
    return {str(event["UID"]) for event in found}


def a_session(seminar_index, **fields):
    return make_seminar(seminar_index, sessions=[fields] if fields else 1).sessions.get()


class TestThePrivateFeed:
    def test_a_calendar_app_fetches_the_owners_confirmed_sessions_without_logging_in(
        self, client, seminar_index, person
    ):
        confirmed = a_session(seminar_index, online_url="https://meet.example.go.th/abc")
        full = a_session(seminar_index, capacity=1)
        seminars.register(full, UserFactory())
        approval = make_seminar(seminar_index, requires_approval=True).sessions.get()
        cancelled_by_me = a_session(seminar_index)
        someone_elses = a_session(seminar_index)
        seminars.register(confirmed, person)
        assert seminars.register(full, person).status == RegistrationStatus.WAITLISTED
        civil_servant = CivilServantFactory(preferred_language="en")
        seminars.register(approval, civil_servant)
        seminars.cancel_registration(seminars.register(cancelled_by_me, person), person)
        seminars.register(someone_elses, UserFactory())

        response = client.get(feed_url(person))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "private" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
        calendar, found = events(response.content)
        assert uids(found) == {session_uid(confirmed)}
        assert "My seminars" in str(calendar["X-WR-CALNAME"])
        # The person's own calendar carries the meeting link of their confirmed seat.
        assert "https://meet.example.go.th/abc" in str(found[0]["DESCRIPTION"])
        assert str(found[0]["STATUS"]) == "CONFIRMED"
        # Nobody else's seats are in it; theirs is at their own address.
        assert uids(events(client.get(feed_url(civil_servant)).content)[1]) == set()

    def test_attended_sessions_stay_and_a_session_the_organisers_cancelled_is_marked_cancelled(
        self, client, seminar_index, person
    ):
        attended = a_session(seminar_index)
        called_off = a_session(seminar_index)
        registration = seminars.register(attended, person)
        seminars.mark_attended(registration, None, now=attended.starts_at)
        seminars.register(called_off, person)
        seminars.cancel_session(called_off, "The venue is closed.")

        _calendar, found = events(client.get(feed_url(person)).content)

        statuses = {str(event["UID"]): str(event["STATUS"]) for event in found}
        assert statuses == {session_uid(attended): "CONFIRMED", session_uid(called_off): "CANCELLED"}

    def test_an_unknown_token_is_not_found(self, client, site_pages):
        assert client.get(reverse("dashboard:calendar-feed", kwargs={"token": "not-a-real-token"})).status_code == 404

    def test_after_making_a_new_address_the_old_one_is_not_found(self, client, seminar_index, person):
        seminars.register(a_session(seminar_index), person)
        old = feed_url(person)
        client.force_login(person)

        response = client.post(reverse("dashboard:calendar-feed-renew"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("dashboard:index"))
        client.logout()
        new = feed_url(person)
        assert new != old
        assert client.get(old).status_code == 404
        assert len(events(client.get(new).content)[1]) == 1

    def test_a_new_address_is_made_only_by_a_post_of_the_signed_in_person(self, client, site_pages, person):
        token = CalendarFeed.for_user(person).token
        renew = reverse("dashboard:calendar-feed-renew")
        guest = client.post(renew)
        assert guest.status_code == 302 and reverse("account:login") in guest["Location"]
        client.force_login(person)
        assert client.get(renew).status_code == 405
        assert CalendarFeed.objects.get(user=person).token == token

    def test_making_a_new_address_needs_the_csrf_token(self, site_pages, person):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        token = CalendarFeed.for_user(person).token
        assert client.post(reverse("dashboard:calendar-feed-renew")).status_code == 403
        assert CalendarFeed.objects.get(user=person).token == token

    def test_the_feed_of_a_deactivated_account_is_not_found(self, client, seminar_index, person):
        seminars.register(a_session(seminar_index), person)
        url = feed_url(person)
        person.is_active = False
        person.save()
        assert client.get(url).status_code == 404

    def test_the_number_of_queries_does_not_grow_with_the_sessions(
        self, client, seminar_index, person, django_assert_max_num_queries
    ):
        for _ in range(2):
            seminars.register(a_session(seminar_index), person)
        url = feed_url(person)
        client.get(url)
        with CaptureQueriesContext(connection) as with_two:
            client.get(url)
        for _ in range(8):
            seminars.register(a_session(seminar_index), person)
        with django_assert_max_num_queries(len(with_two)):
            response = client.get(url)
        assert len(events(response.content)[1]) == 10


class TestEveryCalendarParses:
    def test_the_public_calendar_of_a_session_has_the_required_properties_and_no_meeting_link(self, seminar_index):
        session = a_session(seminar_index, online_url="https://meet.example.go.th/secret")
        calendar, [event] = events(session_calendar(session))
        assert calendar["METHOD"] == "PUBLISH"
        assert str(event["UID"]) == session_uid(session)
        assert "secret" not in session_calendar(session).decode()

    def test_an_invitation_and_a_cancellation_name_the_same_event(self, seminar_index, person):
        registration = seminars.register(a_session(seminar_index), person)
        request, [invited] = events(invitation(registration))
        cancel, [cancelled] = events(invitation(registration, cancelled=True))
        assert (request["METHOD"], cancel["METHOD"]) == ("REQUEST", "CANCEL")
        assert invited["UID"] == cancelled["UID"]
        assert str(cancelled["STATUS"]) == "CANCELLED"
        assert person.email in str(invited["ATTENDEE"])

    def test_a_feed_with_several_sessions_parses_with_one_event_each(self, seminar_index, person):
        for _ in range(3):
            seminars.register(a_session(seminar_index), person)
        registrations = Registration.objects.filter(user=person).select_related("session__page")
        _calendar, found = events(feed(person, registrations, "ปฏิทินของฉัน"))
        assert len(uids(found)) == 3

    def test_times_are_the_sessions_times(self, seminar_index, person):
        starts = timezone.localtime().replace(hour=13, minute=30, second=0, microsecond=0) + datetime.timedelta(days=3)
        session = a_session(seminar_index, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
        _calendar, [event] = events(session_calendar(session))
        assert event["DTSTART"].dt == starts and event["DTEND"].dt == starts + datetime.timedelta(hours=2)
