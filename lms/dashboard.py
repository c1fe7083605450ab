"""The learner's dashboard (``/my/``): their courses in progress, completed and withdrawn.

The page reads only the requesting learner's enrolments. Its number of SQL queries does
not grow with the number of enrolments: the courses come with the enrolments in one
query, and the "continue" targets of every course in progress are worked out from one
query for the syllabus items of all those courses and one for the learner's completed
lessons and passed quizzes (see ``continue_targets``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

from courses.models import CourseIndexPage, Enrolment, EnrolmentStatus, LessonProgress, QuizAttempt
from courses.services.progress import next_item_for


@dataclass
class LearnerCourses:
    """The learner's enrolments sorted into the dashboard's sections.

    ``in_progress`` holds ``(enrolment, continue_page)`` pairs (the page may be None for a
    course without lessons); ``completed`` and ``withdrawn`` hold enrolments.
    ``credited_hours`` is the sum of the hours credited when each course was completed.
    """

    in_progress: list = field(default_factory=list)
    completed: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    credited_hours: Decimal = Decimal("0")

    @property
    def is_empty(self):
        return not (self.in_progress or self.completed or self.withdrawn)


def syllabus_items_by_course(courses):
    """The live syllabus items of each of ``courses`` in page-tree order: ``{course id: [specific page, ...]}``.

    One query for the pages (plus one per page type for their specific fields), however
    many courses there are; the same items ``CoursePage.syllabus_items`` gives one course.
    """
    courses = list(courses)
    if not courses:
        return {}
    children = Q()
    for course in courses:
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    by_path = {course.path: course.pk for course in courses}
    items = defaultdict(list)
    for page in Page.objects.live().filter(children).specific().order_by("path"):
        items[by_path[page.path[: -Page.steplen]]].append(page)
    return items


def completed_item_ids_by_course(user, course_ids):
    """``{course id: {item id, ...}}`` of the lessons ``user`` completed and the quizzes they passed, in one query."""
    done = defaultdict(set)
    lessons = (
        LessonProgress.objects.filter(user=user, course_id__in=course_ids, completed_at__isnull=False)
        .values_list("course_id", "lesson_id")
        .order_by()
    )
    quizzes = (
        QuizAttempt.objects.filter(user=user, course_id__in=course_ids, passed=True)
        .values_list("course_id", "quiz_id")
        .order_by()
    )
    for course_id, item_id in lessons.union(quizzes):
        done[course_id].add(item_id)
    return done


def continue_targets(user, enrolments):
    """``{enrolment id: page}``: where "continue" leads in each of ``enrolments`` (None without lessons).

    The same answer as ``courses.services.progress.next_item_for`` for each enrolment, from
    two queries for all of them instead of two per enrolment.
    """
    enrolments = list(enrolments)
    items = syllabus_items_by_course(enrolment.course for enrolment in enrolments)
    done = completed_item_ids_by_course(user, [enrolment.course_id for enrolment in enrolments])
    return {
        enrolment.pk: next_item_for(
            enrolment, items=items.get(enrolment.course_id, []), done_ids=done.get(enrolment.course_id, set())
        )
        for enrolment in enrolments
    }


def learner_courses(user):
    """The dashboard's sections for ``user``: only their own enrolments, most recent first."""
    enrolments = list(
        Enrolment.objects.for_user(user).select_related("course", "course__category").order_by("-enrolled_at", "-pk")
    )
    sections = LearnerCourses()
    active = []
    for enrolment in enrolments:
        if enrolment.completed_at is not None:
            sections.completed.append(enrolment)
            sections.credited_hours += enrolment.credited_hours
        elif enrolment.status == EnrolmentStatus.WITHDRAWN:
            sections.withdrawn.append(enrolment)
        else:
            active.append(enrolment)
    # Most recently studied first; an enrolment never studied counts from when it was made.
    active.sort(key=lambda enrolment: enrolment.last_activity_at or enrolment.enrolled_at, reverse=True)
    targets = continue_targets(user, active)
    sections.in_progress = [(enrolment, targets.get(enrolment.pk)) for enrolment in active]
    sections.completed.sort(key=lambda enrolment: enrolment.completed_at, reverse=True)
    sections.withdrawn.sort(key=lambda enrolment: enrolment.withdrawn_at or enrolment.enrolled_at, reverse=True)
    return sections


@never_cache
@require_safe
@login_required
def index(request):
    """The signed-in learner's dashboard; personal, so never kept by a cache on the way."""
    catalogue = CourseIndexPage.objects.live().first()
    context = {
        "courses": learner_courses(request.user),
        "catalogue_url": (catalogue.get_url(request) if catalogue else None) or "/courses/",
    }
    return render(request, "lms/dashboard.html", context)
