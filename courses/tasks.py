"""Background work for courses, run by django-tasks (at once in development and tests,
by ``manage.py db_worker`` in production). Arguments are plain ids."""

from django.db import transaction
from django_tasks import task


@task()
def update_course_progress_task(course_id):
    """Recompute every active learner's progress in course ``course_id`` (see ``courses.services.progress``)."""
    from courses.services.progress import update_course_progress

    return update_course_progress(course_id)


def enqueue_course_progress_update(course_id):
    """Queue ``update_course_progress_task`` once the current transaction commits."""
    transaction.on_commit(lambda: update_course_progress_task.enqueue(course_id))


@task()
def issue_certificate_task(enrolment_id):
    """Issue the certificate of a completed enrolment, if its course awards one (``courses.services.certificates``).

    Returns the certificate's id, or None when none is due.
    """
    from courses.models import Enrolment
    from courses.services.certificates import issue_for_enrolment

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        return None
    certificate, _created = issue_for_enrolment(enrolment)
    return certificate.pk if certificate is not None else None


@task()
def export_certificates_zip_task(token, certificate_ids, language):
    """Build the ZIP of the PDFs of ``certificate_ids`` (and their CSV) for the export ``token``.

    Started by the "Certificates" screen when an export is too large to build during the
    request (``courses.certificate_admin``); the file goes to media storage and the
    export's state, kept in the cache under ``token``, says when it is ready.
    """
    from courses.certificate_admin import build_zip_export

    return build_zip_export(token, certificate_ids, language)
