"""Building the open data files: suppress small figures, write CSV and JSON, record them.

``rebuild(slug)`` builds one data set (``lms.open_data.datasets``) and ``rebuild_all()``
every one; ``manage.py rebuild_open_data``, the task ``rebuild_open_data_task`` and the
editor's "Rebuild now" call them. Each build writes new files to the default storage (a
local folder, or S3 at scale) under new names, points the data set's ``OpenDataFile`` row
at them, and deletes the previous files once the change is committed, so a download under
way never reads half a file.

Suppression: a figure that counts people (``Column.counts_people``) and is between 1 and
4 is written as empty in the CSV and ``null`` in the JSON; so is a figure computed from
fewer than 5 people's answers (``Column.based_on``). Zero stays 0. Each suppressed figure
is counted in ``OpenDataFile.suppressed_count``.
"""

import csv
import io
import json
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

# Titles are typed by editors: a cell that starts like a formula is neutralised.
from courses.admin_views import spreadsheet_safe
from lms.models.open_data import OpenDataFile

from . import datasets
from .datasets import BOOLEAN, SMALLEST_PUBLISHED_COUNT, STRING


class UnknownDataset(LookupError):
    """No data set has this slug."""


def is_small(value):
    """True for a count of people too small to publish (1 to 4)."""
    return value is not None and 0 < value < SMALLEST_PUBLISHED_COUNT


def suppress(dataset, rows):
    """``(rows, suppressed)``: copies of ``rows`` with small figures replaced by None, and how many were."""
    people = [column.name for column in dataset.columns if column.counts_people]
    derived = [column for column in dataset.columns if column.based_on]
    containing = [column for column in dataset.columns if column.includes]
    published = []
    suppressed = 0
    for row in rows:
        row = dict(row)
        for column in derived:
            base = row.get(column.based_on)
            if row.get(column.name) is not None and (base is None or base < SMALLEST_PUBLISHED_COUNT):
                row[column.name] = None
                suppressed += 1
        for column in containing:
            value, part = row.get(column.name), row.get(column.includes)
            # The difference would count the people in one figure but not the other (no-shows).
            if value is not None and part is not None and is_small(value - part):
                row[column.name] = None
                suppressed += 1
        for name in people:
            if is_small(row.get(name)):
                row[name] = None
                suppressed += 1
        published.append(row)
    return published, suppressed


def _csv_cell(column, value):

    if value is None:
        return ""
    if column.type == BOOLEAN:
        return "true" if value else "false"
    if column.type == STRING:
        return spreadsheet_safe(str(value))
    return str(value)


def to_csv(dataset, rows):
    """The rows as CSV bytes: UTF-8 with a byte-order mark (Excel reads Thai right), a header of column names."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(dataset.column_names)
    for row in rows:
        writer.writerow([_csv_cell(column, row.get(column.name)) for column in dataset.columns])
    return out.getvalue().encode("utf-8-sig")


def to_json(dataset, rows, generated):
    """The rows as JSON bytes: ``{"dataset", "generated", "columns", "rows"}``, rows as objects."""
    document = {
        "dataset": dataset.slug,
        "title": {"th": dataset.title.th, "en": dataset.title.en},
        "generated": timezone.localtime(generated).isoformat(),
        "license": dataset.licence_url,
        "columns": [
            {
                "name": column.name,
                "type": column.type,
                "description": {"th": column.description.th, "en": column.description.en},
            }
            for column in dataset.columns
        ],
        "rows": [{name: row.get(name) for name in dataset.column_names} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _file_name(slug, now, extension):
    # A new name for every build: the previous file stays whole until the new one is recorded.
    return f"{slug}-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}.{extension}"


def _delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)


def rebuild(slug, now=None):
    """Build the data set ``slug`` now and record its new files; returns its ``OpenDataFile``.

    Raises ``UnknownDataset`` for a slug no data set has.
    """
    dataset = datasets.get(slug)
    if dataset is None:
        raise UnknownDataset(slug)
    now = now or timezone.now()
    table = dataset.build()
    rows, suppressed = suppress(dataset, table.rows)
    csv_bytes = to_csv(dataset, rows)
    json_bytes = to_json(dataset, rows, now)

    written = []
    try:
        with transaction.atomic():
            # The row is locked: two builds of one data set at once record one after the other.
            record, _created = OpenDataFile.objects.select_for_update().get_or_create(slug=slug)
            storage = record.csv_file.storage
            previous = [record.csv_file.name, record.json_file.name]
            record.csv_file.save(_file_name(slug, now, "csv"), ContentFile(csv_bytes), save=False)
            written.append(record.csv_file.name)
            record.json_file.save(_file_name(slug, now, "json"), ContentFile(json_bytes), save=False)
            written.append(record.json_file.name)
            record.built_at = now
            record.period_start = table.period_start
            record.period_end = table.period_end
            record.row_count = len(rows)
            record.suppressed_count = suppressed
            record.save()
            stale = [name for name in previous if name and name not in written]
            transaction.on_commit(lambda: _delete_files(storage, stale))
    except BaseException:
        # Nothing points at the new files: take them away again.
        _delete_files(OpenDataFile._meta.get_field("csv_file").storage, written)
        raise
    return record


def rebuild_all(now=None):
    """Build every data set; returns their ``OpenDataFile`` rows in the registry's order."""
    now = now or timezone.now()
    return [rebuild(dataset.slug, now=now) for dataset in datasets.all_datasets()]
