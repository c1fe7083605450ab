"""The seminars section of the learner's dashboard (``/my/``): upcoming registrations with their calendars,
seminars attended with their hours, and the private calendar feed's address."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import CalendarFeed, Registration, RegistrationStatus
from courses.services import seminars
from tests.factories import CivilServantFactory, UserFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("dashboard:index")


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


@pytest.fixture
def learner(db):
    return CivilServantFactory(preferred_language="en")


def section(html):
    match = re.search(r'<section[^>]*data-section="seminars".*?</section>', html, re.S)
    return match.group(0) if match else ""


def entry(html, registration):
    match = re.search(rf'<li[^>]*data-registration="{registration.pk}".*?</li>', html, re.S)
    return match.group(0) if match else ""


def calendar_link(seminar, session):
    return seminar.url + seminar.reverse_subpage("calendar", kwargs={"session_id": session.pk})


def attended(seminar_index, user, title="สัมมนาที่เข้าร่วมแล้ว", hours=3, days_ago=10, **fields):
    """A past seminar ``user`` attended (recorded by an organiser); returns the registration."""
    starts = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    seminar = make_seminar(
        seminar_index,
        title=title,
        training_hours=hours,
        sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3)}],
        **fields,
    )
    session = seminar.sessions.get()
    registration = Registration.objects.create(
        session=session,
        user=user,
        status=RegistrationStatus.CONFIRMED,
        registered_at=starts - datetime.timedelta(days=5),
    )
    return seminars.mark_attended(registration, None, now=starts + datetime.timedelta(hours=1))


class TestUpcomingRegistrations:
    def test_upcoming_registrations_show_their_status_time_and_links(self, client, seminar_index, learner):
        confirmed_seminar = make_seminar(
            seminar_index, title="สัมมนาที่ยืนยันแล้ว", sessions=[{"online_url": "https://meet.example.go.th/a"}]
        )
        full_seminar = make_seminar(
            seminar_index,
            title="สัมมนาที่เต็มแล้ว",
            sessions=[{"capacity": 1, "online_url": "https://meet.example.go.th/b"}],
        )
        approval_seminar = make_seminar(seminar_index, title="สัมมนาที่ต้องอนุมัติ", requires_approval=True)
        seminars.register(full_seminar.sessions.get(), UserFactory())
        confirmed = seminars.register(confirmed_seminar.sessions.get(), learner)
        waitlisted = seminars.register(full_seminar.sessions.get(), learner)
        pending = seminars.register(approval_seminar.sessions.get(), learner)
        client.force_login(learner)

        html = section(client.get(DASHBOARD_URL).text)

        confirmed_entry, waitlisted_entry, pending_entry = (entry(html, r) for r in (confirmed, waitlisted, pending))
        assert re.search(r"Status:\s*<strong>Confirmed</strong>", confirmed_entry)
        assert re.search(r"Status:\s*<strong>On the waitlist</strong>", waitlisted_entry)
        assert re.search(r"Status:\s*<strong>Awaiting approval</strong>", pending_entry)
        for registration, part in (
            (confirmed, confirmed_entry),
            (waitlisted, waitlisted_entry),
            (pending, pending_entry),
        ):
            seminar, session = registration.session.page, registration.session
            assert f'href="{seminar.url}"' in part
            assert f'href="{calendar_link(seminar, session)}"' in part
            starts = timezone.localtime(session.starts_at)
            assert f"{starts.day} {starts:%B} {starts.year} {starts:%H:%M}" in part
        # The meeting link only for the confirmed seat.
        assert 'href="https://meet.example.go.th/a"' in confirmed_entry
        assert "meet.example.go.th/b" not in html
        # Soonest first.
        assert html.index(f'data-registration="{confirmed.pk}"') < html.index(f'data-registration="{pending.pk}"')

    def test_dates_are_in_the_buddhist_era_in_thai(self, client, seminar_index):
        learner = UserFactory(preferred_language="th")
        registration = seminars.register(make_seminar(seminar_index).sessions.get(), learner)
        client.force_login(learner)
        html = section(client.get(DASHBOARD_URL).text)
        starts, ends = (
            timezone.localtime(registration.session.starts_at),
            timezone.localtime(registration.session.ends_at),
        )
        assert f"{starts.year + 543} {starts:%H:%M} น.</time> – <time" in entry(html, registration)
        assert f">{ends:%H:%M} น.</time>" in entry(html, registration)

    def test_a_session_the_organisers_cancelled_says_so_with_the_reason_and_no_calendar_link(
        self, client, seminar_index, learner
    ):
        seminar = make_seminar(seminar_index, title="สัมมนาที่ถูกยกเลิก")
        session = seminar.sessions.get()
        registration = seminars.register(session, learner)
        seminars.cancel_session(session, "The speaker is ill.")
        client.force_login(learner)

        part = entry(section(client.get(DASHBOARD_URL).text), registration)

        assert "Session cancelled by the organisers" in part
        assert "The speaker is ill." in part
        assert calendar_link(seminar, session) not in part

    def test_registrations_the_person_cancelled_or_that_were_declined_or_are_past_are_not_listed(
        self, client, seminar_index, learner
    ):
        mine = seminars.register(make_seminar(seminar_index, title="ยกเลิกเอง").sessions.get(), learner)
        seminars.cancel_registration(mine, learner)
        declined = seminars.register(
            make_seminar(seminar_index, title="ไม่อนุมัติ", requires_approval=True).sessions.get(), learner
        )
        seminars.decline(declined, member_of("Administrators"), "ไม่ตรงกับงาน")
        starts = timezone.now() - datetime.timedelta(days=3)
        past = make_seminar(
            seminar_index,
            title="ผ่านไปแล้วไม่ได้มา",
            sessions=[{"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2)}],
        )
        Registration.objects.create(session=past.sessions.get(), user=learner, status=RegistrationStatus.CONFIRMED)
        client.force_login(learner)

        html = section(client.get(DASHBOARD_URL).text)

        for title in ("ยกเลิกเอง", "ไม่อนุมัติ", "ผ่านไปแล้วไม่ได้มา"):
            assert title not in html

    def test_a_learner_sees_only_their_own_registrations(self, client, seminar_index, learner):
        session = make_seminar(seminar_index, title="สัมมนาของคนอื่น").sessions.get()
        someone_else = UserFactory()
        theirs = seminars.register(session, someone_else)
        attended(seminar_index, someone_else, title="คนอื่นเข้าร่วม")
        client.force_login(learner)

        response = client.get(DASHBOARD_URL)

        html = section(response.text)
        assert "สัมมนาของคนอื่น" not in html and "คนอื่นเข้าร่วม" not in html
        assert f'data-registration="{theirs.pk}"' not in html
        assert response.context["seminars"].is_empty
        assert "data-seminars-empty" in html

    def test_a_learner_without_registrations_is_pointed_to_the_seminars_and_gets_no_feed_yet(
        self, client, seminar_index, learner
    ):
        client.force_login(learner)
        html = section(client.get(DASHBOARD_URL).text)
        assert "You have not registered for a seminar yet." in html
        assert f'href="{seminar_index.url}"' in html
        assert "data-calendar-feed" not in html
        assert not CalendarFeed.objects.filter(user=learner).exists()


class TestAttendedSeminars:
    def test_attended_seminars_show_their_hours_the_total_and_the_certificate(self, client, seminar_index, learner):
        with_certificate = attended(
            seminar_index, learner, title="สัมมนามีวุฒิบัตร", hours=Decimal("6"), awards_certificate=True
        )
        without = attended(seminar_index, learner, title="สัมมนาไม่มีวุฒิบัตร", hours=Decimal("1.5"), days_ago=40)
        client.force_login(learner)

        response = client.get(DASHBOARD_URL)

        html = section(response.text)
        assert response.context["seminars"].credited_hours == Decimal("7.5")
        assert 'data-seminar-hours="7.5"' in html
        assert "Training hours credited by seminars: <strong>7.5</strong>" in html
        assert "6.0 training hours" in entry(html, with_certificate)
        assert "1.5 training hours" in entry(html, without)
        assert with_certificate.certificate_id
        certificate_anchor = f'href="#certificate-{with_certificate.certificate_id}-title"'
        assert certificate_anchor in entry(html, with_certificate)
        assert f'id="certificate-{with_certificate.certificate_id}-title"' in response.text
        assert "data-certificate-link" not in entry(html, without)
        # Most recent first.
        assert html.index(f'data-registration="{with_certificate.pk}"') < html.index(
            f'data-registration="{without.pk}"'
        )

    def test_course_hours_in_the_summary_are_left_as_they_were(self, client, seminar_index, learner):
        attended(seminar_index, learner, hours=4)
        client.force_login(learner)
        response = client.get(DASHBOARD_URL)
        assert response.context["courses"].credited_hours == 0


class TestTheCalendarFeedOnTheDashboard:
    def test_the_private_address_is_shown_with_a_copy_button_and_a_form_to_replace_it(
        self, client, seminar_index, learner
    ):
        seminars.register(make_seminar(seminar_index).sessions.get(), learner)
        client.force_login(learner)

        html = section(client.get(DASHBOARD_URL).text)

        token = CalendarFeed.objects.get(user=learner).token
        address = "http://testserver" + reverse("dashboard:calendar-feed", kwargs={"token": token})
        assert re.search(r'<label for="calendar-feed-url">[^<]+</label>\s*<input id="calendar-feed-url"', html)
        assert f'value="{address}" readonly' in html
        assert f'data-copy-link="{address}" hidden' in html
        assert f'href="webcal://testserver/my/calendar/{token}.ics"' in html
        form = re.search(r'<form method="post" action="([^"]+)"[^>]*data-calendar-feed-renew>(.*?)</form>', html, re.S)
        assert form.group(1) == reverse("dashboard:calendar-feed-renew")
        assert 'name="csrfmiddlewaretoken"' in form.group(2)

    def test_after_making_a_new_address_the_dashboard_shows_it_and_says_so(self, client, seminar_index, learner):
        seminars.register(make_seminar(seminar_index).sessions.get(), learner)
        client.force_login(learner)
        client.get(DASHBOARD_URL)
        old = CalendarFeed.objects.get(user=learner).token

        response = client.post(reverse("dashboard:calendar-feed-renew"), follow=True)

        new = CalendarFeed.objects.get(user=learner).token
        assert new != old
        assert f"/my/calendar/{new}.ics" in response.text and old not in response.text
        assert "Your calendar has a new address." in response.text


class TestQueryCount:
    def register_for(self, seminar_index, learner, count):
        for n in range(count):
            kind = n % 3
            if kind == 0:
                seminars.register(
                    make_seminar(seminar_index, sessions=[{"online_url": "https://m.example/x"}]).sessions.get(),
                    learner,
                )
            elif kind == 1:
                seminars.register(make_seminar(seminar_index, requires_approval=True).sessions.get(), learner)
            else:
                attended(seminar_index, learner, awards_certificate=True, days_ago=n + 1)

    def test_the_number_of_queries_does_not_grow_with_the_registrations(
        self, client, seminar_index, learner, django_assert_max_num_queries
    ):
        self.register_for(seminar_index, learner, 3)
        client.force_login(learner)
        # Publishing pages empties the site and navigation caches: a first request fills them, as on a running site.
        client.get(DASHBOARD_URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DASHBOARD_URL).status_code == 200
        with_three = len(captured)

        self.register_for(seminar_index, learner, 9)
        client.get(DASHBOARD_URL)
        with django_assert_max_num_queries(with_three):
            response = client.get(DASHBOARD_URL)
        listed = response.context["seminars"]
        assert len(listed.upcoming) + len(listed.attended) == 12
