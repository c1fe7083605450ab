"""Reading CSV uploads record by record, with the physical line each record starts on.

Imports report every bad row by its line in the file as a spreadsheet shows it; a quoted
cell may span several lines, so the record number is not the line number. Used by the
bulk enrolment (``courses.services.bulk_enrolment``), the seminars' attendance import
(``courses.seminar_attendance_import``) and the library import (``library.importer``).
"""

import csv
import io

from django.utils.translation import gettext_lazy as _


class CsvLineError(Exception):
    """The record starting on ``line`` cannot be read as CSV (usually a quotation mark left open)."""

    def __init__(self, line):
        super().__init__(line)
        self.line = line


def records(text):
    """``(line, cells)`` for each record of ``text`` with a non-blank cell, in order; raises ``CsvLineError``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise CsvLineError(start) from error
        if any(cell.strip() for cell in cells):
            yield start, cells


class CsvEncodingError(Exception):
    """The upload is not UTF-8 text; ``line`` holds the first byte that cannot be read."""

    message = _(
        "The file is not UTF-8 text (the first character it cannot read is on this line). "
        "Save it as “CSV UTF-8” and upload it again."
    )

    def __init__(self, line):
        super().__init__(line)
        self.line = line


def read_bytes(data):
    """The bytes of an upload given as bytes, text or a file."""
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8")
    content = data.read()
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def decode(raw):
    """``raw`` as text (UTF-8, with or without a BOM); raises ``CsvEncodingError``."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvEncodingError(raw.count(b"\n", 0, error.start) + 1) from error
