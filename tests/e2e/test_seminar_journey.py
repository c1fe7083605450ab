"""A seminar in a real browser: register, get the confirmation with its calendar, cancel, and the
first person on the waitlist gets the seat.

Elements are found by form action, URL or data attribute, never by their wording (the wording is
translated). E-mails are captured by Django's test mail backend in this process, which the live
server shares.
"""

import re
import time

from django.conf import settings
from django.core import mail
from django.test import Client
from icalendar import Calendar
from playwright.sync_api import expect

from courses.calendars import session_uid
from courses.models import Registration, RegistrationStatus
from courses.services import seminars
from tests.e2e.conftest import assert_no_serious_axe_violations
from tests.factories import UserFactory, make_seminar


def log_in(page, live_site, user):
    """Give the browser a signed-in session for ``user`` (the login form has its own journey test)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_site.url}])


def wait_for(condition, seconds=10):
    """Poll ``condition`` until it holds, for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def messages_to(address, subject_part=""):
    return [message for message in mail.outbox if message.to == [address] and subject_part in message.subject]


def calendar_attachment(message):
    """The parsed ``.ics`` attached to ``message`` and its content type."""
    attachments = [attachment for attachment in message.attachments if attachment[0].endswith(".ics")]
    assert len(attachments) == 1, f"expected one .ics on {message.subject!r}"
    _name, content, mimetype = attachments[0]
    return Calendar.from_ical(content), mimetype


class TestSeminarJourney:
    def test_a_learner_registers_gets_the_invitation_cancels_and_the_waitlisted_person_is_promoted(
        self, page, browser, live_site
    ):
        seminar = make_seminar(
            live_site.pages["seminars"],
            title="สัมมนาการบริหารความเสี่ยงภาครัฐ",
            title_en="Public Sector Risk Management",
            slug="risk-seminar",
            sessions=[{"capacity": 1, "online_url": "https://meet.example.go.th/risk"}],
            format="hybrid",
        )
        session = seminar.sessions.get()
        learner = UserFactory(email="somsri@example.go.th", preferred_language="en")
        waiting = UserFactory(email="waiting@example.go.th", preferred_language="th")
        seminar_url = live_site.url_of(seminar)
        register_action = seminar.url + seminar.reverse_subpage("register", kwargs={"session_id": session.pk})
        cancel_action = seminar.url + seminar.reverse_subpage("cancel", kwargs={"session_id": session.pk})

        # The index lists the session; the seminar page has no serious accessibility problem.
        page.goto(live_site.url_of(live_site.pages["seminars"]))
        expect(page.locator(f"main a[href$='{seminar.url}']").first).to_be_visible()
        assert_no_serious_axe_violations(page)

        # The learner registers with the keyboard and takes the only seat.
        log_in(page, live_site, learner)
        page.goto(seminar_url)
        assert_no_serious_axe_violations(page)
        expect(page.locator("[data-fact=online] a")).to_have_count(0)
        register = page.locator(f"form[action='{register_action}'] button[type=submit]")
        register.focus()
        page.keyboard.press("Enter")
        expect(page).to_have_url(seminar_url)
        status = page.locator(f"#session-{session.pk} [data-fact=status] .badge--confirmed")
        expect(status).to_be_visible()
        # Now the meeting link is theirs to see.
        expect(page.locator("[data-fact=online] a[href='https://meet.example.go.th/risk']")).to_be_visible()
        assert_no_serious_axe_violations(page)

        # The confirmation, in the learner's language, carries a valid invitation.
        assert wait_for(lambda: messages_to(learner.email))
        confirmation = messages_to(learner.email)[-1]
        assert "Your seat is confirmed" in confirmation.subject
        assert [mimetype for _content, mimetype in confirmation.alternatives] == ["text/html"]
        invitation, mimetype = calendar_attachment(confirmation)
        assert "method=REQUEST" in mimetype
        assert invitation["METHOD"] == "REQUEST"
        (event,) = invitation.walk("VEVENT")
        assert str(event["UID"]) == session_uid(session)
        assert event.decoded("DTSTART") == session.starts_at
        assert event.decoded("DTEND") == session.ends_at
        assert str(event["SUMMARY"]) == "สัมมนาการบริหารความเสี่ยงภาครัฐ"
        assert "https://meet.example.go.th/risk" in str(event["DESCRIPTION"])
        assert str(event["URL"]).endswith(seminar.url)
        assert "DTSTAMP" in event and "LOCATION" in event

        # Someone else arrives when the session is full and goes on the waitlist.
        assert seminars.register(session, waiting).status == RegistrationStatus.WAITLISTED

        # The learner cancels; their calendar is told to drop the event.
        page.locator(f"form[action='{cancel_action}'] button[type=submit]").click()
        expect(page).to_have_url(seminar_url)
        expect(page.locator(f"form[action='{register_action}'] button[type=submit]")).to_be_visible()
        assert wait_for(lambda: messages_to(learner.email, "cancelled"))
        cancellation, _mimetype = calendar_attachment(messages_to(learner.email, "cancelled")[-1])
        assert cancellation["METHOD"] == "CANCEL"
        assert str(next(iter(cancellation.walk("VEVENT")))["UID"]) == session_uid(session)

        # The waitlisted person has the seat, is told in Thai with an invitation, and sees it on the page.
        assert Registration.objects.get(user=waiting, session=session).status == RegistrationStatus.CONFIRMED
        assert wait_for(lambda: messages_to(waiting.email))
        promoted = messages_to(waiting.email)[-1]
        assert "สัมมนาการบริหารความเสี่ยงภาครัฐ" in promoted.subject
        assert "\n" not in promoted.subject
        promotion, _mimetype = calendar_attachment(promoted)
        assert promotion["METHOD"] == "REQUEST"

        other = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
        try:
            tab = other.new_page()
            log_in(tab, live_site, waiting)
            tab.goto(seminar_url)
            expect(tab.locator(f"#session-{session.pk} [data-fact=status] .badge--confirmed")).to_be_visible()
            expect(tab).to_have_title(re.compile("สัมมนาการบริหารความเสี่ยงภาครัฐ"))
        finally:
            other.close()
