"""``manage.py prune_library_visits [--days N]``: forget who visited library items, past N days.

The visits (keyed hashes of visitors, ``ItemVisit``) are only needed to count each visitor
once a day; the daily and total figures stay. Run it daily (cron or a scheduler); safe to
run at any time and twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from library.usage import prune_visits

DEFAULT_DAYS = 2


class Command(BaseCommand):
    help = "Delete the records of library visits older than a number of days (the usage figures stay)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"Keep the visits of this many past days besides today (default {DEFAULT_DAYS}).",
        )

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError(_("--days must be 1 or more: today's visits are still counting."))
        deleted = prune_visits(days)
        message = ngettext(
            "%(count)d library visit older than %(days)d days deleted.",
            "%(count)d library visits older than %(days)d days deleted.",
            deleted,
        )
        self.stdout.write(message % {"count": deleted, "days": days})
