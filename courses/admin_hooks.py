"""Editor safeguards: a course that learners enrolled in, a quiz they attempted, or a seminar people
registered for, cannot be deleted.

Deleting a course would delete its enrolments, completions, credited hours and quiz
attempts with it; deleting a quiz would delete learners' attempts and grades. An editor
unpublishes the page instead. A seminar's registrations hold attendance and credited
hours, so a seminar with any is kept the same way. Deleting a page deletes its descendants too, so the check
covers them, singly (the page's delete view) and in bulk (the explorer's bulk delete).
Imported from ``CoursesConfig.ready``.
"""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from .models import CoursePage, Enrolment, QuizAttempt, QuizPage, Registration, SeminarPage


def pages_with_learner_records(pages):
    """The courses and quizzes among ``pages`` and their descendants that hold learners' records.

    A course holds them when someone enrolled in it or attempted one of its quizzes; a quiz
    when someone attempted it. Returns ``(courses, quizzes)``: two lists of titles, sorted.
    """
    if not pages:
        return [], []
    deleted = Page.objects.none()
    for page in pages:
        deleted = deleted | Page.objects.descendant_of(page, inclusive=True)
    deleted_ids = deleted.values("pk")
    courses = (
        CoursePage.objects.filter(pk__in=deleted_ids)
        .filter(
            Exists(Enrolment.objects.filter(course=OuterRef("pk")))
            | Exists(QuizAttempt.objects.filter(course=OuterRef("pk")))
        )
        .order_by("title")
        .values_list("title", flat=True)
    )
    quizzes = (
        QuizPage.objects.filter(pk__in=deleted_ids)
        .filter(Exists(QuizAttempt.objects.filter(quiz=OuterRef("pk"))))
        .order_by("title")
        .values_list("title", flat=True)
    )
    return list(courses), list(quizzes)


def seminars_with_registrations(pages):
    """The titles of the seminars among ``pages`` and their descendants that people registered for, sorted."""
    deleted = Page.objects.none()
    for page in pages:
        deleted = deleted | Page.objects.descendant_of(page, inclusive=True)
    return list(
        SeminarPage.objects.filter(pk__in=deleted.values("pk"))
        .filter(Exists(Registration.objects.filter(session__page=OuterRef("pk"))))
        .order_by("title")
        .values_list("title", flat=True)
    )


def _titles(titles):
    return "”, “".join(titles)


def _refuse(request, pages, parent_id):
    """Say why the deletion is refused and go back to the explorer; None when nothing holds learners' records."""
    courses, quizzes = pages_with_learner_records(pages)
    seminars = seminars_with_registrations(pages) if pages else []
    if not courses and not quizzes and not seminars:
        return None
    if seminars:
        messages.error(
            request,
            _(
                "“%(titles)s” cannot be deleted: people registered for it, and their attendance and hours would be "
                "lost. Unpublish it instead, or cancel its sessions."
            )
            % {"titles": _titles(seminars)},
        )
    if courses:
        messages.error(
            request,
            _(
                "“%(titles)s” cannot be deleted: learners have enrolled, and their records would be lost. Unpublish it instead."
            )
            % {"titles": _titles(courses)},
        )
    if quizzes:
        messages.error(
            request,
            _(
                "“%(titles)s” cannot be deleted: learners have attempted it, and their results would be lost. "
                "Unpublish it instead."
            )
            % {"titles": _titles(quizzes)},
        )
    return redirect("wagtailadmin_explore", parent_id)


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_learner_records(request, page):
    return _refuse(request, [page], page.get_parent().pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_pages_with_learner_records(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    return _refuse(request, objects, objects[0].get_parent().pk)
