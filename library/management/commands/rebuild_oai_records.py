"""``manage.py rebuild_oai_records``: bring the OAI-PMH records in step with the library's items.

For items loaded or changed without Wagtail's publish signals (fixtures, raw SQL, a restore).
Safe to run at any time and twice: records already right keep their datestamp.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from library.oai_records import sync_all


class Command(BaseCommand):
    help = "Rebuild the OAI-PMH records (what harvesters see change) from the library's items."

    def handle(self, *args, **options):
        counts = sync_all()
        self.stdout.write(
            _("OAI-PMH records: %(created)d created, %(updated)d updated, %(withdrawn)d reported deleted.") % counts
        )
