"""``manage.py rebuild_open_data [--dataset slug]``: rebuild the open data files (for a daily scheduler)."""

from django.core.management.base import BaseCommand

from lms.open_data import datasets
from lms.open_data.build import rebuild, rebuild_all


class Command(BaseCommand):
    help = "Rebuild the open data sets' CSV and JSON files at /open-data/ (every data set, or the one named)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dataset",
            choices=list(datasets.DATASETS),
            help="Rebuild only this data set.",
        )

    def handle(self, *args, dataset=None, **options):
        records = [rebuild(dataset)] if dataset else rebuild_all()
        for record in records:
            self.stdout.write(f"{record.slug}: {record.row_count} rows, {record.suppressed_count} figures suppressed")
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {len(records)} open data set(s)."))
