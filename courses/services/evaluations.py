"""Learners' evaluations of completed courses: give one, change it.

``give_evaluation`` makes the learner's one evaluation of a course and ``change_evaluation``
edits it; both refuse a learner who has not completed the course, a rating outside 1 to 5 and a
comment over 1,000 characters, with an ``EvaluationError`` (``code``, ``message``) and nothing
written. The comment is plain text: it passes through the project's sanitiser
(``lms.sanitiser.clean_text``), so no markup is ever stored.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.sanitiser import clean_text

from ..models import QUESTION_FIELDS, CourseEvaluation, Enrolment
from ..models.evaluations import COMMENT_MAX_LENGTH


class EvaluationError(Exception):
    """Why an evaluation cannot be given or changed: ``code`` for code, ``message`` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def has_completed(user, course):
    """True when ``user`` completed ``course`` (in any round)."""
    if not user.is_authenticated:
        return False
    # A renewal clears completed_at while the new round is under way; the earlier round's
    # certificate still shows the course was completed.
    return (
        Enrolment.objects.filter(user=user, course=course, completed_at__isnull=False).exists()
        or user.certificates.filter(course=course, revoked_at__isnull=True).exists()
    )


def _clean(ratings, comment):
    values = {}
    for name in QUESTION_FIELDS:
        raw = ratings.get(name)
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            value = None
        if value is None or not 1 <= value <= 5:
            raise EvaluationError("rating", _("Rate every statement from 1 to 5."))
        values[name] = value
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise EvaluationError("comment_too_long", _("Keep the comment to 1,000 characters or fewer."))
    values["comment"] = clean_text(comment, max_length=COMMENT_MAX_LENGTH)
    return values


@transaction.atomic
def give_evaluation(user, course, ratings, comment="", now=None):
    """Make ``user``'s evaluation of ``course`` from ``ratings`` (``{question field: 1..5}``); returns it.

    Refused when the learner has not completed the course or has already evaluated it (they
    change that one instead).
    """
    values = _clean(ratings, comment)
    if not has_completed(user, course):
        raise EvaluationError("not_completed", _("Only learners who completed this course may evaluate it."))
    if CourseEvaluation.objects.filter(user=user, course=course).exists():
        raise EvaluationError(
            "already_given", _("You have already evaluated this course. You may change your evaluation instead.")
        )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return CourseEvaluation.objects.create(user=user, course=course, created_at=now, updated_at=now, **values)
    except IntegrityError as error:
        raise EvaluationError(
            "already_given", _("You have already evaluated this course. You may change your evaluation instead.")
        ) from error


@transaction.atomic
def change_evaluation(user, course, ratings, comment="", now=None):
    """Change ``user``'s evaluation of ``course``; returns it. Refused when there is none."""
    values = _clean(ratings, comment)
    evaluation = CourseEvaluation.objects.select_for_update().filter(user=user, course=course).first()
    if evaluation is None:
        raise EvaluationError("not_given", _("You have not evaluated this course yet."))
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.updated_at = now or timezone.now()
    evaluation.save()
    return evaluation
