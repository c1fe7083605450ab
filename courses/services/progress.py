"""Learners' progress through a course: lessons started and completed, course completion.

Progress is the share of a course's required syllabus items the learner has completed.
Lessons are always required; a quiz is required when its editor says so
(``counts_towards_completion``) and is completed once the learner passed it (their best
attempt passed, see ``courses.services.quizzes``). When the
course's completion rule is first met, ``completed_at`` is set once and
``courses.signals.course_completed`` is sent after the commit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CompletionRule, Enrolment, EnrolmentStatus, LessonProgress, QuizAttempt
from ..signals import course_completed


class ProgressError(Exception):
    """Why progress cannot be recorded: ``code`` for code, ``message`` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def required_items(course):
    """The live syllabus items of ``course`` that count towards completion, in order."""
    return [item for item in course.syllabus_items() if getattr(item, "counts_towards_completion", False)]


def completed_item_ids(user, course, items=None, since=None):
    """Ids of the syllabus items of ``course`` that ``user`` has completed: lessons completed, quizzes passed.

    ``since`` is the start of the learner's current round (``Enrolment.round_started_at``,
    after a renewal): only what was completed, or attempted, from then on counts.
    """
    lessons = LessonProgress.objects.filter(user=user, course=course, completed_at__isnull=False)
    quizzes = QuizAttempt.objects.filter(user=user, course=course, passed=True)
    if since is not None:
        lessons = lessons.filter(completed_at__gte=since)
        quizzes = quizzes.filter(started_at__gte=since)
    lessons = lessons.values_list("lesson_id", flat=True).order_by()
    return set(lessons.union(quizzes.values_list("quiz_id", flat=True).order_by()))


def started_item_ids(user, course, since=None):
    """Ids of the syllabus items of ``course`` that ``user`` has opened: lessons opened, quizzes attempted.

    With ``since`` (the current round's start), only what was opened in this round.
    """
    lessons = LessonProgress.objects.filter(user=user, course=course)
    quizzes = QuizAttempt.objects.filter(user=user, course=course)
    if since is not None:
        lessons = lessons.filter(started_at__gte=since)
        quizzes = quizzes.filter(started_at__gte=since)
    lessons = lessons.values_list("lesson_id", flat=True).order_by()
    return set(lessons.union(quizzes.values_list("quiz_id", flat=True).order_by()))


def rule_met(course, done, total):
    """True when ``done`` of ``total`` required items meet the course's completion rule."""
    if total == 0:
        return False
    if course.completion_rule == CompletionRule.PERCENTAGE:
        return done * 100 >= course.completion_percentage * total
    return done >= total


def active_enrolment(user, course, lock=False):
    """The learner's active (or completed) enrolment in ``course``, or None."""
    queryset = Enrolment.objects.filter(user=user, course=course).exclude(status=EnrolmentStatus.WITHDRAWN)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


@transaction.atomic
def update_progress(enrolment, now=None, activity=True):
    """Recompute ``enrolment.progress`` and record the completion when the rule is first met.

    Returns the enrolment. Safe to call at any time (after a lesson changes, after a quiz,
    after the syllabus changed: then ``activity=False`` leaves the learner's last activity
    alone). The completion keeps the course's training hours as they were at that moment.
    """
    now = now or timezone.now()
    # Lock the enrolment's row only: a join would lock the course's page rows too, which every
    # learner's enrolment and quiz attempt refers to (PostgreSQL deadlocks on that).
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    course = enrolment.course.specific
    items = required_items(course)
    done_ids = completed_item_ids(enrolment.user, course, items, since=enrolment.round_started_at)
    done = sum(1 for item in items if item.pk in done_ids)
    total = len(items)
    enrolment.progress = min(1.0, done / total) if total else 0.0
    fields = ["progress"]
    if activity:
        enrolment.last_activity_at = now
        fields.append("last_activity_at")
    if enrolment.completed_at is None and enrolment.status == EnrolmentStatus.ACTIVE and rule_met(course, done, total):
        enrolment.completed_at = now
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.hours_credited = course.training_hours
        fields += ["completed_at", "status", "hours_credited"]
        transaction.on_commit(lambda: course_completed.send(sender=Enrolment, enrolment=enrolment))
    enrolment.save(update_fields=fields)
    return enrolment


def _lesson_enrolment(user, lesson):
    course = lesson.get_parent().specific
    enrolment = active_enrolment(user, course, lock=True)
    if enrolment is None:
        raise ProgressError("not_enrolled", _("Enrol in this course to record your progress."))
    return course, enrolment


@transaction.atomic
def record_lesson_opened(user, lesson, now=None, enrolment=None):
    """Note that ``user`` opened ``lesson`` (started once; remembered for "continue").

    ``enrolment`` is the learner's active enrolment in the lesson's course, when the caller
    has already looked it up (the lesson page has); otherwise it is found here.
    """
    now = now or timezone.now()
    if enrolment is None:
        _course, enrolment = _lesson_enrolment(user, lesson)
    progress, _created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"course_id": enrolment.course_id, "started_at": now}
    )
    if enrolment.round_started_at and progress.started_at < enrolment.round_started_at:
        progress.started_at = now  # opened again in the round after a renewal
        progress.save(update_fields=["started_at"])
    enrolment.last_lesson = lesson
    enrolment.last_activity_at = now
    enrolment.save(update_fields=["last_lesson", "last_activity_at"])
    return progress


@transaction.atomic
def complete_lesson(user, lesson, now=None):
    """Mark ``lesson`` complete for ``user`` (once) and update their course progress.

    Returns ``(lesson_progress, enrolment)``. Completing twice changes nothing but the
    last activity. Raises ``ProgressError`` when the learner is not enrolled.
    """
    now = now or timezone.now()
    course, enrolment = _lesson_enrolment(user, lesson)
    progress, _created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"course": course, "started_at": now}
    )
    # A lesson completed in an earlier round (before a renewal) is completed again in this one.
    if progress.completed_at is None or (
        enrolment.round_started_at is not None and progress.completed_at < enrolment.round_started_at
    ):
        progress.completed_at = now
        progress.save(update_fields=["completed_at"])
    enrolment.last_lesson = lesson
    enrolment.save(update_fields=["last_lesson"])
    return progress, update_progress(enrolment, now=now)


def next_item_for(enrolment, items=None, done_ids=None):
    """Where "continue" leads: the first required item not completed after the last lesson opened, else the first not completed."""
    course = enrolment.course.specific
    items = items if items is not None else course.syllabus_items()
    if done_ids is None:
        done_ids = completed_item_ids(enrolment.user, course, items, since=enrolment.round_started_at)
    pending = [item for item in items if item.pk not in done_ids]
    if not pending:
        return items[0] if items else None
    if enrolment.last_lesson_id:
        ids = [item.pk for item in items]
        if enrolment.last_lesson_id in ids:
            position = ids.index(enrolment.last_lesson_id)
            if items[position].pk not in done_ids:
                return items[position]
            after = [item for item in items[position + 1 :] if item.pk not in done_ids]
            if after:
                return after[0]
    return pending[0]


def update_course_progress(course_id):
    """Recompute the progress of every active enrolment in a course, after its syllabus changed.

    A lesson published, unpublished, moved or deleted changes what "every lesson" means:
    learners who had done all the others complete the course now. Returns how many
    enrolments were updated.
    """
    enrolments = Enrolment.objects.filter(course_id=course_id, status=EnrolmentStatus.ACTIVE).only("pk")
    count = 0
    for enrolment in enrolments.iterator():
        update_progress(enrolment, activity=False)
        count += 1
    return count
