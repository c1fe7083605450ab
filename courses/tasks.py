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


@task()
def make_certificate_pdf_task(certificate_id):
    """Draw and store certificate ``certificate_id``'s PDF if it has none (``courses.services.certificates.ensure_pdf``)."""
    from courses.models import Certificate
    from courses.services.certificates import ensure_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    return certificate is not None and ensure_pdf(certificate)


@task()
def send_seminar_email_task(registration_id, kind):
    """Send the seminar e-mail ``kind`` about registration ``registration_id`` (``courses.seminar_notifications``).

    Returns how many messages went (none when the registration has gone meanwhile).
    """
    from courses.models import Registration
    from courses.seminar_notifications import send_seminar_email

    registration = (
        Registration.objects.select_related("session__page", "user__agency__parent__parent")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        return 0
    return send_seminar_email(registration, kind)
