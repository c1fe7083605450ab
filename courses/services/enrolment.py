"""Enrolling in courses and withdrawing from them.

Every view, admin screen and command enrols through ``enrol_learner`` and withdraws through
``withdraw``; ``enrolment_state`` tells the course page what to show a visitor and why.
A refusal is an ``EnrolmentError`` whose ``message`` is a translated sentence for people
and whose ``code`` is stable for code and tests.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lms.thai import format_date

from ..models import Audience, CoursePage, Enrolment, EnrolmentSource, EnrolmentStatus


class EnrolmentError(Exception):
    """Why someone may not enrol (or withdraw): ``code`` for code, ``message`` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class EnrolmentState:
    """What a visitor's enrol button shows on a course page.

    ``kind`` is one of ``guest``, ``can_enrol``, ``enrolled``, ``completed``, ``withdrawn``
    (may enrol again), ``not_eligible``, ``not_yet_open``, ``closed``, ``full`` or
    ``unavailable``; ``message`` says why in the visitor's language; ``enrolment`` is
    theirs when they have one.
    """

    kind: str
    message: str = ""
    enrolment: Enrolment | None = None

    @property
    def may_enrol(self):
        return self.kind in ("can_enrol", "withdrawn")


def _date(value):
    return format_date(value, "long", language=(get_language() or "th")[:2], with_time=True)


def places_taken(course):
    """How many learners hold a place in ``course`` (active or completed enrolments)."""
    return Enrolment.objects.filter(course=course).holding_a_place().count()


def eligibility_error(course, user):
    """The ``EnrolmentError`` for a user outside the audience or missing a prerequisite, else None."""
    if not course.audience_allows(user):
        if course.audience == Audience.STAFF:
            return EnrolmentError(
                "audience",
                _("This course is for civil servants and state-enterprise staff. Your profile says you are not."),
            )
        return EnrolmentError(
            "audience",
            _("This course is only for staff of: %(agencies)s.")
            % {"agencies": ", ".join(str(agency) for agency in course.audience_agencies.all())},
        )
    # Filtered in Python: in an editor's preview the relation is a modelcluster FakeQuerySet without .live().
    prerequisites = [prerequisite for prerequisite in course.prerequisites.all() if prerequisite.live]
    if prerequisites:
        done = set(
            Enrolment.objects.filter(user=user, course__in=prerequisites, completed_at__isnull=False).values_list(
                "course_id", flat=True
            )
        )
        missing = [course.title for course in prerequisites if course.pk not in done]
        if missing:
            return EnrolmentError(
                "prerequisites",
                _("Complete these courses first: %(courses)s.") % {"courses": ", ".join(missing)},
            )
    return None


def window_error(course, now, allow_before_opening=False):
    """The ``EnrolmentError`` when enrolment is not open at ``now``, else None.

    ``allow_before_opening`` (bulk and administrators' enrolments) lets people in before
    the course opens; nobody is enrolled after enrolment has closed.
    """
    state = course.enrolment_window_state(now)
    if state == "not_yet_open" and not allow_before_opening:
        return EnrolmentError(
            "not_yet_open", _("Enrolment opens on %(date)s.") % {"date": _date(course.enrolment_opens_at)}
        )
    if state == "closed":
        return EnrolmentError(
            "closed", _("Enrolment closed on %(date)s.") % {"date": _date(course.enrolment_closes_at)}
        )
    return None


def full_error(course):
    return EnrolmentError(
        "full",
        _(
            "This course is full: every place (%(capacity)s in all) is taken. A place may free up if a learner withdraws."
        )
        % {"capacity": course.capacity},
    )


def enrolment_state(course, user, now=None):
    """What ``user`` (possibly anonymous) sees on ``course``'s enrol button, and why."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return EnrolmentState("guest", _("Log in or sign up to enrol in this course."))
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is not None and enrolment.completed_at is not None:
        return EnrolmentState("completed", _("You have completed this course."), enrolment)
    if enrolment is not None and enrolment.status == EnrolmentStatus.ACTIVE:
        return EnrolmentState("enrolled", _("You are enrolled in this course."), enrolment)
    if not course.live:
        return EnrolmentState("unavailable", _("This course is not published."), enrolment)
    error = eligibility_error(course, user) or window_error(course, now)
    if error is None and course.capacity is not None and places_taken(course) >= course.capacity:
        error = full_error(course)
    if error is not None:
        return EnrolmentState(
            "not_eligible" if error.code in ("audience", "prerequisites") else error.code, error.message, enrolment
        )
    if enrolment is not None:
        return EnrolmentState(
            "withdrawn", _("You withdrew from this course. Enrol again to continue where you left off."), enrolment
        )
    return EnrolmentState("can_enrol", _("You may enrol in this course."))


@transaction.atomic
def enrol_learner(course, user, source=EnrolmentSource.SELF, enrolled_by=None, now=None, check_dates=None):
    """Enrol ``user`` in ``course`` and return ``(enrolment, changed)``.

    Checks that the course is published, that the user is in its audience and has its
    prerequisites, that enrolment is open (with ``check_dates`` False, the default for bulk
    and administrators' enrolments, people may be enrolled before the course opens but
    never after enrolment has closed) and that a place is free. Enrolling again after withdrawing re-activates the same row, so progress comes
    back. Already enrolled (or completed): nothing changes and ``changed`` is False.
    Raises ``EnrolmentError``.

    The course row is locked for the check and the write, so concurrent enrolments cannot
    take more places than the capacity (on PostgreSQL; on SQLite, transactions start with a
    write lock, ``transaction_mode`` IMMEDIATE in the settings, so writers queue).
    """
    now = now or timezone.now()
    if check_dates is None:
        check_dates = source == EnrolmentSource.SELF
    if not user.is_active:
        raise EnrolmentError("inactive", _("This account is disabled."))
    # FOR NO KEY UPDATE: enrolments queue on the course, while rows that only refer to it (a quiz
    # attempt being started, a lesson's progress) are still written meanwhile.
    locked = CoursePage.objects.select_for_update(of=("self",), no_key=True).filter(pk=course.pk).first()
    if locked is None or not locked.live:
        raise EnrolmentError("unpublished", _("This course is not available for enrolment."))
    course = locked
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN:
        return enrolment, False
    error = eligibility_error(course, user) or window_error(course, now, allow_before_opening=not check_dates)
    if error is not None:
        raise error
    if course.capacity is not None and places_taken(course) >= course.capacity:
        raise full_error(course)
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            user=user, course=course, source=source, enrolled_by=enrolled_by, enrolled_at=now
        )
    else:
        enrolment.status = EnrolmentStatus.COMPLETED if enrolment.completed_at else EnrolmentStatus.ACTIVE
        enrolment.withdrawn_at = None
        enrolment.source = source
        enrolment.enrolled_by = enrolled_by
        enrolment.enrolled_at = now
        enrolment.save(update_fields=["status", "withdrawn_at", "source", "enrolled_by", "enrolled_at"])
        # The syllabus may have changed while the learner was away.
        from .progress import update_progress

        enrolment = update_progress(enrolment, now=now, activity=False)
    return enrolment, True


@transaction.atomic
def withdraw(course, user, now=None):
    """Withdraw ``user`` from ``course``, keeping their progress; returns ``(enrolment, changed)``.

    Withdrawing twice changes nothing. A completed course cannot be withdrawn from (its
    record and hours stay). No enrolment at all raises ``EnrolmentError``.
    """
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None:
        raise EnrolmentError("not_enrolled", _("You are not enrolled in this course."))
    if enrolment.completed_at is not None:
        raise EnrolmentError("completed", _("You have completed this course, so you cannot withdraw from it."))
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        return enrolment, False
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_at = now or timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at"])
    return enrolment, True
