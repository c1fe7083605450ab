"""Learners' actions on courses and lessons: enrol, withdraw, complete a lesson.

Each is a POST (with the CSRF token) that calls one service function and goes back to a
page with a message; the pages themselves are ``CoursePage`` and ``LessonPage``. A guest
is sent to the login page and comes back to the course or lesson, not to the POST URL.
A course or lesson under a Wagtail privacy setting (a view restriction: signed-in users,
some groups, a password) that does not admit the request is a 404 here, as for an
unknown id: Wagtail guards the pages themselves, these views guard the actions.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import CoursePage, LessonPage
from .services.enrolment import EnrolmentError, enrol_learner, withdraw
from .services.progress import ProgressError, active_enrolment, complete_lesson, next_item_for


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
