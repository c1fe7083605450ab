"""Taking a quiz: starting an attempt, saving answers as the learner goes, submitting and grading.

Each function runs in one transaction and raises ``QuizError`` (``code``, ``message``)
or ``AnswerErrors`` (a message per question) for what a learner cannot do. Nothing is
written then, with two deliberate exceptions that keep the learner's work: an attempt
found past its deadline is graded (and stays graded) before ``QuizError("time_up")`` is
raised, and when some answers are badly typed (too long, not a number) the others are
saved (``AnswerErrors.saved``). The rules:

- Only a learner enrolled in the quiz's course (active or completed) starts an attempt.
- Starting draws the questions (all, or N at random), fixes their order and the order of
  their choices, and records the start and the deadline. One open attempt at a time: a
  second start resumes it. The attempt limit holds (attempts are numbered, one row per
  number).
- Answers may be saved until the deadline plus ``settings.QUIZ_DEADLINE_GRACE_SECONDS``.
  After that the attempt is closed and graded on what was saved (``close_if_expired``,
  which every entry point calls first, and the ``close_expired_quiz_attempts`` command),
  as of its deadline: however late it is noticed, it ended then.
- A form that names a question or a choice that is not the attempt's saves nothing (it
  was not made by the attempt's page).
- Submitting grades on the server; a second submit changes nothing.
- A passed attempt completes the quiz for the course's progress (the best attempt counts);
  passing a required quiz can complete the course.
"""

import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import QuizAnswer, QuizAttempt
from ..models.quiz import AttemptEnd, FeedbackMode
from .grading import AnswerError, grade, parse_response, snapshot_question
from .progress import active_enrolment, update_progress

FIELD_PREFIX = "answer-"
FIELD_NAME = re.compile(r"^answer-(\d+)$")


class QuizError(Exception):
    """Why a quiz action cannot be done: ``code`` for code, ``message`` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class AnswerErrors(Exception):
    """Answers that cannot be saved: ``errors`` maps a ``QuizAnswer`` id (or None) to a message.

    ``saved`` is True when the attempt's other answers were saved all the same (the errors
    are typing mistakes), False when nothing was (the form was not the attempt's own).
    """

    def __init__(self, errors, saved=False):
        super().__init__("; ".join(str(message) for message in errors.values()))
        self.errors = errors
        self.saved = saved


def field_name(answer):
    """The form field that carries the answer to ``answer`` (a ``QuizAnswer``)."""
    return f"{FIELD_PREFIX}{answer.pk}"


def record_quiz_opened(enrolment, quiz, now=None):
    """Remember ``quiz`` as the last syllabus item the learner opened (for "continue")."""
    enrolment.last_lesson = quiz
    enrolment.last_activity_at = now or timezone.now()
    enrolment.save(update_fields=["last_lesson", "last_activity_at"])


def _enrolment_or_error(user, course, lock=True):
    enrolment = active_enrolment(user, course, lock=lock) if course is not None else None
    if enrolment is None:
        raise QuizError("not_enrolled", _("Enrol in this course to take its quizzes."))
    return enrolment


@transaction.atomic
def start_attempt(user, quiz, now=None, rng=None):
    """Start an attempt at ``quiz`` for ``user``, or resume the open one: ``(attempt, created)``.

    Raises ``QuizError`` when the learner is not enrolled, has no attempts left, or the
    quiz has no questions.
    """
    now = now or timezone.now()
    course = quiz.course
    enrolment = _enrolment_or_error(user, course)  # locks the learner's enrolment: starts are taken one by one
    _close_expired_of(user, quiz, now)
    current = QuizAttempt.objects.filter(user=user, quiz=quiz).open().first()
    if current is not None:
        return current, False
    earlier = QuizAttempt.objects.filter(user=user, quiz=quiz)
    numbered = earlier.count()
    # After a renewal (``Enrolment.round_started_at``) the learner has the quiz's attempts again.
    used = (
        earlier.filter(started_at__gte=enrolment.round_started_at).count() if enrolment.round_started_at else numbered
    )
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise QuizError("no_attempts_left", _("You have used all your attempts at this quiz."))
    pool = list(quiz.questions)
    if not pool:
        raise QuizError("no_questions", _("This quiz has no questions yet."))
    rng = rng or random.SystemRandom()
    if quiz.questions_to_draw and quiz.questions_to_draw < len(pool):
        drawn_positions = sorted(rng.sample(range(len(pool)), quiz.questions_to_draw))
        drawn = [pool[position] for position in drawn_positions]
    else:
        drawn = pool
    if quiz.shuffle_questions:
        drawn = list(drawn)
        rng.shuffle(drawn)
    snapshots = [snapshot_question(block, rng=rng, shuffle_choices=quiz.shuffle_choices) for block in drawn]
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                user=user,
                quiz=quiz,
                course=course,
                number=numbered + 1,
                started_at=now,
                deadline=now + quiz.time_limit if quiz.time_limit else None,
                pass_mark=quiz.pass_mark,
                max_score=sum((snapshot["points"] for snapshot in snapshots), Decimal("0")),
            )
    except IntegrityError:
        # Another request of the same learner started one a moment ago (only possible without
        # the enrolment lock, e.g. on a database that ignores it): resume that one.
        current = QuizAttempt.objects.filter(user=user, quiz=quiz).open().first()
        if current is None:
            raise
        return current, False
    QuizAnswer.objects.bulk_create(
        [QuizAnswer(attempt=attempt, position=number, **snapshot) for number, snapshot in enumerate(snapshots, 1)]
    )
    record_quiz_opened(enrolment, quiz, now)
    return attempt, True


def _collect(answers, data):
    """``({answer: stored value}, {answer id: message})`` for the attempt's answers from ``data`` (a QueryDict).

    The form carries every question: a question with nothing posted is stored as not
    answered. An answer with a typing mistake is left out of the values and reported.
    Raises ``AnswerErrors`` (nothing to save) when the form names a question or a choice
    that is not the attempt's: it was not made by the attempt's page.
    """
    by_pk = {answer.pk: answer for answer in answers}
    errors, foreign = {}, {}
    for name in data:
        match = FIELD_NAME.match(name)
        if match and int(match.group(1)) not in by_pk:
            foreign[None] = _("Your answers include a question that is not part of this attempt. Nothing was saved.")
    values = {}
    for answer in answers:
        try:
            values[answer] = parse_response(answer, data.getlist(field_name(answer)))
        except AnswerError as error:
            (foreign if error.foreign else errors)[answer.pk] = error.message
    if foreign:
        raise AnswerErrors({**errors, **foreign}, saved=False)
    return values, errors


def _store(values, now):
    changed = []
    for answer, value in values.items():
        if value != answer.response:
            answer.response = value
            answer.answered_at = now if value is not None else None
            changed.append(answer)
    if changed:
        QuizAnswer.objects.bulk_update(changed, ["response", "answered_at"])
    return changed


def _locked(attempt):
    """The attempt's row, locked; only that row (a join would lock the quiz and the learner too)."""
    return QuizAttempt.objects.select_for_update(of=("self",)).order_by().get(pk=attempt.pk)


def time_up_message():
    return _("Time is up. Your attempt was graded on the answers saved before the deadline.")


def submitted_message():
    return _("This attempt has already been submitted; its answers can no longer change.")


def _time_up_error():
    return QuizError("time_up", time_up_message())


def save_answers(attempt, data, now=None):
    """Save the learner's answers to an open attempt from ``data`` (every question of the attempt).

    Returns the attempt's answers. Raises ``AnswerErrors`` for bad answers (the others are
    saved unless the form was not the attempt's, see ``AnswerErrors.saved``),
    ``QuizError("submitted")`` for an attempt already submitted and ``QuizError("time_up")``
    after the deadline and its grace period, once the attempt has been graded on what was
    saved before (that grading is kept).
    """
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = _enrolment_or_error(attempt.user, attempt.course)
        attempt = _locked(attempt)
        if not attempt.is_open:
            raise QuizError("submitted", submitted_message())
        time_up = attempt.is_past_deadline(now)
        errors = {}
        if time_up:
            _grade_and_close(attempt, AttemptEnd.TIME_UP, now, enrolment=enrolment)
        else:
            answers = list(attempt.answers.all())
            values, errors = _collect(answers, data)
            _store(values, now)
    # Raised after the commit: what was graded or saved stays.
    if time_up:
        raise _time_up_error()
    if errors:
        raise AnswerErrors(errors, saved=True)
    return answers


def submit_attempt(attempt, data=None, now=None):
    """Submit an attempt and grade it: ``(attempt, changed)``.

    ``data`` (the form, every question of the attempt) is saved first, unless the deadline
    and its grace period have passed: then the attempt is graded on what was saved
    before and ``attempt.ended_by`` says time ran out. Submitting an attempt already
    submitted changes nothing (``changed`` is False). Raises ``AnswerErrors`` for bad
    answers: the attempt is not graded (the learner corrects them and submits again), and
    the well-typed answers are saved as ``save_answers`` does.
    """
    now = now or timezone.now()
    errors = {}
    with transaction.atomic():
        enrolment = active_enrolment(attempt.user, attempt.course, lock=True)
        attempt = _locked(attempt)
        if not attempt.is_open:
            return attempt, False
        if enrolment is None:
            raise QuizError("not_enrolled", _("Enrol in this course to take its quizzes."))
        if attempt.is_past_deadline(now):
            return _grade_and_close(attempt, AttemptEnd.TIME_UP, now, enrolment=enrolment), True
        answers = list(attempt.answers.all())
        if data is not None:
            values, errors = _collect(answers, data)
            _store(values, now)
        if not errors:
            return _grade_and_close(attempt, AttemptEnd.SUBMITTED, now, answers=answers, enrolment=enrolment), True
    raise AnswerErrors(errors, saved=True)


def _grade_and_close(attempt, ended_by, now, answers=None, enrolment=None):
    """Grade every answer of the (locked, open) ``attempt`` and close it; update the course progress.

    An attempt whose time ran out ended at its deadline, however late that is noticed: it
    is recorded as submitted then, and a course it completes was completed then (or at the
    learner's last activity, if later). Passing
    compares the exact share of the points with the pass mark (59.995% does not pass 60%);
    the percentage kept is rounded for display. A constant number of queries, however many
    questions the attempt has.
    """
    if ended_by == AttemptEnd.TIME_UP and attempt.deadline is not None:
        now = min(now, attempt.deadline)
    answers = answers if answers is not None else list(attempt.answers.all())
    total = Decimal("0")
    for answer in answers:
        answer.score, answer.is_correct = grade(answer)
        total += answer.score
    QuizAnswer.objects.bulk_update(answers, ["score", "is_correct"])
    attempt.answers_graded = answers
    attempt.score = total
    if attempt.max_score:
        attempt.percentage = (total * 100 / attempt.max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    else:
        attempt.percentage = Decimal("0.00")
    attempt.passed = total * 100 >= attempt.pass_mark * attempt.max_score
    attempt.submitted_at = now
    attempt.ended_by = ended_by
    attempt.save(update_fields=["score", "percentage", "passed", "submitted_at", "ended_by"])
    if enrolment is not None:  # a learner who withdrew keeps the grade, with no progress to update
        # A course this completes was completed when its last item was: the attempt's end, or a
        # lesson the learner finished after the deadline (their last activity), whichever is later.
        moment = max(now, enrolment.last_activity_at) if enrolment.last_activity_at else now
        update_progress(enrolment, now=moment, activity=ended_by == AttemptEnd.SUBMITTED)
    return attempt


def close_if_expired(attempt, now=None):
    """Grade and close ``attempt`` if its deadline and grace period have passed; returns the attempt."""
    now = now or timezone.now()
    if not attempt.is_open or not attempt.is_past_deadline(now):
        return attempt
    with transaction.atomic():
        enrolment = active_enrolment(attempt.user, attempt.course, lock=True)
        locked = _locked(attempt)
        if locked.is_open:
            return _grade_and_close(locked, AttemptEnd.TIME_UP, now, enrolment=enrolment)
        return locked


def _close_expired_of(user, quiz, now):
    for attempt in QuizAttempt.objects.filter(user=user, quiz=quiz).expired(now).select_related("user", "course"):
        close_if_expired(attempt, now)


def close_expired_attempts(now=None, quiz=None):
    """Grade and close every open attempt whose time ran out (of ``quiz``, or of every quiz); returns how many."""
    now = now or timezone.now()
    attempts = QuizAttempt.objects.expired(now).select_related("user", "course")
    if quiz is not None:
        attempts = attempts.filter(quiz=quiz)
    count = 0
    for attempt in attempts:
        if close_if_expired(attempt, now).ended_by == AttemptEnd.TIME_UP:
            count += 1
    return count


# --- What the learner sees


@dataclass
class QuizState:
    """A learner's standing in a quiz, for its page and its attempts' pages.

    ``attempts`` are the submitted ones, newest first; ``open_attempt`` the one under way.
    ``attempts_left`` is None for unlimited attempts. ``can_start`` with ``reason`` (a
    message) when not.
    """

    quiz: object
    attempts: list = field(default_factory=list)
    open_attempt: object = None
    attempts_used: int = 0
    attempts_left: object = None
    best: object = None
    passed: bool = False
    can_start: bool = False
    reason: str = ""

    @property
    def best_passed(self):
        """The passed attempt with the highest percentage (a pass mark may have changed in between), or None."""
        return best_attempt([attempt for attempt in self.attempts if attempt.passed])

    @property
    def feedback_open(self):
        """True when the quiz's feedback rule lets the learner see the answers of submitted attempts."""
        if self.open_attempt is not None:
            return False  # never while an attempt is under way: the answers would be in reach
        mode = self.quiz.feedback_mode
        if mode == FeedbackMode.AFTER_EACH:
            return True
        if mode == FeedbackMode.AFTER_PASSING:
            return self.passed
        if mode == FeedbackMode.AFTER_LAST:
            return self.attempts_left == 0
        return False

    @property
    def feedback_note(self):
        """Why feedback is not shown yet, or will never be, for the results page."""
        if self.feedback_open:
            return ""
        mode = self.quiz.feedback_mode
        if self.open_attempt is not None:
            return _("Feedback is hidden while you have an attempt under way.")
        if mode == FeedbackMode.AFTER_PASSING:
            return _("The correct answers are shown once you pass this quiz.")
        if mode == FeedbackMode.AFTER_LAST:
            return _("The correct answers are shown after your last attempt.")
        return _("This quiz does not show the correct answers.")


def best_attempt(attempts):
    """The attempt with the highest percentage (the earliest of equals), or None."""
    graded = [attempt for attempt in attempts if attempt.percentage is not None]
    if not graded:
        return None
    return max(graded, key=lambda attempt: (attempt.percentage, -attempt.number))


def quiz_state(user, quiz, enrolment=None, now=None):
    """The learner's ``QuizState`` in ``quiz``, closing an attempt whose time ran out first."""
    now = now or timezone.now()
    _close_expired_of(user, quiz, now)
    attempts = QuizAttempt.objects.filter(user=user, quiz=quiz).order_by("-number")
    if getattr(enrolment, "round_started_at", None) is not None:
        attempts = attempts.filter(started_at__gte=enrolment.round_started_at)  # this round's, after a renewal
    attempts = list(attempts)
    state = QuizState(quiz=quiz)
    state.open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    state.attempts = [attempt for attempt in attempts if not attempt.is_open]
    state.attempts_used = len(attempts)
    state.attempts_left = max(0, quiz.max_attempts - len(attempts)) if quiz.max_attempts else None
    state.best = best_attempt(state.attempts)
    state.passed = any(attempt.passed for attempt in state.attempts)
    if state.open_attempt is not None:
        state.can_start = True  # "resume"
    elif enrolment is None:
        state.reason = _("Enrol in this course to take its quizzes.")
    elif state.attempts_left == 0:
        state.reason = _("You have used all your attempts at this quiz.")
    elif not len(quiz.questions):
        state.reason = _("This quiz has no questions yet.")
    else:
        state.can_start = True
    return state
