"""Who may download a document used in a lesson or a quiz (``before_serve_document``, registered in wagtail_hooks).

Wagtail serves every document at ``/documents/<id>/<filename>`` to anyone who has the
address. A file in a lesson's body (a video, its captions, a handout) is part of the lesson,
so it is served only to those who may read the lesson; the same holds for a file linked from
a quiz's instructions ("lesson" below means either; a quiz is never a preview). Question
texts and explanations cannot link documents (``courses.quiz_blocks.QUESTION_TEXT_FEATURES``
has no document links), so no file can give an answer away before an attempt is submitted:

- anyone, when a live page other than a lesson also uses the document (a standard page, a
  course's description: the lesson does not make a public file private);
- anyone, for a live preview lesson in a live course, if the lesson's privacy setting (its
  own or its course's view restriction) admits the request;
- a learner with an active or completed enrolment in the live course of a live lesson that
  uses it (as ``courses.services.progress.active_enrolment`` counts enrolments);
- anyone who may edit one of the lessons that use it in Wagtail (instructors, editors).

Everyone else gets the site's 403 page. A document no lesson uses is left to Wagtail.
The uses come from Wagtail's reference index (``wagtail.models.ReferenceIndex``), which
records what each page's saved content (its live version, once published) refers to. The
check takes a constant few queries, whatever the number of lessons and learners.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from lms.views import permission_denied

from .models import CoursePage, Enrolment, EnrolmentStatus, LessonPage, QuizPage


def _referencing_pages(document):
    """``(lesson_ids, other_page_ids)``: the pages whose content refers to ``document`` (lessons and quizzes first)."""
    page_type = ContentType.objects.get_for_model(Page)
    syllabus_types = {
        content_type.pk for content_type in ContentType.objects.get_for_models(LessonPage, QuizPage).values()
    }
    lesson_ids, other_ids = set(), set()
    references = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    for content_type_id, object_id in references.values_list("content_type_id", "object_id").distinct():
        (lesson_ids if content_type_id in syllabus_types else other_ids).add(int(object_id))
    return lesson_ids, other_ids


def _admits(request, page):
    """True when every view restriction on ``page`` and its ancestors accepts ``request``."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def may_download(document, request):
    """True when the requester may download ``document`` (see the module's docstring)."""
    lesson_ids, other_ids = _referencing_pages(document)
    if not lesson_ids:
        return True
    if other_ids and Page.objects.live().filter(pk__in=other_ids).exists():
        return True
    lessons = list(Page.objects.filter(pk__in=lesson_ids).order_by("pk").specific())
    parent_paths = {lesson.path[: -Page.steplen] for lesson in lessons}
    live_courses = {course.path: course for course in CoursePage.objects.live().filter(path__in=parent_paths)}
    open_lessons = [lesson for lesson in lessons if lesson.live and lesson.path[: -Page.steplen] in live_courses]
    for lesson in open_lessons:
        if getattr(lesson, "is_preview", False) and _admits(request, lesson):
            return True
    user = request.user
    if not user.is_authenticated:
        return False
    course_ids = {live_courses[lesson.path[: -Page.steplen]].pk for lesson in open_lessons}
    if (
        course_ids
        and Enrolment.objects.filter(user=user, course_id__in=course_ids)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .exists()
    ):
        return True
    # Drafts too: an instructor previewing a lesson not yet published needs its files.
    return any(lesson.permissions_for_user(user).can_edit() for lesson in lessons)


def check_lesson_document(document, request):
    """The ``before_serve_document`` hook: the site's 403 page when ``may_download`` says no, else None."""
    if may_download(document, request):
        return None
    return permission_denied(request)
