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
