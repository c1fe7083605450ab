"""Seminar e-mails: every kind in Thai and English, plain text and HTML, with the right calendar attached,
to the right people; and ``manage.py send_seminar_reminders``."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from courses.calendars import session_uid
from courses.models import Registration, RegistrationStatus, SeminarPage
from courses.seminar_notifications import SUBJECTS, send_seminar_email
from courses.services import seminars
from lms import roles
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory, make_seminar, member_of

pytestmark = pytest.mark.django_db

ONLINE_URL = "https://meet.example.go.th/room?id=7&pass=x"
# The .ics each kind carries: an invitation, a cancellation, or none.
METHODS = {
    "confirmed": "REQUEST",
    "promoted": "REQUEST",
    "approved": "REQUEST",
    "reminder": "REQUEST",
    "session_changed": "REQUEST",
    "cancelled": "CANCEL",
    "session_cancelled": "CANCEL",
    "waitlisted": None,
    "pending": None,
    "declined": None,
    "approval_requested": None,
}


@pytest.fixture
def seminar_index(site_pages):
    return site_pages["seminars"]


@pytest.fixture
def administrator():
    return member_of(roles.ADMINISTRATORS)


def html_part(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def invite(message):
    """The message's ``.ics`` attachment, parsed, and its MIME type; ``(None, None)`` without one."""
    attachments = [attachment for attachment in message.attachments if attachment[0].endswith(".ics")]
    if not attachments:
        return None, None
    [(_filename, content, mimetype)] = attachments
    return Calendar.from_ical(content), mimetype


def the_event(calendar):
    [event] = calendar.walk("VEVENT")
    for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert event.get(name) is not None, name
    return event


def sent_to(mailoutbox, address):
    return [message for message in mailoutbox if message.to == [address]]


def registration_for(kind, seminar_index, person, administrator):
    """A registration of ``person`` in the state an e-mail of ``kind`` is sent in."""
    needs_approval = kind in ("pending", "approved", "declined", "approval_requested")
    seminar = make_seminar(
        seminar_index,
        requires_approval=needs_approval,
        sessions=[{"online_url": ONLINE_URL, "capacity": 1 if kind == "waitlisted" else 20}],
    )
    session = seminar.sessions.get()
    if kind == "waitlisted":
        seminars.register(session, UserFactory())
    registration = seminars.register(session, person)
    if kind == "approved":
        registration = seminars.approve(registration, administrator, reason="อนุมัติตามแผนพัฒนารายบุคคล")
    elif kind == "declined":
        registration = seminars.decline(registration, administrator, "งบประมาณไม่เพียงพอ")
    elif kind == "cancelled":
        registration = seminars.cancel_registration(registration, person)
    elif kind == "session_cancelled":
        seminars.cancel_session(session, "วิทยากรติดภารกิจเร่งด่วน")
    return Registration.objects.select_related("session__page", "user__agency").get(pk=registration.pk)


class TestEveryKind:
    @pytest.mark.parametrize("language", ["th", "en"])
    @pytest.mark.parametrize("kind", list(SUBJECTS))
    def test_each_kind_is_sent_in_the_recipients_language_as_text_and_html_with_the_right_calendar(
        self, kind, language, seminar_index, administrator, mailoutbox
    ):
        agency = AgencyFactory()
        officer = member_of(roles.TRAINING_OFFICERS, factory=CivilServantFactory, agency=agency)
        officer.preferred_language = language
        officer.save()
        person = CivilServantFactory(agency=agency, preferred_language=language)
        registration = registration_for(kind, seminar_index, person, administrator)
        mailoutbox.clear()

        assert send_seminar_email(registration, kind) == 1

        recipient = officer if kind == "approval_requested" else person
        [message] = mailoutbox
        assert message.to == [recipient.email]
        text, html = message.body, html_part(message)
        seminar, session = registration.session.page, registration.session
        starts = timezone.localtime(session.starts_at)
        for part in (text, html):
            assert seminar.title in part
            assert "{{" not in part and "{%" not in part
        if language == "en":
            assert message.subject.startswith(str(SUBJECTS[kind]).split(":")[0])
            assert f"Hello {recipient.get_full_name_en()}," in text
            assert f"{starts.day} {starts:%B} {starts.year} {starts:%H:%M}" in text
            assert "This message was sent automatically" in text
        else:
            assert recipient.get_full_name() in text
            assert f"{starts.year + 543} {starts:%H:%M} น." in text
            assert "ข้อความนี้ส่งโดยอัตโนมัติ" in text
        assert f'<html lang="{language}">' in html
        if kind == "approval_requested":
            assert reverse("seminar_approvals") in text and reverse("seminar_approvals") in html
            assert person.email in text
            assert (agency.name_en if language == "en" else agency.name_th) in text
        else:
            assert f"/{seminar.slug}/" in text and f"/{seminar.slug}/" in html

        calendar, mimetype = invite(message)
        method = METHODS[kind]
        if method is None:
            assert calendar is None
        else:
            assert calendar["METHOD"] == method
            assert mimetype.startswith("text/calendar") and f"method={method}" in mimetype
            assert str(the_event(calendar)["UID"]) == session_uid(session)

    def test_an_unknown_kind_is_refused(self, seminar_index):
        registration = seminars.register(make_seminar(seminar_index).sessions.get(), UserFactory())
        with pytest.raises(ValueError):
            send_seminar_email(registration, "party")


class TestWhatTheMessagesSay:
    def test_the_online_link_is_sent_only_to_someone_holding_a_seat(
        self, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        session = make_seminar(seminar_index, sessions=[{"online_url": ONLINE_URL, "capacity": 1}]).sessions.get()
        seated, waiting = UserFactory(), UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            seminars.register(session, seated)
            seminars.register(session, waiting)
        [confirmation] = sent_to(mailoutbox, seated.email)
        [waitlisted] = sent_to(mailoutbox, waiting.email)
        assert ONLINE_URL in confirmation.body
        assert ONLINE_URL.replace("&", "&amp;") in html_part(confirmation)
        assert ONLINE_URL not in waitlisted.body and "meet.example" not in html_part(waitlisted)

    def test_the_reason_for_declining_reaches_the_person(
        self, seminar_index, administrator, mailoutbox, django_capture_on_commit_callbacks
    ):
        person = CivilServantFactory(preferred_language="en")
        session = make_seminar(seminar_index, requires_approval=True).sessions.get()
        with django_capture_on_commit_callbacks(execute=True):
            registration = seminars.register(session, person)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            seminars.decline(registration, administrator, "Budget is used up <this year>")
        [message] = mailoutbox
        assert message.subject.startswith("Your registration was declined")
        assert "Reason: Budget is used up <this year>" in message.body
        assert "Budget is used up &lt;this year&gt;" in html_part(message)

    def test_markup_in_a_title_is_escaped_in_the_html_and_kept_as_typed_in_the_text(self, seminar_index, mailoutbox):
        seminar = make_seminar(seminar_index, title='Data <script>alert("x")</script> & AI')
        registration = seminars.register(seminar.sessions.get(), UserFactory(preferred_language="en"))
        send_seminar_email(registration, "confirmed")
        [message] = mailoutbox
        assert 'Data <script>alert("x")</script> & AI' in message.body
        html = html_part(message)
        assert "<script>" not in html
        assert "Data &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; AI" in html

    def test_a_cancelled_session_tells_everyone_why_and_cancels_their_calendar_event(
        self, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        session = make_seminar(seminar_index, sessions=[{"capacity": 1}]).sessions.get()
        seated, waiting = UserFactory(preferred_language="en"), UserFactory(preferred_language="en")
        with django_capture_on_commit_callbacks(execute=True):
            seminars.register(session, seated)
            seminars.register(session, waiting)
        [confirmation] = sent_to(mailoutbox, seated.email)
        mailoutbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            seminars.cancel_session(session, "The speaker is ill.")

        assert sorted(message.to[0] for message in mailoutbox) == sorted([seated.email, waiting.email])
        for message in mailoutbox:
            assert message.subject.startswith("Session cancelled")
            assert "The speaker is ill." in message.body and "The speaker is ill." in html_part(message)
        # The seated person's calendar drops the event; the waitlisted one never had it.
        calendar, _mimetype = invite(sent_to(mailoutbox, seated.email)[0])
        assert calendar["METHOD"] == "CANCEL" and the_event(calendar)["STATUS"] == "CANCELLED"
        assert not [name for name, *_rest in sent_to(mailoutbox, waiting.email)[0].attachments if name.endswith(".ics")]
        before = the_event(invite(confirmation)[0])
        after = the_event(invite(sent_to(mailoutbox, seated.email)[0])[0])
        assert after["UID"] == before["UID"]
        assert after["SEQUENCE"] > before["SEQUENCE"]

    def test_cancelling_sends_a_cancellation_and_the_promoted_person_an_invitation(
        self, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        session = make_seminar(seminar_index, sessions=[{"capacity": 1}]).sessions.get()
        first, second = UserFactory(preferred_language="en"), UserFactory(preferred_language="en")
        with django_capture_on_commit_callbacks(execute=True):
            held = seminars.register(session, first)
            seminars.register(session, second)
        mailoutbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            seminars.cancel_registration(held, first)

        [cancelled] = sent_to(mailoutbox, first.email)
        [promoted] = sent_to(mailoutbox, second.email)
        assert cancelled.subject.startswith("Your registration is cancelled")
        assert invite(cancelled)[0]["METHOD"] == "CANCEL"
        assert promoted.subject.startswith("A seat is yours")
        calendar, _mimetype = invite(promoted)
        assert calendar["METHOD"] == "REQUEST"
        assert str(the_event(calendar)["UID"]) == session_uid(session)

    def test_publishing_a_new_time_sends_an_updated_invitation_with_a_higher_sequence(
        self, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        seminar = make_seminar(seminar_index)
        person = UserFactory(preferred_language="en")
        with django_capture_on_commit_callbacks(execute=True):
            seminars.register(seminar.sessions.get(), person)
        [confirmation] = mailoutbox
        first = the_event(invite(confirmation)[0])
        mailoutbox.clear()

        page = SeminarPage.objects.get(pk=seminar.pk)
        [session] = page.sessions.all()
        session.starts_at += datetime.timedelta(days=1, hours=4)
        session.ends_at += datetime.timedelta(days=1, hours=4)
        page.sessions = [session]
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

        [message] = mailoutbox
        assert message.to == [person.email]
        assert message.subject.startswith("Session changed")
        calendar, _mimetype = invite(message)
        event = the_event(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert event["UID"] == first["UID"]
        assert event["SEQUENCE"] > first["SEQUENCE"]
        assert event["DTSTART"].dt == session.starts_at
        new_start = timezone.localtime(session.starts_at)
        assert f"{new_start.day} {new_start:%B} {new_start.year} {new_start:%H:%M}" in message.body


class TestApprovalRequests:
    def test_the_request_goes_to_the_officers_of_the_agency_and_of_the_agency_above_it_only(
        self, seminar_index, mailoutbox, django_capture_on_commit_callbacks
    ):
        ministry = AgencyFactory()
        department = AgencyFactory(parent=ministry, level="department")
        other_ministry = AgencyFactory()
        department_officer = member_of(roles.TRAINING_OFFICERS, agency=department, preferred_language="en")
        ministry_officer = member_of(roles.TRAINING_OFFICERS, agency=ministry, preferred_language="en")
        stranger = member_of(roles.TRAINING_OFFICERS, agency=other_ministry, preferred_language="en")
        person = CivilServantFactory(agency=department, position="Policy analyst", preferred_language="en")
        session = make_seminar(seminar_index, requires_approval=True).sessions.get()

        with django_capture_on_commit_callbacks(execute=True):
            seminars.register(session, person)

        requests = [message for message in mailoutbox if message.subject.startswith("Approval requested")]
        assert sorted(message.to[0] for message in requests) == sorted(
            [department_officer.email, ministry_officer.email]
        )
        assert not sent_to(mailoutbox, stranger.email)
        [pending] = sent_to(mailoutbox, person.email)
        assert pending.subject.startswith("Your registration awaits approval")
        for message in requests:
            assert person.get_full_name() in message.subject
            assert person.get_full_name_en() in message.body and person.email in message.body
            assert department.name_en in message.body and "Policy analyst" in message.body
            assert reverse("seminar_approvals") in message.body
            assert reverse("seminar_approvals") in html_part(message)
            assert not message.attachments


def confirmed_in(seminar_index, starts_at, count=1, **session_fields):
    """A seminar with one session starting at ``starts_at`` and ``count`` confirmed registrations."""
    session = make_seminar(
        seminar_index,
        sessions=[{"starts_at": starts_at, "ends_at": starts_at + datetime.timedelta(hours=3), **session_fields}],
    ).sessions.get()
    return session, [seminars.register(session, UserFactory(preferred_language="en")) for _ in range(count)]


def run_reminders(*args):
    out = StringIO()
    call_command("send_seminar_reminders", *args, stdout=out)
    return out.getvalue()


class TestReminders:
    def test_confirmed_registrants_of_tomorrows_sessions_are_reminded_once(self, seminar_index, mailoutbox):
        tomorrow = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
        _session, registrations = confirmed_in(seminar_index, tomorrow, count=2)
        mailoutbox.clear()

        output = run_reminders()

        assert sorted(message.to[0] for message in mailoutbox) == sorted(r.user.email for r in registrations)
        for message in mailoutbox:
            assert message.subject.startswith("Reminder")
            assert invite(message)[0]["METHOD"] == "REQUEST"
        assert re.search(r"\b2\b", output)
        assert all(r.reminded_at for r in Registration.objects.filter(pk__in=[r.pk for r in registrations]))

        mailoutbox.clear()
        again = run_reminders()
        assert mailoutbox == []
        assert re.search(r"\b0\b", again)

    def test_a_session_starting_within_24_hours_is_reminded_too(self, seminar_index, mailoutbox):
        _session, [registration] = confirmed_in(seminar_index, timezone.now() + datetime.timedelta(hours=5))
        mailoutbox.clear()
        run_reminders()
        assert [message.to for message in mailoutbox] == [[registration.user.email]]

    def test_cancelled_waitlisted_pending_and_far_future_sessions_get_no_reminder(self, seminar_index, mailoutbox):
        soon = timezone.now() + datetime.timedelta(hours=20)
        full, _registrations = confirmed_in(seminar_index, soon, capacity=1)
        waitlisted = seminars.register(full, UserFactory())
        assert waitlisted.status == RegistrationStatus.WAITLISTED
        cancelled_session, _cancelled = confirmed_in(seminar_index, soon + datetime.timedelta(hours=1))
        seminars.cancel_session(cancelled_session, "ห้องประชุมไม่ว่าง")
        _far, _far_registrations = confirmed_in(seminar_index, timezone.now() + datetime.timedelta(days=5))
        self_cancelled_session, [self_cancelled] = confirmed_in(seminar_index, soon)
        seminars.cancel_registration(self_cancelled, self_cancelled.user)
        approval = make_seminar(
            seminar_index,
            requires_approval=True,
            sessions=[{"starts_at": soon, "ends_at": soon + datetime.timedelta(hours=2)}],
        )
        seminars.register(approval.sessions.get(), CivilServantFactory())
        mailoutbox.clear()

        run_reminders()

        [message] = mailoutbox
        assert message.to == [full.registrations.get(status=RegistrationStatus.CONFIRMED).user.email]

    def test_a_dry_run_lists_what_would_be_sent_and_sends_nothing(self, seminar_index, mailoutbox):
        _session, [registration] = confirmed_in(seminar_index, timezone.now() + datetime.timedelta(hours=3))
        mailoutbox.clear()

        output = run_reminders("--dry-run")

        assert registration.user.email in output and registration.session.page.title in output
        assert mailoutbox == []
        registration.refresh_from_db()
        assert registration.reminded_at is None

    def test_a_registration_another_run_already_claimed_is_not_sent_again(self, seminar_index, mailoutbox):
        _session, [registration] = confirmed_in(seminar_index, timezone.now() + datetime.timedelta(hours=3))
        from courses.management.commands.send_seminar_reminders import claim

        assert claim(registration, timezone.now()) is True
        assert claim(registration, timezone.now()) is False
        mailoutbox.clear()
        run_reminders()
        assert mailoutbox == []

    def test_the_command_explains_itself(self):
        from courses.management.commands.send_seminar_reminders import Command

        with translation.override("en"):
            text = Command().create_parser("manage.py", "send_seminar_reminders").format_help()
        assert "--dry-run" in text and "reminder e-mail, once" in text
