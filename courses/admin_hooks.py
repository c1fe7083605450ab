"""Editor safeguards: a course that learners enrolled in cannot be deleted.

Deleting a course would delete its enrolments, completions and credited hours with it;
an editor unpublishes it instead. Imported from ``CoursesConfig.ready``.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page

from .models import CoursePage, Enrolment


def courses_with_learners(pages):
    """Titles of the courses among ``pages`` and their descendants that have enrolments."""
    if not pages:
        return []
    query = Page.objects.none()
    for page in pages:
        query = query | Page.objects.descendant_of(page, inclusive=True)
    course_ids = CoursePage.objects.filter(pk__in=query.values("pk")).values("pk")
    ids = set(Enrolment.objects.filter(course_id__in=course_ids).values_list("course_id", flat=True))
    return list(CoursePage.objects.filter(pk__in=ids).order_by("title").values_list("title", flat=True))


def _refuse(request, titles, parent_id):
    messages.error(
        request,
        _(
            "“%(titles)s” cannot be deleted: learners have enrolled, and their records would be lost. Unpublish it instead."
        )
        % {"titles": "”, “".join(titles)},
    )
    return redirect("wagtailadmin_explore", parent_id)


@hooks.register("before_delete_page")
def refuse_deleting_courses_with_learners(request, page):
    titles = courses_with_learners([page])
    if titles:
        return _refuse(request, titles, page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_courses_with_learners(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    titles = courses_with_learners(objects)
    if titles:
        return _refuse(request, titles, objects[0].get_parent().pk)
    return None
