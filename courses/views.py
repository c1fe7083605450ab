"""Learners' actions on courses, lessons and quizzes, and the pages of a quiz attempt.

Enrol, withdraw, renew a course whose certificate expired, complete a lesson, start a quiz, save and submit an attempt: each is a
POST (with the CSRF token) that calls one service function and goes back to a page with
a message; the pages themselves are ``CoursePage``, ``LessonPage`` and ``QuizPage``, plus
the attempt page here (the answer form, then the results). A guest is sent to the login
page and comes back to the course, lesson, quiz or attempt, not to the POST URL (a
script saving an attempt gets a 401 with the login URL instead: its session ended).
A course, lesson or quiz under a Wagtail privacy setting (a view restriction: signed-in
users, some groups, a password) that does not admit the request is a 404 here, as for an
unknown id: Wagtail guards the pages themselves, these views guard the actions.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .models import AttemptEnd, CoursePage, LessonPage, QuizAttempt, QuizPage
from .services.certificates import CertificateError, renew
from .services.enrolment import EnrolmentError, enrol_learner, withdraw
from .services.grading import correct_answer_display
from .services.progress import ProgressError, active_enrolment, complete_lesson, next_item_for
from .services.quizzes import (
    FIELD_PREFIX,
    AnswerErrors,
    QuizError,
    close_if_expired,
    field_name,
    quiz_state,
    save_answers,
    start_attempt,
    submit_attempt,
    submitted_message,
    time_up_message,
)


def _course_for_action(request, course_id):
    """The live course ``course_id`` the request may act on, and a login redirect for a guest (else None)."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not request.user.is_authenticated:
        return course, redirect_to_login(course.url)
    _check_view_restrictions(request, course)
    return course, None


def _check_view_restrictions(request, page):
    """Raise Http404 unless every view restriction on ``page`` and its ancestors accepts ``request``.

    A password restriction accepts only a visitor who has already given the password on the page.
    """
    if any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        raise Http404("No such page for you.")


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def enrol(request, course_id):
    """Enrol the signed-in learner in a live course, then take them to where they start."""
    course, login = _course_for_action(request, course_id)
    if login is not None:
        return login
    try:
        enrolment, changed = enrol_learner(course, request.user)
    except EnrolmentError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    if not changed:
        messages.info(request, _("You are already enrolled in this course."))
        return redirect(course.url)
    messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    enrolment.course = course
    start = next_item_for(enrolment)
    return redirect(start.url if start is not None else course.url)


@require_POST
def withdraw_from_course(request, course_id):
    """Withdraw the signed-in learner from a course; their progress is kept for a later return."""
    course, login = _course_for_action(request, course_id)
    if login is not None:
        return login
    try:
        _enrolment, changed = withdraw(course, request.user)
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        if changed:
            messages.success(
                request, _("You have withdrawn from this course. Your progress is kept if you enrol again.")
            )
    return redirect(course.url)


@require_POST
def renew_course(request, course_id):
    """Start the course again for the signed-in learner whose certificate of it expired."""
    course, login = _course_for_action(request, course_id)
    if login is not None:
        return login
    try:
        enrolment = renew(request.user, course)
    except CertificateError as error:
        messages.error(request, error.message)
        return redirect(course.url)
    messages.success(
        request,
        _("You are taking “%(course)s” again. Complete it to receive a new certificate.") % {"course": course.title},
    )
    enrolment.course = course
    start = next_item_for(enrolment)
    return redirect(start.url if start is not None else course.url)


@require_POST
def complete(request, lesson_id):
    """Mark a lesson complete for the signed-in learner and move on to the next item.

    A lesson that is not live, in a course that is not live, in a course the learner is
    not enrolled in, or under a privacy setting that does not admit them is a 404: the id
    is not theirs to complete. A script (``Accept:
    application/json``, see static/js/lesson.js) gets ``{"completed", "progress",
    "course_completed"}`` instead of a redirect; ``course_completed`` is true only in the
    answer to the request that completed the course.
    """
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    _check_view_restrictions(request, lesson)  # the lesson's own and its course's (an ancestor)
    course = lesson.course
    if course is None or not course.live or active_enrolment(request.user, course) is None:
        raise Http404("No lesson of yours to complete.")
    now = timezone.now()
    try:
        _progress, enrolment = complete_lesson(request.user, lesson, now=now)
    except ProgressError as error:  # withdrawn in the meantime
        raise Http404("No lesson of yours to complete.") from error
    # update_progress sets completed_at to this request's time only when this request met the rule.
    course_completed = enrolment.completed_at == now
    if _wants_json(request):
        return JsonResponse({"completed": True, "progress": enrolment.percent, "course_completed": course_completed})
    if course_completed:
        messages.success(request, _("Congratulations: you have completed “%(course)s”.") % {"course": course.title})
        return redirect(course.url)
    messages.success(request, _("Lesson completed. Your progress: %(percent)s%%.") % {"percent": enrolment.percent})
    items = course.syllabus_items()
    ids = [item.pk for item in items]
    if lesson.pk in ids and ids.index(lesson.pk) + 1 < len(items):
        return redirect(items[ids.index(lesson.pk) + 1].url)
    return redirect(course.url)


# --- Quizzes
#
# A learner starts an attempt at a quiz (POST), answers it on the attempt page, saves as
# they go (a script autosaves; without JavaScript a "Save answers" button does it) and
# submits. The attempt page shows the form while the attempt is open and the results once
# it is submitted. An attempt belongs to one learner: anyone else gets a 404, as for an
# unknown id. The rules themselves (who may start, checking answers, grading, deadlines)
# are in ``courses.services.quizzes``; these views only translate its answers and errors
# into pages, redirects, messages and JSON. Nothing that grades an answer (the key, the
# explanation) is put in a page or a response before the attempt is submitted, and then
# only when the quiz's feedback rule allows it: an open attempt's answers are loaded
# without those two fields (``_form_answers``), so no template can show them.


def _quiz_for_action(request, quiz_id):
    """The live quiz ``quiz_id`` in a live course the request may see, and a login redirect for a guest."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not request.user.is_authenticated:
        return quiz, None, redirect_to_login(quiz.url)
    _check_view_restrictions(request, quiz)  # the quiz's own and its course's (an ancestor)
    course = quiz.course
    if course is None or not course.live:
        raise Http404("This quiz's course is not published.")
    return quiz, course, None


def _attempt_for(request, attempt_id):
    """The signed-in learner's own attempt ``attempt_id`` and whether its time ran out just now; else 404.

    An attempt whose deadline (and grace period) has passed is graded and closed first
    (``close_if_expired``). A 404 too when the quiz or its course is no longer live, or a
    privacy setting on them does not admit the request.
    """
    # The question pool is not needed to answer or save an attempt (it has its own copy of
    # its questions); the results page reads it once, through quiz_state.
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "course").defer("quiz__questions"),
        pk=attempt_id,
        user_id=request.user.pk,
    )
    if not attempt.quiz.live or not attempt.course.live:
        raise Http404("This quiz is not published.")
    _check_view_restrictions(request, attempt.quiz)
    attempt.user = request.user
    current = close_if_expired(attempt)
    if current is attempt:
        return attempt, False
    # Graded just now (by this request or one racing it): read back, keep the relations already loaded.
    current.user, current.course, current.quiz = request.user, attempt.course, attempt.quiz
    return current, attempt.is_open and not current.is_open


def _attempt_url(attempt):
    return reverse("courses:attempt", args=[attempt.pk])


def _guest_response(request, attempt_id):
    """A guest's save or submit: a login redirect, or for a script a 401 with the login URL (its session ended)."""
    login = redirect_to_login(reverse("courses:attempt", args=[attempt_id]))
    if _wants_json(request):
        message = _("Your session has ended, so your answers could not be saved. Log in again to carry on.")
        return JsonResponse({"message": message, "login_url": login["Location"]}, status=401)
    return login


def _form_answers(attempt):
    """The answers of an open attempt for its form: without the key and the explanation, which it must not show."""
    return list(attempt.answers.defer("key", "explanation"))


def _points(value):
    """A score or a percentage as the pages show it (``floatformat:"-2"``): 80, 2.50, 66.67."""
    return floatformat(value, "-2") if value is not None else ""


def _result_message(attempt):
    values = {
        "score": _points(attempt.score),
        "max": _points(attempt.max_score),
        "percentage": _points(attempt.percentage),
        "pass_mark": attempt.pass_mark,
    }
    if attempt.passed:
        message = _("You scored %(score)s of %(max)s points (%(percentage)s%%) and passed.")
    else:
        message = _(
            "You scored %(score)s of %(max)s points (%(percentage)s%%). "
            "The pass mark is %(pass_mark)s%%: not passed yet."
        )
    return message % values


def _error_fields(errors):
    """``AnswerErrors.errors`` keyed by form field name (``__all__`` for errors of no question)."""
    return {(f"{FIELD_PREFIX}{pk}" if pk is not None else "__all__"): str(message) for pk, message in errors.items()}


def _render_attempt_form(request, attempt, errors=None, saved=False, unanswered=None, status=200):
    """The answer form of an open attempt; after a refused post, with the posted values and the errors.

    ``saved`` (with ``errors``) says the answers without errors were saved all the same.
    The answers are read after any save, so the count of answered questions is what is stored.
    """
    errors = errors or {}
    answers = _form_answers(attempt)
    posted = request.method == "POST"
    for answer in answers:
        answer.field = field_name(answer)
        answer.error = errors.get(answer.pk, "")
        if posted:
            values = request.POST.getlist(answer.field)
            answer.shown_selected = values if answer.is_choice else []
            answer.shown_text = "" if answer.is_choice else (values[0] if values else "")
        else:
            answer.shown_selected = answer.selected_ids
            answer.shown_text = answer.text_response
    context = {
        "quiz": attempt.quiz,
        "course": attempt.course,
        "attempt": attempt,
        "answers": answers,
        "answered_count": sum(1 for answer in answers if answer.is_answered),
        "question_errors": [answer for answer in answers if answer.error],
        "general_error": errors.get(None, ""),
        "errors_saved_others": saved,
        "unanswered": unanswered or [],
        "save_url": reverse("courses:save-attempt", args=[attempt.pk]),
        "submit_url": reverse("courses:submit-attempt", args=[attempt.pk]),
    }
    return TemplateResponse(request, "courses/quiz_attempt.html", context, status=status)


def _render_results(request, attempt):
    """A submitted attempt: its grade and, when the quiz's feedback rule allows, each question's feedback."""
    quiz = attempt.quiz
    enrolment = active_enrolment(request.user, attempt.course)
    state = quiz_state(request.user, quiz, enrolment)
    answers = []
    if state.feedback_open:
        answers = list(attempt.answers.all())
        for answer in answers:
            answer.correct_display = correct_answer_display(answer)
            answer.partly_correct = not answer.is_correct and answer.score_or_zero > 0
    context = {
        "quiz": quiz,
        "course": attempt.course,
        "attempt": attempt,
        "state": state,
        "answers": answers,
    }
    return TemplateResponse(request, "courses/quiz_attempt.html", context)


@require_POST
def start_quiz(request, quiz_id):
    """Start an attempt at a quiz (or resume the open one) and go to it; back to the quiz page if refused."""
    quiz, _course, login = _quiz_for_action(request, quiz_id)
    if login is not None:
        return login
    try:
        attempt, created = start_attempt(request.user, quiz)
    except QuizError as error:
        messages.error(request, error.message)
        return redirect(quiz.url)
    if not created:
        messages.info(request, _("Your attempt is still open: carry on where you left off."))
    return redirect(_attempt_url(attempt))


@never_cache  # the back button after a submit must ask again, and find the results
def attempt_page(request, attempt_id):
    """The learner's attempt: the answer form while it is open, the results once it is submitted."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt, _expired_now = _attempt_for(request, attempt_id)
    if not attempt.is_open:
        return _render_results(request, attempt)
    if active_enrolment(request.user, attempt.course) is None:
        messages.error(request, _("Enrol in this course to take its quizzes."))
        return redirect(attempt.quiz.url)
    return _render_attempt_form(request, attempt)


def _closed_response(request, attempt, message):
    """The answer to a save or a submit that came too late: the attempt is closed (graded)."""
    url = _attempt_url(attempt)
    if _wants_json(request):
        return JsonResponse({"closed": True, "message": str(message), "url": url}, status=409)
    messages.warning(request, message)
    return redirect(url)


def _not_enrolled_response(request, attempt, message):
    if _wants_json(request):
        return JsonResponse({"closed": False, "message": str(message), "url": attempt.quiz.url}, status=403)
    messages.error(request, message)
    return redirect(attempt.quiz.url)


@require_POST
def save_attempt(request, attempt_id):
    """Save the answers of an open attempt as posted (every question of the attempt).

    A script (``Accept: application/json``, see static/js/quiz.js) gets ``{"saved",
    "answered", "total"}``; ``{"errors": {field: message}, "saved"}`` (400) when some
    answers cannot be stored, where ``saved`` says whether the others were (typing
    mistakes: yes, with ``answered`` and ``total``; a form that is not the attempt's: no,
    nothing was); ``{"closed", "message", "url"}`` (409) once the attempt is submitted or
    its time ran out; ``{"message", "login_url"}`` (401) once the session has ended.
    Without JavaScript the form comes back with a message, or with the errors (400).
    """
    if not request.user.is_authenticated:
        return _guest_response(request, attempt_id)
    attempt, expired_now = _attempt_for(request, attempt_id)
    if not attempt.is_open:
        if expired_now or attempt.ended_by == AttemptEnd.TIME_UP:
            return _closed_response(request, attempt, time_up_message())
        return _closed_response(request, attempt, submitted_message())
    try:
        answers = save_answers(attempt, request.POST)
    except AnswerErrors as error:
        if _wants_json(request):
            data = {"errors": _error_fields(error.errors), "saved": error.saved}
            if error.saved:
                answers = _form_answers(attempt)
                data.update(answered=sum(1 for answer in answers if answer.is_answered), total=len(answers))
            return JsonResponse(data, status=400)
        return _render_attempt_form(request, attempt, errors=error.errors, saved=error.saved, status=400)
    except QuizError as error:
        if error.code == "not_enrolled":
            return _not_enrolled_response(request, attempt, error.message)
        return _closed_response(request, attempt, error.message)
    answered = sum(1 for answer in answers if answer.is_answered)
    if _wants_json(request):
        return JsonResponse({"saved": True, "answered": answered, "total": len(answers)})
    messages.success(
        request,
        _("Your answers are saved: %(answered)s of %(total)s answered.")
        % {"answered": answered, "total": len(answers)},
    )
    return redirect(_attempt_url(attempt))


@require_POST
def submit_attempt_view(request, attempt_id):
    """Submit an attempt for grading and show the results.

    Without ``confirm=1`` a form that leaves questions unanswered is saved and comes back
    with a warning naming them and a "Submit anyway" button. Badly typed answers come back
    with the errors (400, not submitted; the other answers are saved); a form that is not
    the attempt's comes back the same way with nothing saved. A repeated submit, or one
    after the deadline, leads to the results and changes nothing more. A guest is sent to
    log in (a script gets a 401, as from ``save_attempt``).
    """
    if not request.user.is_authenticated:
        return _guest_response(request, attempt_id)
    attempt, expired_now = _attempt_for(request, attempt_id)
    if not attempt.is_open:
        if expired_now:
            messages.warning(request, time_up_message())
        else:
            messages.info(request, _("This attempt has already been submitted; nothing was changed."))
        return redirect(_attempt_url(attempt))
    try:
        if request.POST.get("confirm") != "1":
            answers = save_answers(attempt, request.POST)
            unanswered = [answer.position for answer in answers if not answer.is_answered]
            if unanswered:
                return _render_attempt_form(request, attempt, unanswered=unanswered)
        attempt, changed = submit_attempt(attempt, request.POST)
    except AnswerErrors as error:
        return _render_attempt_form(request, attempt, errors=error.errors, saved=error.saved, status=400)
    except QuizError as error:
        if error.code == "not_enrolled":
            return _not_enrolled_response(request, attempt, error.message)
        messages.warning(request, error.message)
        return redirect(_attempt_url(attempt))
    if not changed:
        messages.info(request, _("This attempt has already been submitted; nothing was changed."))
    elif attempt.ended_by == AttemptEnd.TIME_UP:
        messages.warning(request, time_up_message())
    elif attempt.passed:
        messages.success(request, _result_message(attempt))
    else:
        messages.info(request, _result_message(attempt))
    return redirect(_attempt_url(attempt))
