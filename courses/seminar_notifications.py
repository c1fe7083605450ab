"""E-mails about seminar registrations, in the recipient's language, as plain text with an HTML alternative.

The registration service (``courses.services.seminars``) calls ``notify`` and friends inside
its transaction; each queues a task (``courses.tasks.send_seminar_email_task``) once the
transaction commits, so a refusal or a rollback sends nothing. The task renders
``templates/courses/email/seminar_<kind>.txt`` and ``.html`` (the subject is in
``SUBJECTS``) and attaches the session's ``.ics`` where the person's calendar should change:
an invitation (``METHOD:REQUEST``) for a seat, a cancellation (``METHOD:CANCEL``) when it
is gone.

Kinds sent to the registrant: ``confirmed``, ``waitlisted``, ``pending`` (awaiting the
training officer), ``promoted`` (from the waitlist), ``approved``, ``declined``,
``cancelled`` (they cancelled), ``reminder`` (the day before), ``session_changed`` and
``session_cancelled``. ``approval_requested`` goes to the training officers of the
person's agency (or of an agency above it); when the agency has none, to the administrators.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lms.accounts.emails import email_language, organisation_name
from lms.thai import format_date

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "courses/email"
SUBJECTS = {
    "confirmed": _("Your seat is confirmed: %(title)s"),
    "waitlisted": _("You are on the waitlist: %(title)s"),
    "pending": _("Your registration awaits approval: %(title)s"),
    "promoted": _("A seat is yours: %(title)s"),
    "approved": _("Your registration was approved: %(title)s"),
    "declined": _("Your registration was declined: %(title)s"),
    "cancelled": _("Your registration is cancelled: %(title)s"),
    "reminder": _("Reminder: %(title)s"),
    "session_changed": _("Session changed: %(title)s"),
    "session_cancelled": _("Session cancelled: %(title)s"),
    "approval_requested": _("Approval requested: %(person)s for %(title)s"),
}
REGISTRANT_KINDS = tuple(kind for kind in SUBJECTS if kind != "approval_requested")

_muted = contextvars.ContextVar("seminar_emails_muted", default=False)


@contextmanager
def emails_muted():
    """Queue no seminar e-mail for what happens inside the block (the demo's made-up people)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _on_commit(send):
    if not _muted.get():
        transaction.on_commit(send)


def notify(registration, kind):
    """Queue the e-mail ``kind`` to ``registration``'s person once the transaction commits."""
    from .tasks import send_seminar_email_task

    registration_id = registration.pk
    _on_commit(lambda: send_seminar_email_task.enqueue(registration_id, kind))


def notify_approval_requested(registration):
    """Queue the approval request to the person's training officers once the transaction commits."""
    from .tasks import send_seminar_email_task

    registration_id = registration.pk
    _on_commit(lambda: send_seminar_email_task.enqueue(registration_id, "approval_requested"))


def notify_session_cancelled(session, registration_ids):
    """Queue the cancellation notice (with ``METHOD:CANCEL``) to each of ``registration_ids``."""
    from .tasks import send_seminar_email_task

    def send():
        for registration_id in registration_ids:
            send_seminar_email_task.enqueue(registration_id, "session_cancelled")

    _on_commit(send)


def notify_session_changed(session):
    """Queue the updated invitation to everyone still registered for ``session`` (its time or place changed)."""
    from .models import Registration, RegistrationStatus
    from .tasks import send_seminar_email_task

    registration_ids = list(
        Registration.objects.filter(
            session=session,
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING),
        ).values_list("pk", flat=True)
    )

    def send():
        for registration_id in registration_ids:
            send_seminar_email_task.enqueue(registration_id, "session_changed")

    _on_commit(send)


def officers_for(person):
    """The active training officers of ``person``'s agency or of an agency above it; else the administrators."""
    from lms.models import User
    from lms.roles import ADMINISTRATORS, TRAINING_OFFICERS

    agency_ids = []
    agency = person.agency
    while agency is not None:
        agency_ids.append(agency.pk)
        agency = agency.parent
    officers = list(
        User.objects.filter(is_active=True, groups__name=TRAINING_OFFICERS, agency_id__in=agency_ids)
        .exclude(pk=person.pk)
        .distinct()
    )
    if officers:
        return officers
    logger.warning("No training officer for agency %s; the approval request goes to the administrators.", agency_ids)
    return list(User.objects.filter(is_active=True, groups__name=ADMINISTRATORS).exclude(pk=person.pk).distinct())


def attachment_for(registration, kind):
    """The ``.ics`` (bytes) an e-mail of ``kind`` carries, with its METHOD, or ``(None, None)``."""
    from .calendars import invitation
    from .models import RegistrationStatus

    if kind in ("cancelled", "session_cancelled"):
        # Only those who were sent the invitation (they held a seat) have an event to remove.
        if registration.confirmed_at is None:
            return None, None
        return invitation(registration, cancelled=True), "CANCEL"
    holds_seat = registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
    if kind in ("confirmed", "promoted", "approved", "reminder", "session_changed") and holds_seat:
        return invitation(registration), "REQUEST"
    return None, None


def email_context(registration, kind, language, recipient):
    """What the templates of ``kind`` get (see the module's docstring)."""
    from .calendars import public_url, seminar_url

    session = registration.session
    seminar = session.page
    context = {
        "kind": kind,
        "registration": registration,
        "session": session,
        "seminar": seminar,
        "seminar_title": seminar.title_en if language == "en" and seminar.title_en else seminar.title,
        "person": registration.user,
        "recipient": recipient,
        "seminar_url": seminar_url(seminar),
        "dashboard_url": public_url(reverse("dashboard:index")),
        "approvals_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("seminar_approvals"),
        "starts": format_date(session.starts_at, "long", language=language, with_time=True),
        "ends": format_date(session.ends_at, "long", language=language, with_time=True),
        "location": session.location_text(),
        "online_url": session.online_url if registration.holds_a_seat else "",
        "status": registration.get_status_display(),
        "reason": registration.decision_reason if kind in ("declined", "approved") else session.cancellation_reason,
        "organisation_name": organisation_name(language),
        "LANGUAGE_CODE": language,
    }
    return context


def send_seminar_email(registration, kind):
    """Render and send the e-mail ``kind`` about ``registration``; returns how many messages went.

    Raises when the mail server cannot be reached, so the task is recorded as failed.
    """
    if kind not in SUBJECTS:
        raise ValueError(f"Unknown seminar e-mail: {kind!r}")
    recipients = officers_for(registration.user) if kind == "approval_requested" else [registration.user]
    sent = 0
    for recipient in recipients:
        if not recipient.is_active or not recipient.email:
            continue
        language = email_language(recipient.preferred_language)
        with translation.override(language):
            context = email_context(registration, kind, language, recipient)
            subject = str(SUBJECTS[kind]) % {
                "title": context["seminar_title"],
                "person": registration.user.get_full_name() or registration.user.email,
            }
            subject = " ".join(subject.split())
            text_body = render_to_string(f"{TEMPLATE_DIR}/seminar_{kind}.txt", context)
            html_body = render_to_string(f"{TEMPLATE_DIR}/seminar_{kind}.html", context)
        message = EmailMultiAlternatives(subject, text_body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
        message.attach_alternative(html_body, "text/html")
        if kind != "approval_requested":
            ics, method = attachment_for(registration, kind)
            if ics is not None:
                message.attach("invite.ics", ics, f"text/calendar; charset=utf-8; method={method}")
        message.send()
        sent += 1
    return sent
