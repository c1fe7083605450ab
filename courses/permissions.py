"""Who may edit a course and who may see its learners.

Wagtail's page permissions belong to groups and reach down the page tree, so each course
gets a group of its own, "Course editors #000042 · <title>", holding ``add_page`` and
``change_page`` (never ``publish_page``) on that course page, which covers its lessons.
Its members are exactly the accounts listed in the course's "Instructors" inline
(``CourseInstructor.user``), whatever their role: the editor itself is reached only by
those with ``wagtailadmin.access_admin`` (the Instructors group), so listing a learner's
account gives them nothing they could use, while an instructor keeps their rights whatever
order the roles and the course list are changed in. The group is managed here: changes
made to it in the Groups admin are put back on the next sync.

Instructors do not publish: their edits go through the "Course review" workflow
(``ensure_course_review_workflow``), which an administrator approves. When the sync runs
(``courses/wagtail_hooks.py``):

- whenever a course is published (the live instructor list, so a change an instructor
  makes to the list takes effect only once an administrator approves it);
- when someone who may publish the course (an administrator) creates or edits it, with the
  instructors of the draft just saved, so assigning an instructor needs no publishing;
- a course's group is deleted with the course.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from lms import roles

COURSE_EDITORS_GROUP_PREFIX = "Course editors"
# What a course's instructors may do on the course page and its lessons.
COURSE_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")

COURSE_REVIEW_WORKFLOW = "Course review"
COURSE_REVIEW_TASK = "Administrator approval"

# Seeing every course's learners is for those who may change any enrolment (administrators);
# the others holding "view" (instructors) see those of the courses they teach.
VIEW_LEARNERS_PERMISSION = "courses.view_enrolment"
ALL_COURSES_LEARNERS_PERMISSION = "courses.change_enrolment"


# --- Course editor groups


def course_editors_group_key(course_id):
    """The stable start of a course's group name, e.g. "Course editors #000042".

    Zero-padded so that the groups sort in course order in the Groups admin.
    """
    return f"{COURSE_EDITORS_GROUP_PREFIX} #{course_id:06d}"


def course_editors_group_name(course):
    """The full group name: its key and the course title, so that people can tell the groups apart."""
    name = f"{course_editors_group_key(course.pk)} · {course.title}"
    return name[: Group._meta.get_field("name").max_length]


def course_editors_group(course_id):
    """The editors group of the course ``course_id``, or None."""
    key = course_editors_group_key(course_id)
    return Group.objects.filter(Q(name=key) | Q(name__startswith=f"{key} ")).order_by("pk").first()


def instructor_user_ids(course):
    """The accounts listed among ``course``'s instructors, as held in memory.

    For a course loaded from the database that is the live list; for the page an editor
    has just saved, the list in that draft.
    """
    return {instructor.user_id for instructor in course.course_instructors.all() if instructor.user_id}


def sync_course_editors(course, user_ids):
    """Make the users ``user_ids`` exactly the editors of ``course`` and return its group.

    Creates the group on first use, keeps its name in step with the course title and its
    page permissions at ``COURSE_EDITOR_PAGE_PERMISSIONS`` on the course. Safe to repeat.
    Example: ``sync_course_editors(course, instructor_user_ids(course))``.
    """
    group, _changed = _sync_course_editors(course, set(user_ids))
    return group


@transaction.atomic
def _sync_course_editors(course, user_ids):
    """``sync_course_editors``, also telling whether anything had to change."""
    changed = False
    name = course_editors_group_name(course)
    group = course_editors_group(course.pk)
    if group is None:
        group = Group.objects.create(name=name)
        changed = True
    elif group.name != name:
        group.name = name
        group.save(update_fields=["name"])
        changed = True

    wanted = set(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=COURSE_EDITOR_PAGE_PERMISSIONS
        ).values_list("pk", flat=True)
    )
    held = GroupPagePermission.objects.filter(group=group)
    deleted, _by_model = held.exclude(page_id=course.pk, permission_id__in=wanted).delete()
    missing = wanted - set(held.filter(page_id=course.pk).values_list("permission_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=course.pk, permission_id=permission_id) for permission_id in missing
    )
    if set(group.user_set.values_list("pk", flat=True)) != user_ids:
        group.user_set.set(user_ids)
        changed = True
    return group, changed or bool(deleted or missing)


def sync_course_editors_from_course(course):
    """Sync ``course``'s editors with the instructors it holds in memory (see ``instructor_user_ids``)."""
    return sync_course_editors(course, instructor_user_ids(course))


def sync_every_course_editors():
    """Sync the editors of every course with its live instructors; return how many groups changed.

    For courses published before these groups existed (``load_demo`` runs it; safe to repeat).
    """
    from courses.models import CourseInstructor, CoursePage

    listed = {}
    for course_id, user_id in CourseInstructor.objects.filter(user__isnull=False).values_list("course_id", "user_id"):
        listed.setdefault(course_id, set()).add(user_id)
    changed = 0
    for course in CoursePage.objects.order_by("pk"):
        _group, course_changed = _sync_course_editors(course, listed.get(course.pk, set()))
        changed += course_changed
    return changed


def delete_course_editors(course_id):
    """Delete the editors group of a course that is being deleted."""
    group = course_editors_group(course_id)
    if group is not None:
        group.delete()


# --- Review workflow


@transaction.atomic
def ensure_course_review_workflow(courses_index):
    """Make the "Course review" workflow (one "Administrator approval" task) apply under ``courses_index``.

    The task is approved by the Administrators group. Returns the workflow and a list of
    what was changed (empty when everything was in place), so that a second call changes
    nothing.
    """
    changes = []
    administrators, _created = Group.objects.get_or_create(name=roles.ADMINISTRATORS)

    task = GroupApprovalTask.objects.filter(name=COURSE_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=COURSE_REVIEW_TASK)
        changes.append(f"created the task {COURSE_REVIEW_TASK}")
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
        changes.append(f"re-activated the task {COURSE_REVIEW_TASK}")
    if not task.groups.filter(pk=administrators.pk).exists():
        task.groups.add(administrators)
        changes.append(f"let administrators approve {COURSE_REVIEW_TASK}")

    workflow = Workflow.objects.filter(name=COURSE_REVIEW_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=COURSE_REVIEW_WORKFLOW)
        changes.append(f"created the workflow {COURSE_REVIEW_WORKFLOW}")
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        changes.append(f"re-activated the workflow {COURSE_REVIEW_WORKFLOW}")
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
        changes.append(f"added {COURSE_REVIEW_TASK} to {COURSE_REVIEW_WORKFLOW}")

    assignment = WorkflowPage.objects.filter(page=courses_index).first()
    if assignment is None:
        WorkflowPage.objects.create(page=courses_index, workflow=workflow)
        changes.append(f"assigned {COURSE_REVIEW_WORKFLOW} to {courses_index.url_path}")
    elif assignment.workflow_id != workflow.pk:
        assignment.workflow = workflow
        assignment.save(update_fields=["workflow"])
        changes.append(f"assigned {COURSE_REVIEW_WORKFLOW} to {courses_index.url_path}")
    return workflow, changes


# --- Learners' reports


def may_view_all_course_learners(user):
    """True for those who see the learners of every course (administrators)."""
    return user.is_active and user.has_perm(VIEW_LEARNERS_PERMISSION) and user.has_perm(ALL_COURSES_LEARNERS_PERMISSION)


def courses_whose_learners_user_may_see(user):
    """The ``CoursePage`` rows whose learners ``user`` may see.

    Administrators: every course. Holders of ``courses.view_enrolment`` otherwise (instructors):
    the courses that list them among the instructors in the live version. Anyone else: none.
    Example: ``courses_whose_learners_user_may_see(request.user).filter(pk=course_id)``.
    """
    from courses.models import CoursePage

    if not user.is_authenticated or not user.is_active or not user.has_perm(VIEW_LEARNERS_PERMISSION):
        return CoursePage.objects.none()
    if may_view_all_course_learners(user):
        return CoursePage.objects.all()
    return CoursePage.objects.taught_by(user)


def may_use_learners_report(user):
    """True when ``user`` may open the learners report: administrators, and instructors with a course."""
    if not user.is_authenticated:
        return False
    if may_view_all_course_learners(user):
        return True
    return courses_whose_learners_user_may_see(user).exists()


# --- Quiz results


def course_path_of(quiz_path):
    """The path of a quiz's course, as an expression over ``quiz_path`` (a quiz is a child of its course)."""
    from django.db.models.functions import Length, Substr
    from wagtail.models import Page

    return Substr(quiz_path, 1, Length(quiz_path) - Page.steplen)


def quizzes_whose_results_user_may_see(user):
    """The ``QuizPage`` rows whose results ``user`` may see: the quizzes of the courses whose learners they may see.

    Administrators: every quiz. Instructors: the quizzes of the courses they teach. Anyone else: none.
    Example: ``get_object_or_404(quizzes_whose_results_user_may_see(request.user), pk=quiz_id)``.
    """
    from django.db.models import Exists, OuterRef

    from courses.models import QuizPage

    if not user.is_authenticated:
        return QuizPage.objects.none()
    if may_view_all_course_learners(user):
        return QuizPage.objects.all()
    courses = courses_whose_learners_user_may_see(user)
    return QuizPage.objects.filter(Exists(courses.filter(path=course_path_of(OuterRef("path")))))


def may_see_quiz_results(user, quiz):
    """True when ``user`` may see the results of ``quiz`` (a ``QuizPage``, or a plain ``Page`` of one).

    For the buttons of the page explorer, asked once per row: the paths of the user's courses
    are looked up once and remembered on the user object (a new one comes with each request).
    """
    from wagtail.models import Page

    if not user.is_authenticated or not user.is_active:
        return False
    if may_view_all_course_learners(user):
        return True
    paths = getattr(user, "_quiz_results_course_paths", None)
    if paths is None:
        paths = set(courses_whose_learners_user_may_see(user).values_list("path", flat=True))
        user._quiz_results_course_paths = paths
    return quiz.path[: -Page.steplen] in paths
