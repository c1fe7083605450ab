"""Registering for seminar sessions, the waitlist, approvals, attendance and cancelled sessions.

Every page, admin screen and command changes a ``Registration`` through these functions.
Each runs in one transaction with the session's row locked (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite transactions begin with the write lock), so seats are counted and
taken by one request at a time: 200 people registering at once for 20 seats give exactly
20 confirmed and 180 on the waitlist, in order of arrival. E-mails are queued once the
transaction commits (``courses.seminar_notifications``).

A refusal is a ``SeminarError`` whose ``message`` is a translated sentence for people and
whose ``code`` is stable for code and tests; nothing is written when one is raised.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lms.models import Agency
from lms.roles import TRAINING_OFFICERS
from lms.thai import format_date

from ..models import (
    ACTIVE_STATUSES,
    AttendanceSource,
    Audience,
    Registration,
    RegistrationStatus,
    SeminarSession,
)
from ..seminar_notifications import (
    notify,
    notify_approval_requested,
    notify_session_cancelled,
)

REASON_MAX_LENGTH = 1000


class SeminarError(Exception):
    """Why a registration action cannot be done: ``code`` for code, ``message`` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _when(value):
    return format_date(value, "long", language=(get_language() or "th")[:2], with_time=True)


def _lock_session(session):
    """The session's row, locked for this transaction, with its page; ``SeminarError`` when it is gone."""
    locked = (
        SeminarSession.objects.select_for_update(of=("self",), no_key=True)
        .select_related("page")
        .filter(pk=session.pk)
        .first()
    )
    if locked is None:
        raise SeminarError("unavailable", _("This session is no longer offered."))
    return locked


def seats_taken(session):
    """How many registrations hold a seat in ``session`` (confirmed or attended)."""
    return Registration.objects.filter(session=session).holding_a_seat().count()


def active_registration(session, user):
    """``user``'s pending, confirmed, waitlisted or attended registration for ``session``, or None."""
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, user=user, status__in=ACTIVE_STATUSES).first()


def eligibility_error(seminar, user):
    """The ``SeminarError`` for a person outside the seminar's audience, else None."""
    if seminar.audience_allows(user):
        if seminar.requires_approval and not user.agency_id:
            return SeminarError(
                "no_agency",
                _(
                    "This seminar needs the approval of your agency's training officer. "
                    "Add your agency to your profile first."
                ),
            )
        return None
    if seminar.audience == Audience.STAFF:
        return SeminarError(
            "audience",
            _("This seminar is for civil servants and state-enterprise staff. Your profile says you are not."),
        )
    return SeminarError(
        "audience",
        _("This seminar is only for staff of: %(agencies)s.")
        % {"agencies": ", ".join(str(agency) for agency in seminar.audience_agencies.all())},
    )


def window_error(session, now):
    """The ``SeminarError`` when registration for ``session`` is not open at ``now``, else None."""
    if session.cancelled_at is not None:
        return SeminarError("cancelled", _("This session has been cancelled."))
    if now >= session.ends_at:
        return SeminarError("past", _("This session has already taken place."))
    if now >= session.starts_at:
        return SeminarError("started", _("This session has already started, so registration is closed."))
    if session.registration_opens_at and now < session.registration_opens_at:
        return SeminarError(
            "not_yet_open",
            _("Registration opens on %(date)s.") % {"date": _when(session.registration_opens_at)},
        )
    if now >= session.closes_at:
        return SeminarError("closed", _("Registration closed on %(date)s.") % {"date": _when(session.closes_at)})
    return None


@dataclass
class RegistrationState:
    """What a visitor's register button for one session shows.

    ``kind`` is ``guest``, ``can_register``, ``can_join_waitlist``, ``registered`` (an
    active registration, in ``registration``), or a refusal (``audience``, ``no_agency``,
    ``not_yet_open``, ``closed``, ``started``, ``past``, ``cancelled``, ``unavailable``);
    ``message`` says why in the visitor's language.
    """

    kind: str
    message: str = ""
    registration: Registration | None = None
    seats_left: int = 0

    @property
    def may_register(self):
        return self.kind in ("can_register", "can_join_waitlist")


def registration_state(session, user, now=None, registration=None, taken=None):
    """What ``user`` (possibly anonymous) sees on ``session``'s register button.

    ``registration`` (the user's active one, or None) and ``taken`` (seats taken) may be
    given when the caller fetched them for many sessions at once.
    """
    now = now or timezone.now()
    seminar = session.page
    if taken is None:
        taken = seats_taken(session)
    seats_left = max(session.capacity - taken, 0)
    if user.is_authenticated:
        if registration is None:
            registration = active_registration(session, user)
        if registration is not None:
            return RegistrationState("registered", registration.get_status_display(), registration, seats_left)
    error = window_error(session, now)
    if error is None and not seminar.live:
        error = SeminarError("unavailable", _("This seminar is not published."))
    if error is not None:
        return RegistrationState(error.code, error.message, None, seats_left)
    if not user.is_authenticated:
        return RegistrationState("guest", _("Log in or sign up to register."), None, seats_left)
    error = eligibility_error(seminar, user)
    if error is not None:
        return RegistrationState(error.code, error.message, None, seats_left)
    if seminar.requires_approval:
        return RegistrationState(
            "can_register", _("Your agency's training officer approves each registration."), None, seats_left
        )
    if seats_left == 0:
        return RegistrationState(
            "can_join_waitlist",
            _("Every seat is taken. Join the waitlist and you get a seat if one frees up."),
            None,
            seats_left,
        )
    return RegistrationState("can_register", "", None, seats_left)


@transaction.atomic
def register(session, user, now=None):
    """Register ``user`` for ``session`` and return the new ``Registration``.

    Confirmed while seats are free, else waitlisted; pending when the seminar needs the
    training officer's approval (who is told). Raises ``SeminarError`` for a person outside
    the audience, registration not open, a cancelled, started or past session, or a person
    already registered; nothing is written then.
    """
    if not user.is_authenticated or not user.is_active:
        raise SeminarError("inactive", _("Log in with an active account to register."))
    session = _lock_session(session)
    # Taken once the lock is held, so the order of arrival is the order seats were given.
    now = now or timezone.now()
    seminar = session.page
    if not seminar.live:
        raise SeminarError("unavailable", _("This seminar is not published."))
    existing = active_registration(session, user)
    if existing is not None:
        raise SeminarError(
            "already_registered",
            _("You are already registered for this session (%(status)s).") % {"status": existing.get_status_display()},
        )
    error = window_error(session, now) or eligibility_error(seminar, user)
    if error is not None:
        raise error
    if seminar.requires_approval:
        status = RegistrationStatus.PENDING
    elif seats_taken(session) < session.capacity:
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITLISTED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                session=session,
                user=user,
                status=status,
                registered_at=now,
                confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
            )
    except IntegrityError as error:
        # Another request of the same person got in first (the unique active registration).
        raise SeminarError("already_registered", _("You are already registered for this session.")) from error
    if status == RegistrationStatus.PENDING:
        notify_approval_requested(registration)
    notify(registration, status)
    return registration


def _fill_free_seats(session, now):
    """Confirm waitlisted registrants, first come first served, while seats are free; returns them.

    The session must be locked by the caller. Nobody is promoted once the session has started.
    """
    if session.cancelled_at is not None or now >= session.starts_at:
        return []
    free = session.capacity - seats_taken(session)
    if free <= 0:
        return []
    promoted = list(Registration.objects.filter(session=session).waitlist().select_for_update()[:free])
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        notify(registration, "promoted")
    return promoted


@transaction.atomic
def fill_free_seats(session, now=None):
    """Give free seats of ``session`` to its waitlist in order of arrival (after the capacity grew)."""
    return _fill_free_seats(_lock_session(session), now or timezone.now())


def _locked_registration(session, registration):
    return Registration.objects.select_for_update().select_related("user").get(pk=registration.pk, session=session)


@transaction.atomic
def cancel_registration(registration, user, now=None):
    """Cancel ``registration`` as its own person ``user``; a freed seat goes to the first on the waitlist.

    Allowed until the session's cancellation deadline (else its start). Raises
    ``SeminarError`` for someone else's registration, one already cancelled, declined or
    attended, or after the deadline.
    """
    now = now or timezone.now()
    session = _lock_session(registration.session)
    registration = _locked_registration(session, registration)
    if registration.user_id != user.pk:
        raise SeminarError("not_yours", _("This registration is not yours."))
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        raise SeminarError("not_active", _("This registration was already cancelled."))
    if registration.status == RegistrationStatus.ATTENDED:
        raise SeminarError("attended", _("You attended this session, so the registration cannot be cancelled."))
    if session.cancelled_at is None and now >= session.cancellable_until:
        raise SeminarError(
            "deadline",
            _("Registrations for this session could be cancelled until %(date)s.")
            % {"date": _when(session.cancellable_until)},
        )
    held_a_seat = registration.holds_a_seat
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    notify(registration, "cancelled")
    if held_a_seat:
        _fill_free_seats(session, now)
    return registration


@transaction.atomic
def cancel_session(session, reason, by_user=None, now=None):
    """Cancel a whole session: every active registration is cancelled and each person is told why.

    The reason is required (it goes into the e-mail). Cancelling twice changes nothing.
    Returns the session.
    """
    reason = (reason or "").strip()
    if not reason:
        raise SeminarError(
            "reason_required", _("Give the reason for cancelling this session; it is sent to the registrants.")
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise SeminarError("reason_too_long", _("Keep the reason to 1,000 characters or fewer."))
    now = now or timezone.now()
    session = _lock_session(session)
    if session.cancelled_at is not None:
        return session
    if now >= session.ends_at:
        raise SeminarError("past", _("This session has already taken place."))
    session.cancelled_at = now
    session.cancellation_reason = reason
    session.sequence += 1
    session.save(update_fields=["cancelled_at", "cancellation_reason", "sequence"])
    affected = list(
        Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES)
        .exclude(status=RegistrationStatus.ATTENDED)
        .select_for_update()
    )
    for registration in affected:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
    notify_session_cancelled(session, [registration.pk for registration in affected])
    return session


def may_decide(officer, registration):
    """True when ``officer`` may approve or decline ``registration``.

    Administrators (who may change registrations) decide on anyone's; a training officer
    on those of the staff of their agency and of the agencies under it. Nobody decides on
    their own registration.
    """
    if not officer.is_authenticated or not officer.is_active or officer.pk == registration.user_id:
        return False
    if officer.is_superuser or officer.has_perm("courses.change_registration"):
        return True
    if not officer.agency_id or not officer.groups.filter(name=TRAINING_OFFICERS).exists():
        return False
    return Agency.objects.within(officer.agency_id).filter(pk=registration.user.agency_id).exists()


def _decide(registration, officer, now):
    session = _lock_session(registration.session)
    registration = _locked_registration(session, registration)
    if not may_decide(officer, registration):
        raise SeminarError("not_allowed", _("You may decide only on registrations of your agency's staff."))
    if registration.status != RegistrationStatus.PENDING:
        raise SeminarError(
            "decided",
            _("This registration is no longer awaiting approval (%(status)s).")
            % {"status": registration.get_status_display()},
        )
    return session, registration


@transaction.atomic
def approve(registration, officer, reason="", now=None):
    """Approve a pending registration: confirmed when a seat is free, else waitlisted. The person is told."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise SeminarError("reason_too_long", _("Keep the note to 1,000 characters or fewer."))
    session, registration = _decide(registration, officer, now)
    if session.cancelled_at is not None or now >= session.starts_at:
        raise SeminarError("closed", _("This session has started or was cancelled, so the request cannot be approved."))
    registration.decided_at, registration.decided_by, registration.decision_reason = now, officer, reason
    if seats_taken(session) < session.capacity:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = RegistrationStatus.WAITLISTED
    registration.save(update_fields=["status", "confirmed_at", "decided_at", "decided_by", "decision_reason"])
    notify(registration, "approved")
    return registration


@transaction.atomic
def decline(registration, officer, reason, now=None):
    """Decline a pending registration with a reason (required), which the person is told."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise SeminarError("reason_required", _("Give the reason for declining; it is sent to the person."))
    if len(reason) > REASON_MAX_LENGTH:
        raise SeminarError("reason_too_long", _("Keep the reason to 1,000 characters or fewer."))
    _session, registration = _decide(registration, officer, now)
    registration.status = RegistrationStatus.DECLINED
    registration.decided_at, registration.decided_by, registration.decision_reason = now, officer, reason
    registration.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    notify(registration, "declined")
    return registration


def _lock_persons_registrations(user_id, seminar):
    """Lock all of one person's registrations for ``seminar`` (in id order, so two requests never deadlock)."""
    return list(
        Registration.objects.select_for_update(of=("self",))
        .filter(user_id=user_id, session__page=seminar)
        .order_by("pk")
    )


def _credit_attendance(registration, source, now):
    """Mark a locked registration attended, credit the seminar's hours once per seminar, and issue its certificate.

    A person who attends two sessions of one seminar is credited once: on the first attended
    registration. The person's registrations for the seminar are locked first, so two
    organisers marking two sessions at once cannot credit them twice.
    """
    seminar = registration.session.page
    others = [
        other for other in _lock_persons_registrations(registration.user_id, seminar) if other.pk != registration.pk
    ]
    already_credited = any(
        (other.status == RegistrationStatus.ATTENDED and other.credited_hours > 0) or other.certificate_id
        for other in others
    )
    registration.status = RegistrationStatus.ATTENDED
    registration.attended_at = now
    registration.attendance_source = source
    if registration.confirmed_at is None:
        registration.confirmed_at = now
    registration.save(update_fields=["status", "attended_at", "attendance_source", "confirmed_at"])
    if not already_credited:
        _give_credit(registration, seminar, now)
    return registration


def _give_credit(registration, seminar, now):
    """Credit the seminar's hours to an attended ``registration`` and issue its certificate, if the seminar awards one."""
    registration.credited_hours = seminar.training_hours
    registration.save(update_fields=["credited_hours"])
    if seminar.awards_certificate:
        from .certificates import issue_certificate

        certificate, _created = issue_certificate(
            user=registration.user,
            # One per credited attendance: recorded again after an undo (which revoked the first), a new one.
            source_key=f"seminar:{seminar.pk}:user:{registration.user_id}:{registration.pk}:{now.timestamp():.6f}",
            title_th=seminar.title,
            title_en=seminar.title_en,
            hours=seminar.training_hours,
            valid_months=seminar.certificate_valid_months,
            seminar=seminar,
            now=now,
            make_pdf=False,
        )
        registration.certificate = certificate
        registration.save(update_fields=["certificate"])
        transaction.on_commit(lambda: _make_pdf_later(certificate.pk))


def _make_pdf_later(certificate_id):
    from ..tasks import make_certificate_pdf_task

    make_certificate_pdf_task.enqueue(certificate_id)


@transaction.atomic
def check_in(session, user, code, now=None):
    """Check ``user`` in to ``session`` with the code shown at the venue; returns the registration.

    Works from 30 minutes before the start to the end, for a confirmed registrant (or a
    waitlisted one who got in) with the right code. Checking in twice changes nothing.
    """
    now = now or timezone.now()
    typed = "".join((code or "").split()).upper()[:32]
    session = _lock_session(session)
    if session.cancelled_at is not None:
        raise SeminarError("cancelled", _("This session has been cancelled."))
    opens, closes = session.check_in_window()
    if now < opens:
        raise SeminarError("too_early", _("Check-in opens at %(date)s.") % {"date": _when(opens)})
    if now >= closes:
        raise SeminarError("expired", _("Check-in for this session has closed."))
    from django.utils.crypto import constant_time_compare

    if not typed or not constant_time_compare(typed, session.check_in_code):
        raise SeminarError("wrong_code", _("That check-in code is not right. Check the code shown at the venue."))
    registration = (
        Registration.objects.select_for_update()
        .filter(session=session, user=user, status__in=ACTIVE_STATUSES)
        .select_related("user")
        .first()
    )
    if registration is None or registration.status == RegistrationStatus.PENDING:
        raise SeminarError("not_registered", _("You have no confirmed registration for this session."))
    if registration.status == RegistrationStatus.ATTENDED:
        return registration
    if registration.status == RegistrationStatus.WAITLISTED and seats_taken(session) >= session.capacity:
        raise SeminarError(
            "waitlisted", _("You are on the waitlist and no seat is free. Ask the organisers at the desk.")
        )
    registration.session = session
    return _credit_attendance(registration, AttendanceSource.CHECK_IN, now)


@transaction.atomic
def mark_attended(registration, by_user, source=AttendanceSource.ORGANISER, now=None):
    """Record that the person of ``registration`` attended (an organiser's tick or an imported list).

    Any active registration may be marked (a waitlisted person who took a freed seat at the
    door); marking twice changes nothing. Returns the registration.
    """
    now = now or timezone.now()
    session = _lock_session(registration.session)
    registration = _locked_registration(session, registration)
    if registration.status == RegistrationStatus.ATTENDED:
        return registration
    if registration.status not in ACTIVE_STATUSES or registration.status == RegistrationStatus.PENDING:
        raise SeminarError(
            "not_active",
            _("%(person)s's registration is %(status)s, so attendance cannot be recorded.")
            % {"person": registration.user.email, "status": registration.get_status_display()},
        )
    if now < session.starts_at - timezone.timedelta(minutes=30):
        raise SeminarError("not_started", _("Attendance can be recorded once the session has started."))
    registration.session = session
    return _credit_attendance(registration, source, now)


@transaction.atomic
def unmark_attended(registration, by_user, now=None):
    """Take back an attendance recorded by mistake.

    The registration is confirmed again and no longer credits hours; the certificate issued for
    it is revoked (the reason says why). When the person attended another session of the same
    seminar, that attendance now carries the hours and a new certificate.
    """
    from .certificates import revoke

    now = now or timezone.now()
    session = _lock_session(registration.session)
    registration = _locked_registration(session, registration)
    if registration.status != RegistrationStatus.ATTENDED:
        return registration
    seminar = session.page
    others = [
        other for other in _lock_persons_registrations(registration.user_id, seminar) if other.pk != registration.pk
    ]
    was_credited = registration.credited_hours > 0 or registration.certificate_id is not None
    certificate = registration.certificate
    registration.status = RegistrationStatus.CONFIRMED
    registration.attended_at = None
    registration.attendance_source = ""
    registration.credited_hours = 0
    registration.certificate = None
    registration.save(update_fields=["status", "attended_at", "attendance_source", "credited_hours", "certificate"])
    if certificate is not None:
        revoke(certificate, _("Attendance was recorded by mistake and has been withdrawn."), by_user=by_user, now=now)
    if was_credited:
        still_attended = [other for other in others if other.status == RegistrationStatus.ATTENDED]
        if still_attended:
            heir = still_attended[0]
            heir.user = registration.user
            _give_credit(heir, seminar, now)
    return registration
