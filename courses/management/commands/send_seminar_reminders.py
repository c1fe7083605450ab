"""``manage.py send_seminar_reminders``: remind confirmed registrants of the sessions about to start.

A scheduler runs it (hourly, say). Each confirmed registrant of a session that is not
cancelled and starts within the next 24 hours or on tomorrow's date (Asia/Bangkok) gets
the "reminder" e-mail once: the registration's ``reminded_at`` is set by a conditional
update before the e-mail is queued, so two schedulers running at once never send it twice,
and a second run sends nothing new. ``--dry-run`` lists what would be sent.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.models import Registration, RegistrationStatus
from courses.tasks import send_seminar_email_task
from lms.thai import format_date

# At most this many reminders a run; the next run sends the rest.
MAX_REMINDERS_PER_RUN = 5000


def reminder_window(now=None):
    """``(start, end)``: sessions starting in it are due a reminder.

    From now until the end of tomorrow in the site's time zone, which covers both the next
    24 hours and the whole of tomorrow's date.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    day_after_tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=2), datetime.time.min)
    return now, timezone.make_aware(day_after_tomorrow)


def registrations_due(now=None):
    """Confirmed registrations not yet reminded, of sessions not cancelled that start within ``reminder_window``."""
    start, end = reminder_window(now)
    return (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            session__cancelled_at__isnull=True,
            session__starts_at__gt=start,
            session__starts_at__lt=end,
        )
        .select_related("session__page", "user")
        .order_by("session__starts_at", "pk")
    )


def claim(registration, now):
    """Mark ``registration`` reminded if nobody has yet; True when this caller may send the reminder."""
    return (
        Registration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True
        ).update(reminded_at=now)
        == 1
    )


class Command(BaseCommand):
    @property
    def help(self):
        # Translated when the help is shown (Thai by default, as the site), as argparse needs a plain string.
        return _(
            "Send the reminder e-mail, once, to each confirmed registrant of the seminar sessions that start "
            "within the next 24 hours or tomorrow. Safe to run again and from several schedulers at once."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List the reminders that would be sent; send none.")
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=MAX_REMINDERS_PER_RUN,
            help=_("Send at most this many reminders in this run (the next run sends the rest)."),
        )

    def handle(self, *args, dry_run=False, limit=MAX_REMINDERS_PER_RUN, **options):
        now = timezone.now()
        due = registrations_due(now)[: max(limit, 0)]
        count = 0
        for registration in due:
            if dry_run:
                self.stdout.write(self.describe(registration))
                count += 1
                continue
            if not claim(registration, now):
                continue  # Another run reminded them meanwhile, or they cancelled.
            try:
                send_seminar_email_task.enqueue(registration.pk, "reminder")
            except Exception:
                # Not queued: let the next run try again.
                Registration.objects.filter(pk=registration.pk, reminded_at=now).update(reminded_at=None)
                raise
            count += 1
        if dry_run:
            self.stdout.write(_("%(count)s reminder(s) would be sent.") % {"count": count})
        else:
            self.stdout.write(_("Sent %(count)s reminder(s).") % {"count": count})

    def describe(self, registration):
        session = registration.session
        starts = format_date(session.starts_at, "long", language=(get_language() or "th")[:2], with_time=True)
        return f"{registration.user.email} · {session.page.title} · {starts}"
