"""Calendars of seminar sessions (RFC 5545), written with the icalendar library.

- ``session_calendar`` is the public ``.ics`` of one session (the link on the seminar page):
  no online meeting link, which only confirmed registrants get.
- ``invitation`` is what an e-mail carries: ``METHOD:REQUEST`` for a confirmed seat (with the
  meeting link), ``METHOD:CANCEL`` when the registration or the session is cancelled.
- ``feed`` is a person's private calendar (``/my/calendar/<token>.ics``): every session they
  hold a seat in, cancelled ones marked ``STATUS:CANCELLED`` so calendar apps remove them.

Every event of a session has the same ``UID`` wherever it comes from, and its ``SEQUENCE``
is the session's ``sequence`` (raised on each change registrants are told of), so a calendar
app updates the event it already has instead of adding another. Times are written in UTC.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from lms.thai import format_date

PRODUCT_ID = "-//GovTech Learning Platform//Seminars//TH"


def public_url(path_or_url):
    """An absolute address on the public site for a path (or the address itself when already absolute)."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.PUBLIC_BASE_URL.rstrip("/") + path_or_url


def session_uid(session):
    """The session's stable calendar UID: the same in every calendar, e-mail and feed."""
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"
    return f"seminar-session-{session.pk}@{host}"


def seminar_url(seminar):
    return public_url(seminar.get_url() or seminar.url_path)


def organiser_address():
    """The ``mailto:`` of the site's sending address (``DEFAULT_FROM_EMAIL``), for ORGANIZER."""
    from email.utils import parseaddr

    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organiser = vCalAddress(f"mailto:{address or 'no-reply@localhost'}")
    if name:
        organiser.params["CN"] = vText(name)
    return organiser


def session_event(session, *, private=False, cancelled=False, attendee=None, now=None):
    """The ``VEVENT`` of ``session``.

    ``private`` adds the online meeting link (for confirmed registrants); ``cancelled`` marks
    it ``STATUS:CANCELLED``; ``attendee`` (a user) is named as the invitee of an e-mail's event.
    """
    seminar = session.page
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("sequence", session.sequence)
    summary = seminar.title if not session.label else f"{seminar.title} ({session.label})"
    event.add("summary", summary)
    event.add("location", session.location_text())
    url = seminar_url(seminar)
    event.add("url", url)
    lines = [seminar.summary.strip()]
    when = format_date(session.starts_at, "long", language="th", with_time=True)
    lines.append(when)
    if session.venue_address:
        lines.append(" ".join(session.venue_address.split()))
    if session.map_url:
        lines.append(session.map_url)
    if private and session.online_url:
        lines.append(session.online_url)
    lines.append(url)
    event.add("description", "\n".join(line for line in lines if line))
    if private and session.online_url and not session.has_venue:
        # Calendar apps show a join button for an online-only event's location.
        event["location"] = vText(session.online_url)
    event.add("status", "CANCELLED" if cancelled or session.cancelled_at else "CONFIRMED")
    event.add("organizer", organiser_address())
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["CN"] = vText(attendee.get_full_name() or attendee.email)
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("DECLINED" if cancelled else "ACCEPTED")
        event.add("attendee", address)
    return event


def _calendar(method=None, name=None):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def session_calendar(session, now=None):
    """The public ``.ics`` of one session (bytes)."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(session_event(session, now=now))
    return calendar.to_ical()


def invitation(registration, *, cancelled=False, now=None):
    """The ``.ics`` an e-mail about ``registration`` carries (bytes): a request, or a cancellation."""
    session = registration.session
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(
        session_event(session, private=not cancelled, cancelled=cancelled, attendee=registration.user, now=now)
    )
    return calendar.to_ical()


def feed(user, registrations, name, now=None):
    """A person's private calendar (bytes): an event for each of ``registrations`` (with sessions and pages)."""
    calendar = _calendar("PUBLISH", name=name)
    for registration in registrations:
        calendar.add_component(
            session_event(
                registration.session, private=True, cancelled=bool(registration.session.cancelled_at), now=now
            )
        )
    return calendar.to_ical()
