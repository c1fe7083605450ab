"""Keep learners' progress right when a course's syllabus changes, and certify completions.

Connected in ``CoursesConfig.ready``. Publishing, unpublishing, moving or deleting a lesson
or a quiz (or publishing a quiz that is no longer required) changes the set of required
items, so each active enrolment's progress is recomputed in the background
(``courses.tasks``), and a learner who had done every other lesson completes the course.
A completed course that awards a certificate has it issued in the background
(``issue_certificate_on_completion``).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import Certificate, CoursePage, Enrolment, LessonPage, QuizPage, SeminarPage
from .signals import course_completed
from .tasks import enqueue_course_progress_update, issue_certificate_task


def _course_id_of(page):
    parent = page.get_parent()
    return parent.pk if parent is not None and parent.specific_class is CoursePage else None


logger = logging.getLogger(__name__)

SYLLABUS_PAGE_TYPES = (LessonPage, QuizPage)


@receiver(page_published, sender=LessonPage)
@receiver(page_unpublished, sender=LessonPage)
@receiver(page_published, sender=QuizPage)
@receiver(page_unpublished, sender=QuizPage)
def lesson_published_or_unpublished(sender, instance, **kwargs):
    course_id = _course_id_of(instance)
    if course_id is not None:
        enqueue_course_progress_update(course_id)


@receiver(post_page_move)
def lesson_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if not isinstance(instance.specific_deferred, SYLLABUS_PAGE_TYPES):
        return
    for parent in {parent_page_before.pk, parent_page_after.pk}:
        if CoursePage.objects.filter(pk=parent).exists():
            enqueue_course_progress_update(parent)


@receiver(pre_delete, sender=LessonPage)
@receiver(pre_delete, sender=QuizPage)
def remember_course_of_deleted_lesson(sender, instance, **kwargs):
    # The tree position is gone after the delete: note the course now.
    instance._course_id_before_delete = _course_id_of(instance)


@receiver(post_delete, sender=LessonPage)
@receiver(post_delete, sender=QuizPage)
def lesson_deleted(sender, instance, **kwargs):
    course_id = getattr(instance, "_course_id_before_delete", None)
    if course_id is not None:
        enqueue_course_progress_update(course_id)


@receiver(course_completed, sender=Enrolment)
def issue_certificate_on_completion(sender, enrolment, **kwargs):
    """A completed course that awards a certificate: issue it in the background (the PDF takes a moment).

    ``course_completed`` is sent after the completion committed, so the task sees it.
    """
    if not enrolment.course.awards_certificate:
        return
    try:
        issue_certificate_task.enqueue(enrolment.pk)
    except Exception:  # noqa: BLE001 - the completion is saved; make_missing_certificate_pdfs issues it later
        logger.exception("Could not queue the certificate of enrolment %s; it will be issued later.", enrolment.pk)


@receiver(post_delete, sender=Certificate)
def delete_certificate_pdf(sender, instance, **kwargs):
    """A deleted certificate (its holder's account deleted) takes its PDF, which bears their name, with it."""
    if instance.pdf:
        name, storage = instance.pdf.name, instance.pdf.storage
        transaction.on_commit(lambda: storage.delete(name))


@receiver(page_published, sender=SeminarPage)
def give_free_seats_to_waitlist(sender, instance, **kwargs):
    """A published edit may have added seats: they go to each session's waitlist in order of arrival."""
    from .services.seminars import fill_free_seats

    for session in instance.sessions.all():
        if session.pk and session.cancelled_at is None:
            fill_free_seats(session)
