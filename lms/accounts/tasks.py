"""Background work for accounts: sending the account e-mails outside the request.

The default task backend runs a task at once (development, tests); production uses
django-tasks' database backend and its worker. Arguments are plain JSON values, so a
queued task holds no model instance and no request.
"""

from django.conf import settings
from django.db import transaction
from django_tasks import task

from lms.accounts import emails


@task()
def send_account_email(user_id, kind, base_url, language):
    """Render and send the account e-mail ``kind`` (``emails.KINDS``) to user ``user_id``.

    The link and its token are made here, from ``base_url`` (the site's address), so no
    usable token is ever stored with the queued task.

    Nothing is sent when the account has gone or been deactivated meanwhile, nor a
    verification link to an address confirmed meanwhile. Returns True when a message
    was sent.
    """
    from lms.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    if kind == emails.VERIFY_EMAIL and user.email_verified:
        return False
    emails.send_account_email(user, kind, emails.account_link(user, kind, base_url), language)
    return True


def enqueue_account_email(user, kind, base_url):
    """Queue ``send_account_email`` for ``user`` once the current transaction commits.

    Outside a transaction that is at once. A transaction that rolls back (say, the
    account was not created after all) sends nothing, and the task, if it runs on
    another server, finds the account committed. A failure to queue is logged, not
    raised: the page still answers, and the visitor can ask for a new link.
    """
    user_id, language = user.pk, user.preferred_language or settings.LANGUAGE_CODE

    # A named function, not a partial: Django names the callback when it logs a failure.
    def enqueue_send_account_email():
        send_account_email.enqueue(user_id, kind, base_url, language)

    transaction.on_commit(enqueue_send_account_email, robust=True)
