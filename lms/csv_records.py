"""Reading CSV uploads record by record, with the physical line each record starts on.

Imports report every bad row by its line in the file as a spreadsheet shows it; a quoted
cell may span several lines, so the record number is not the line number. Used by the
bulk enrolment (``courses.services.bulk_enrolment``) and the library import
(``library.importer``).
"""

import csv
import io


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
