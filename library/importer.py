"""Importing library items from a CSV file (``manage.py import_library`` and the editor's upload form).

The file
    UTF-8 text, with or without the byte-order mark Excel's "CSV UTF-8" writes, comma-separated,
    with a header row naming its columns in any order and letter case::

        identifier, title, title_en, creator, subject, description, publisher, date, type,
        language, rights, access, file, url, cover

    ``identifier`` and ``title`` are required; a file without one of those columns is
    refused. A column the importer does not know is ignored (and said so once); a column
    left out leaves that field of existing items as it is. Several creators or subjects are
    separated by ``;`` (creators keep their order). ``file`` and ``cover`` are paths relative
    to the CSV file's folder (``files/manual.pdf``), never outside it. Blank lines are skipped.
    A ZIP archive holding the CSV file and its files in folders may be given instead.

The values
    - ``date``: a year or a full date, in the Common or the Buddhist Era (``2567``,
      ``2024-05-01``), as ``normalise_date_issued`` reads it.
    - ``type``, ``language``, ``access``: the stored value (``manual``, ``th``,
      ``civil_servants``) or its label in Thai or English, in any letter case.
    - ``rights``: the licence, optionally followed by its address (``CC BY 4.0
      https://creativecommons.org/licenses/by/4.0/``), which becomes the licence address.
    - ``description``: HTML (cleaned by ``lms.sanitiser``, then reduced to what the item's
      rich text keeps: paragraphs, bold, italic, links and lists) or plain text (a blank line
      starts a new paragraph).
    - ``file`` a document (``WAGTAILDOCS_EXTENSIONS``), ``cover`` an image
      (``WAGTAILIMAGES_EXTENSIONS``), each within its size limit. A row needs a file or a
      ``url`` (an existing item's file counts).

Re-importing
    A row whose identifier belongs to an existing item updates that item and publishes a new
    revision; a row that would change nothing is reported as unchanged and left alone. An
    empty cell clears its field, except ``type``, ``language`` and ``access`` (an existing
    item keeps its value, a new one gets the default: a book, in Thai, open to everyone) and
    ``file`` and ``cover`` (the item keeps its file and cover). The same file content as the
    item's current file or cover is not stored again (Wagtail's ``file_hash``).

How a file is handled
    Every row is checked first, and every bad row reported with its line in the file (the
    header is line 1; a quoted cell spanning lines counts them all) and the reason, in the
    active language. Nothing is written when a row is bad, unless ``skip_invalid``: then
    the good rows are imported and the bad ones reported. The writing happens in one
    transaction; new items go under the live ``LibraryIndexPage`` and every created or
    updated item is published. ``dry_run`` checks and reports only, writing nothing (no
    file either).

Example::

    report = import_library(Path("catalogue.csv"), user=request.user, skip_invalid=True)
    for problem in report.problems:
        print(problem.line, problem.message)
"""

import re
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bs4 import BeautifulSoup, NavigableString, Tag
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.utils.file import hash_filelike

from lms.csv_records import CsvLineError
from lms.csv_records import records as csv_records
from lms.sanitiser import clean_html

from .models import (
    Access,
    ItemLanguage,
    ItemType,
    LibraryIndexPage,
    LibraryItemCreator,
    LibraryItemPage,
    Subject,
    normalise_date_issued,
)

PERMISSION = "library.import_items"
COLUMNS = (
    "identifier",
    "title",
    "title_en",
    "creator",
    "subject",
    "description",
    "publisher",
    "date",
    "type",
    "language",
    "rights",
    "access",
    "file",
    "url",
    "cover",
)
REQUIRED_COLUMNS = ("identifier", "title")
# Other names people give the columns (after lower-casing, spaces and hyphens as underscores).
COLUMN_ALIASES = {
    "creators": "creator",
    "subjects": "subject",
    "date_issued": "date",
    "item_type": "type",
    "external_url": "url",
}
MAX_ROWS = 5000
# Documents larger than this are refused (settings.LIBRARY_IMPORT_MAX_FILE_BYTES overrides it).
MAX_FILE_BYTES = 500 * 1024 * 1024
# A ZIP archive: at most this many members and this much once unpacked.
MAX_ZIP_MEMBERS = 2000
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
SEPARATOR = ";"
LOOKUP_CHUNK = 500
# Thai names for the choices, besides the labels in both languages, which the translations may not have yet.
THAI_ALIASES = {
    "type": {
        "หนังสือ": ItemType.BOOK,
        "หนังสืออิเล็กทรอนิกส์": ItemType.EBOOK,
        "อีบุ๊ก": ItemType.EBOOK,
        "รายงาน": ItemType.REPORT,
        "คู่มือ": ItemType.MANUAL,
        "คู่มือหรือแนวทาง": ItemType.MANUAL,
        "งานวิจัย": ItemType.RESEARCH,
        "กฎหมาย": ItemType.LAW,
        "กฎหมายและระเบียบ": ItemType.LAW,
        "อินโฟกราฟิก": ItemType.INFOGRAPHIC,
        "วิดีโอ": ItemType.VIDEO,
        "เสียง": ItemType.AUDIO,
        "สื่อการสอน": ItemType.COURSE_MATERIAL,
        "เอกสารประกอบหลักสูตร": ItemType.COURSE_MATERIAL,
    },
    "language": {
        "ไทย": ItemLanguage.THAI,
        "ภาษาไทย": ItemLanguage.THAI,
        "thai": ItemLanguage.THAI,
        "tha": ItemLanguage.THAI,
        "อังกฤษ": ItemLanguage.ENGLISH,
        "ภาษาอังกฤษ": ItemLanguage.ENGLISH,
        "english": ItemLanguage.ENGLISH,
        "eng": ItemLanguage.ENGLISH,
        "ไทยและอังกฤษ": ItemLanguage.MULTIPLE,
        "หลายภาษา": ItemLanguage.MULTIPLE,
    },
    "access": {
        "เปิด": Access.OPEN,
        "สาธารณะ": Access.OPEN,
        "ทุกคน": Access.OPEN,
        "ผู้ใช้ที่เข้าสู่ระบบ": Access.SIGNED_IN,
        "สมาชิก": Access.SIGNED_IN,
        "ข้าราชการ": Access.CIVIL_SERVANTS,
        "เฉพาะข้าราชการ": Access.CIVIL_SERVANTS,
    },
}
CHOICES = {"type": ItemType, "language": ItemLanguage, "access": Access}
MODEL_FIELDS = {"type": "item_type", "language": "language", "access": "access"}


def may_import(user):
    """True when ``user`` may import library items (the admin form, ``import_library --by``)."""
    return bool(user and user.is_active and user.has_perm(PERMISSION))


def max_file_bytes():
    return getattr(settings, "LIBRARY_IMPORT_MAX_FILE_BYTES", MAX_FILE_BYTES)


def max_image_bytes():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


# --- The report


@dataclass
class Problem:
    """Why one line of the file (or the whole file, ``line`` None when no line is to blame) cannot be imported."""

    line: int | None
    code: str
    message: str
    identifier: str = ""


@dataclass
class Notice:
    """Something worth knowing about the file that stops nothing (an unknown column, say)."""

    line: int | None
    code: str
    message: str


@dataclass
class RowPlan:
    """A good row: what it will do (``create``, ``update`` or ``unchanged``) and the values it sets."""

    line: int
    identifier: str
    title: str
    action: str = "create"
    item: LibraryItemPage | None = None
    values: dict = field(default_factory=dict)
    creators: list | None = None
    subjects: list | None = None
    file_path: Path | None = None
    file_hash: str = ""
    cover_path: Path | None = None
    cover_hash: str = ""
    page_id: int | None = None


@dataclass
class ImportReport:
    """What an import found and did.

    ``problems`` lists every bad line (several problems may share one); ``file_problem`` is
    True when the file itself could not be used, so no row was checked. ``plans`` are the
    good rows with what each does; ``imported`` is True once they were written.
    """

    dry_run: bool = False
    skip_invalid: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    file_problem: bool = False
    plans: list[RowPlan] = field(default_factory=list)
    imported: bool = False

    def add(self, line, code, message, identifier=""):
        self.problems.append(Problem(line, code, message, identifier))

    def _with_action(self, action):
        return [plan for plan in self.plans if plan.action == action]

    @property
    def created(self):
        return self._with_action("create")

    @property
    def updated(self):
        return self._with_action("update")

    @property
    def unchanged(self):
        return self._with_action("unchanged")

    @property
    def to_write(self):
        return [plan for plan in self.plans if plan.action != "unchanged"]

    @property
    def bad_lines(self):
        return sorted({problem.line for problem in self.problems if problem.line is not None})

    @property
    def bad_count(self):
        return len(self.bad_lines)

    @property
    def blocked(self):
        """True when bad rows (or a bad file) mean nothing can be (or was) imported."""
        return bool(self.problems) and (self.file_problem or not self.skip_invalid)

    @property
    def skipped_count(self):
        """Bad rows left out of an import that went ahead (``skip_invalid``)."""
        return 0 if self.blocked else self.bad_count


class ImportFileError(Exception):
    """The file as a whole cannot be used (not UTF-8, no header, a column missing, a bad ZIP...)."""

    def __init__(self, line, code, message):
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


# --- Reading the file


def _decode(raw):
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            line,
            "encoding",
            _(
                "The file is not UTF-8 text (the first character it cannot read is on this line). "
                "Save it as “CSV UTF-8” and try again."
            ),
        ) from error


def _column_name(cell):
    name = unicodedata.normalize("NFC", cell).strip().lstrip("\ufeff").strip().lower()
    name = re.sub(r"[\s-]+", "_", name)
    return COLUMN_ALIASES.get(name, name)


def _read_header(cells, line, report):
    """``{column: position}`` for the known columns; notices for unknown and missing ones."""
    positions, unknown = {}, []
    for position, cell in enumerate(cells):
        name = _column_name(cell)
        if not name:
            continue
        if name not in COLUMNS:
            unknown.append(cell.strip())
            continue
        if name in positions:
            raise ImportFileError(
                line, "duplicate_column", _("The header names the column “%(column)s” twice.") % {"column": name}
            )
        positions[name] = position
    missing_required = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing_required:
        raise ImportFileError(
            line,
            "missing_columns",
            _(
                "The header row must name the columns “identifier” and “title”; missing: %(columns)s. "
                "The first line of the file must be the header, with the column names in English."
            )
            % {"columns": ", ".join(f"“{column}”" for column in missing_required)},
        )
    if unknown:
        report.notices.append(
            Notice(
                line,
                "unknown_columns",
                _("These columns are not known and are ignored: %(columns)s. The known columns are %(known)s.")
                % {
                    "columns": ", ".join(f"“{column}”" for column in unknown),
                    "known": ", ".join(COLUMNS),
                },
            )
        )
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        report.notices.append(
            Notice(
                line,
                "missing_columns",
                _(
                    "The file has no column %(columns)s: existing items keep those fields as they are, "
                    "new items get them empty or at their defaults."
                )
                % {"columns": ", ".join(f"“{column}”" for column in missing)},
            )
        )
    return positions


def read_rows(raw, report, max_rows=MAX_ROWS):
    """The header's column positions and the data rows as ``(line, cells)``; records too-wide rows.

    Raises ``ImportFileError`` when the file as a whole cannot be used.
    """
    if not raw.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise ImportFileError(None, "empty", _("The file is empty."))
    text = _decode(raw)
    positions, width, rows = None, 0, []
    try:
        read = list(csv_records(text))
    except CsvLineError as error:
        raise ImportFileError(
            error.line, "csv", _("This line cannot be read as CSV (check its quotation marks).")
        ) from error
    for start, cells in read:
        if positions is None:
            positions = _read_header(cells, start, report)
            width = len(cells)
            continue
        if len(rows) >= max_rows:
            raise ImportFileError(
                start,
                "too_many_rows",
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": number_format(max_rows, force_grouping=True)},
            )
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            report.add(
                start,
                "too_many_columns",
                _(
                    "This line has %(found)s values but the header has %(expected)s columns. "
                    "Put a value that contains a comma between double quotes."
                )
                % {"found": len(cells), "expected": width},
            )
            continue
        values = {
            column: unicodedata.normalize("NFC", cells[position]).strip() if position < len(cells) else ""
            for column, position in positions.items()
        }
        rows.append((start, values))
    if positions is None:
        raise ImportFileError(None, "empty", _("The file is empty."))
    if not rows and not report.problems:
        raise ImportFileError(read[-1][0] + 1, "no_rows", _("The file has a header but no rows under it."))
    return positions, rows


# --- ZIP archives


def _member_name(info):
    """The member's name as its author wrote it: UTF-8, or Thai Windows' code page when the flag is not set."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437")
        for encoding in ("utf-8", "cp874"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def _is_symlink(info):
    return (info.external_attr >> 16) & 0o170000 == 0o120000


def unpack_zip(source, into):
    """Unpack the ZIP archive ``source`` (a path or a file) into the folder ``into``; returns its CSV file.

    Refuses (``ImportFileError``) an archive that cannot be opened, has too many members or
    would unpack too large, has a member whose name leaves the folder (an absolute path,
    ``..``) or is a link, or does not hold exactly one CSV file at its shallowest level.
    """
    into = Path(into).resolve()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(None, "bad_zip", _("The file is not a ZIP archive that can be opened.")) from error
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise ImportFileError(
                None,
                "zip_too_many_members",
                _("The ZIP archive holds more than %(limit)s files. Split it into smaller archives.")
                % {"limit": number_format(MAX_ZIP_MEMBERS, force_grouping=True)},
            )
        too_large = ImportFileError(
            None,
            "zip_too_large",
            _("Unpacked, the ZIP archive would be larger than %(limit)s. Split it into smaller archives.")
            % {"limit": filesizeformat(MAX_UNPACKED_BYTES)},
        )
        if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
            raise too_large
        written, csv_files = 0, []
        for info in members:
            name = _member_name(info)
            parts = PurePosixPath(name).parts
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or _is_symlink(info):
                raise ImportFileError(
                    None,
                    "zip_unsafe_member",
                    _("The ZIP archive holds “%(name)s”, which points outside the archive. Nothing was unpacked.")
                    % {"name": name},
                )
            parts = [part for part in parts if part not in ("", ".")]
            if not parts or parts[0] == "__MACOSX" or parts[-1] in (".DS_Store", "Thumbs.db"):
                continue
            target = into.joinpath(*parts)
            if not target.resolve().is_relative_to(into):
                raise ImportFileError(
                    None,
                    "zip_unsafe_member",
                    _("The ZIP archive holds “%(name)s”, which points outside the archive. Nothing was unpacked.")
                    % {"name": name},
                )
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as member, open(target, "wb") as out:
                    # The sizes an archive declares may lie: count what is really written.
                    while chunk := member.read(1024 * 1024):
                        written += len(chunk)
                        if written > MAX_UNPACKED_BYTES:
                            raise too_large
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as error:
                raise ImportFileError(
                    None,
                    "bad_zip",
                    _("The file “%(name)s” in the ZIP archive cannot be read.") % {"name": name},
                ) from error
            if target.suffix.lower() == ".csv":
                csv_files.append(target)
    if not csv_files:
        raise ImportFileError(None, "zip_no_csv", _("The ZIP archive holds no CSV file."))
    shallowest = min(len(path.relative_to(into).parts) for path in csv_files)
    candidates = [path for path in csv_files if len(path.relative_to(into).parts) == shallowest]
    if len(candidates) > 1:
        raise ImportFileError(
            None,
            "zip_several_csv",
            _("The ZIP archive holds several CSV files side by side (%(names)s): keep only the one to import.")
            % {"names": ", ".join(f"“{path.name}”" for path in sorted(candidates))},
        )
    return candidates[0]


# --- Checking values


def choice_lookup(column):
    """``{spelling: value}`` of every way a ``column`` value may be written (lower case)."""
    choices = CHOICES[column]
    lookup = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for language in ("en", "th"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = value
    lookup.update({name.lower(): value for name, value in THAI_ALIASES[column].items()})
    return lookup


def description_to_rich_text(value):
    """The description as the item's rich text stores it, after the project's sanitiser.

    HTML keeps paragraphs, line breaks, bold, italic, links and lists; headings and quotes
    become paragraphs, other tags give up their text. Plain text (no block tags) becomes
    paragraphs at its blank lines.
    """
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if not re.search(r"<\s*(p|ul|ol|li|br|div|h[1-6]|blockquote|pre|table)\b", value, re.IGNORECASE):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", value) if part.strip()]
        value = "".join("<p>" + part.replace("\n", "<br>") + "</p>" for part in paragraphs)
    soup = BeautifulSoup(clean_html(value), "html.parser")
    renames = {"strong": "b", "em": "i", "h2": "p", "h3": "p", "h4": "p", "blockquote": "p", "pre": "p"}
    for tag in soup.find_all(True):
        tag.name = renames.get(tag.name, tag.name)
        if tag.name not in ("p", "br", "b", "i", "a", "ul", "ol", "li"):
            tag.unwrap()
        elif tag.name == "a" and not tag.get("href"):
            tag.unwrap()
        elif tag.name == "a":
            tag.attrs = {"href": tag["href"]}
        else:
            tag.attrs = {}
    # Text and inline tags left at the top level go into paragraphs.
    blocks, inline = [], []

    def flush():
        if inline and "".join(str(node) for node in inline).strip():
            paragraph = soup.new_tag("p")
            for node in inline:
                paragraph.append(node.extract())
            blocks.append(paragraph)
        inline.clear()

    for node in list(soup.contents):
        if isinstance(node, Tag) and node.name in ("p", "ul", "ol"):
            flush()
            blocks.append(node.extract())
        elif isinstance(node, Tag) and node.name == "li":
            flush()
            wrapper = soup.new_tag("ul")
            wrapper.append(node.extract())
            blocks.append(wrapper)
        elif isinstance(node, NavigableString | Tag):
            inline.append(node)
    flush()
    return "".join(str(block) for block in blocks if block.get_text(strip=True) or block.find("br"))


def split_list(value):
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def split_rights(value):
    """``(licence, address)`` from "CC BY 4.0 https://…" (either may be empty)."""
    match = re.search(r"(?:^|[\s|(\[<,;])(https?://\S+?)[)\]>]?$", value)
    if not match:
        return value, ""
    licence = value[: match.start(1)].strip(" \t|-–—,;:([<")
    return licence, match.group(1)


def sha1_of(path):
    with open(path, "rb") as handle:
        return hash_filelike(handle)


def stored_hash(file_model):
    """The SHA-1 of a Wagtail document's or image's file (computed, not saved, when Wagtail has none yet)."""
    if file_model is None:
        return ""
    if file_model.file_hash:
        return file_model.file_hash
    try:
        with file_model.open_file() as handle:
            return hash_filelike(handle)
    except (OSError, ValueError):
        return ""


class _Checker:
    """Checks rows against the database and the files beside the CSV file; builds a ``RowPlan`` per good row."""

    def __init__(self, base, report):
        self.base = base.resolve()
        self.report = report
        self.lookups = {column: choice_lookup(column) for column in CHOICES}
        self.url_validator = URLValidator(schemes=["http", "https"])
        self.max_lengths = {
            "identifier": LibraryItemPage._meta.get_field("identifier").max_length,
            "title": LibraryItemPage._meta.get_field("title").max_length,
            "title_en": LibraryItemPage._meta.get_field("title_en").max_length,
            "publisher": LibraryItemPage._meta.get_field("publisher").max_length,
            "rights": LibraryItemPage._meta.get_field("rights").max_length,
            "rights_url": LibraryItemPage._meta.get_field("rights_url").max_length,
            "url": LibraryItemPage._meta.get_field("external_url").max_length,
            "creator": LibraryItemCreator._meta.get_field("name").max_length,
            "subject": Subject._meta.get_field("name").max_length,
        }
        self.subjects = {}
        for subject in Subject.objects.all():
            self.subjects.setdefault(subject.name.lower(), subject)
        for subject in Subject.objects.exclude(name_en=""):
            self.subjects.setdefault(subject.name_en.lower(), subject)

    def problem(self, line, code, message, identifier=""):
        self.report.add(line, code, message, identifier)

    def too_long(self, line, column, value, identifier):
        limit = self.max_lengths[column]
        if len(value) > limit:
            self.problem(
                line,
                "too_long",
                _("The %(column)s is %(length)s characters long; at most %(limit)s are allowed.")
                % {"column": column, "length": len(value), "limit": limit},
                identifier,
            )
            return True
        return False

    def resolve_path(self, line, column, value, identifier):
        """The file a ``file`` or ``cover`` cell names, inside the CSV file's folder; None (reported) otherwise."""
        if "://" in value:
            self.problem(
                line,
                "path_is_url",
                _(
                    "The %(column)s “%(value)s” is a web address; give a path relative to the CSV file "
                    "(a web address goes in the column “url”)."
                )
                % {"column": column, "value": value},
                identifier,
            )
            return None
        name = value.replace("\\", "/")
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if name.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", name) or ".." in parts or not parts:
            self.problem(
                line,
                "path_outside",
                _(
                    "The %(column)s “%(value)s” is not inside the CSV file's folder: give a path relative to it, "
                    "without “..”, such as files/manual.pdf."
                )
                % {"column": column, "value": value},
                identifier,
            )
            return None
        for form in dict.fromkeys((name, unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name))):
            candidate = self.base.joinpath(*[part for part in form.split("/") if part not in ("", ".")])
            resolved = candidate.resolve()
            if not resolved.is_relative_to(self.base):
                self.problem(
                    line,
                    "path_outside",
                    _("The %(column)s “%(value)s” leads outside the CSV file's folder.")
                    % {"column": column, "value": value},
                    identifier,
                )
                return None
            if resolved.is_file():
                return resolved
        self.problem(
            line,
            "file_missing",
            _("There is no file “%(value)s” in the CSV file's folder (the %(column)s column).")
            % {"value": value, "column": column},
            identifier,
        )
        return None

    def check_document(self, line, value, identifier):
        path = self.resolve_path(line, "file", value, identifier)
        if path is None:
            return None, ""
        extension = path.suffix.lower().lstrip(".")
        allowed = [name.lower() for name in settings.WAGTAILDOCS_EXTENSIONS]
        if extension not in allowed:
            self.problem(
                line,
                "file_type",
                _("The file “%(value)s” is not of a type the library accepts (%(types)s).")
                % {"value": value, "types": ", ".join(allowed)},
                identifier,
            )
            return None, ""
        size = path.stat().st_size
        if size == 0:
            self.problem(line, "file_empty", _("The file “%(value)s” is empty.") % {"value": value}, identifier)
            return None, ""
        if size > max_file_bytes():
            self.problem(
                line,
                "file_too_large",
                _("The file “%(value)s” is %(size)s; the largest accepted is %(limit)s.")
                % {"value": value, "size": filesizeformat(size), "limit": filesizeformat(max_file_bytes())},
                identifier,
            )
            return None, ""
        return path, sha1_of(path)

    def check_cover(self, line, value, identifier):
        from wagtail.images.fields import WagtailImageField

        path = self.resolve_path(line, "cover", value, identifier)
        if path is None:
            return None, ""
        extension = path.suffix.lower().lstrip(".")
        allowed = [name.lower() for name in settings.WAGTAILIMAGES_EXTENSIONS]
        if extension not in allowed:
            self.problem(
                line,
                "cover_type",
                _("The cover “%(value)s” is not an image of a type the library accepts (%(types)s).")
                % {"value": value, "types": ", ".join(allowed)},
                identifier,
            )
            return None, ""
        size = path.stat().st_size
        if size > max_image_bytes():
            self.problem(
                line,
                "cover_too_large",
                _("The cover “%(value)s” is %(size)s; the largest accepted is %(limit)s.")
                % {"value": value, "size": filesizeformat(size), "limit": filesizeformat(max_image_bytes())},
                identifier,
            )
            return None, ""
        with open(path, "rb") as handle:
            try:
                WagtailImageField().clean(File(handle, name=path.name))
            except ValidationError as error:
                self.problem(
                    line,
                    "cover_invalid",
                    _("The cover “%(value)s” cannot be used: %(reason)s")
                    % {"value": value, "reason": " ".join(error.messages)},
                    identifier,
                )
                return None, ""
        return path, sha1_of(path)

    def check(self, line, row):
        """A ``RowPlan`` for a good row, or None after reporting its problems."""
        before = len(self.report.problems)
        identifier = row.get("identifier", "")
        title = row.get("title", "")
        if not identifier:
            self.problem(line, "missing_identifier", _("The identifier is missing."))
        else:
            self.too_long(line, "identifier", identifier, identifier)
        if not title:
            self.problem(line, "missing_title", _("The title is missing."), identifier)
        else:
            self.too_long(line, "title", title, identifier)
        plan = RowPlan(line=line, identifier=identifier, title=title)
        values = plan.values
        values["title"] = title
        for column in ("title_en", "publisher"):
            if column in row:
                self.too_long(line, column, row[column], identifier)
                values[column] = row[column]
        if "creator" in row:
            plan.creators = split_list(row["creator"])
            for name in plan.creators:
                self.too_long(line, "creator", name, identifier)
        if "subject" in row:
            plan.subjects = list(dict.fromkeys(split_list(row["subject"])))
            for name in plan.subjects:
                self.too_long(line, "subject", name, identifier)
        if "description" in row:
            values["description"] = description_to_rich_text(row["description"])
        if "date" in row:
            try:
                values["date_issued"] = normalise_date_issued(row["date"])
            except ValidationError as error:
                self.problem(
                    line,
                    "bad_date",
                    _("The date “%(value)s” cannot be read: %(reason)s")
                    % {"value": row["date"], "reason": " ".join(error.messages)},
                    identifier,
                )
        for column, choices in CHOICES.items():
            if row.get(column):
                value = self.lookups[column].get(row[column].lower())
                if value is None:
                    self.problem(
                        line,
                        f"unknown_{column}",
                        _("The %(column)s “%(value)s” is not known. Use one of: %(choices)s.")
                        % {"column": column, "value": row[column], "choices": ", ".join(choices.values)},
                        identifier,
                    )
                else:
                    values[MODEL_FIELDS[column]] = value
        if "rights" in row:
            licence, address = split_rights(row["rights"])
            self.too_long(line, "rights", licence, identifier)
            if address:
                try:
                    self.url_validator(address)
                except ValidationError:
                    self.problem(
                        line,
                        "bad_rights_url",
                        _("The licence address “%(value)s” is not a valid web address.") % {"value": address},
                        identifier,
                    )
                self.too_long(line, "rights_url", address, identifier)
            values["rights"], values["rights_url"] = licence, address
        if "url" in row:
            if row["url"]:
                try:
                    self.url_validator(row["url"])
                except ValidationError:
                    self.problem(
                        line,
                        "bad_url",
                        _("The url “%(value)s” is not a valid web address (it must start with http:// or https://).")
                        % {"value": row["url"]},
                        identifier,
                    )
                self.too_long(line, "url", row["url"], identifier)
            values["external_url"] = row["url"]
        if row.get("file"):
            plan.file_path, plan.file_hash = self.check_document(line, row["file"], identifier)
        if row.get("cover"):
            plan.cover_path, plan.cover_hash = self.check_cover(line, row["cover"], identifier)
        return plan if len(self.report.problems) == before else None

    def subject_for(self, name):
        return self.subjects.get(name.lower())


def _existing_items(identifiers):
    """``{identifier: item}`` for the items with these identifiers, with what the comparison needs."""
    identifiers = sorted(identifiers)
    found = {}
    for start in range(0, len(identifiers), LOOKUP_CHUNK):
        queryset = (
            LibraryItemPage.objects.filter(identifier__in=identifiers[start : start + LOOKUP_CHUNK])
            .select_related("document", "cover")
            .prefetch_related("creators", "subjects")
        )
        for item in queryset:
            found[item.identifier] = item
    return found


def _decide(plan, checker, report, user=None):
    """Set ``plan.action`` from what the item holds now; False (reported) when the row cannot apply to it."""
    item = plan.item
    has_file = plan.file_path is not None or (item is not None and item.document_id is not None)
    has_url = plan.values.get("external_url", item.external_url if item is not None else "")
    if not has_file and not has_url:
        report.add(
            plan.line,
            "no_file_or_url",
            _("The item needs a file or a url: give one of them."),
            plan.identifier,
        )
        return False
    if item is None:
        plan.action = "create"
        return True
    if item.locked:
        report.add(
            plan.line,
            "locked",
            _("The item “%(title)s” is locked in the editor; unlock it to update it.") % {"title": item.title},
            plan.identifier,
        )
        return False
    if user is not None and not item.permissions_for_user(user).can_edit():
        report.add(
            plan.line,
            "not_permitted",
            _("You may not change the item “%(title)s” in the editor, so the import may not either.")
            % {"title": item.title},
            plan.identifier,
        )
        return False
    if item.has_unpublished_changes:
        report.add(
            plan.line,
            "unpublished_changes",
            _("The item “%(title)s” has changes in the editor that are not published: publish or discard them first.")
            % {"title": item.title},
            plan.identifier,
        )
        return False
    changed = not item.live or any(getattr(item, name) != value for name, value in plan.values.items())
    if plan.creators is not None and [creator.name for creator in item.creators.all()] != plan.creators:
        changed = True
    if plan.subjects is not None:
        wanted = [checker.subject_for(name) for name in plan.subjects]
        if None in wanted or {subject.pk for subject in wanted} != {subject.pk for subject in item.subjects.all()}:
            changed = True
    if plan.file_path is not None and plan.file_hash != stored_hash(item.document):
        changed = True
    if plan.cover_path is not None and (item.cover_generated or plan.cover_hash != stored_hash(item.cover)):
        changed = True
    plan.action = "update" if changed else "unchanged"
    return True


def check_rows(csv_path, report, max_rows=MAX_ROWS, user=None):
    """Read and check every row of the CSV file at ``csv_path``; fills ``report.plans`` and ``report.problems``."""
    raw = Path(csv_path).read_bytes()
    _columns, rows = read_rows(raw, report, max_rows=max_rows)
    report.rows = len(rows) + len(report.problems)
    checker = _Checker(Path(csv_path).parent, report)
    plans = []
    for line, row in rows:
        plan = checker.check(line, row)
        if plan is not None:
            plans.append(plan)
    # The same identifier on several lines: every one of those lines is bad.
    lines_by_identifier = {}
    for line, row in rows:
        if row.get("identifier"):
            lines_by_identifier.setdefault(row["identifier"], []).append(line)
    duplicated = set()
    for identifier, lines in lines_by_identifier.items():
        if len(lines) < 2:
            continue
        duplicated.add(identifier)
        for line in lines:
            others = ", ".join(str(other) for other in lines if other != line)
            report.add(
                line,
                "duplicate_identifier",
                _("The identifier “%(identifier)s” is also on line %(lines)s of the file.")
                % {"identifier": identifier, "lines": others},
                identifier,
            )
    plans = [plan for plan in plans if plan.identifier not in duplicated]
    existing = _existing_items({plan.identifier for plan in plans})
    for plan in plans:
        plan.item = existing.get(plan.identifier)
        if _decide(plan, checker, report, user=user):
            report.plans.append(plan)
    report.problems.sort(key=lambda problem: problem.line or 0)
    return checker


# --- Writing


class _Writer:
    """Writes the planned rows: subjects, documents, covers and pages; remembers the files it stored."""

    def __init__(self, checker, index, user):
        self.checker = checker
        self.index = index
        self.user = user
        self.stored_files = []
        self.new_subjects = []
        self.slugs = set(index.get_children().values_list("slug", flat=True))

    def subject(self, name):
        subject = self.checker.subject_for(name)
        if subject is None:
            subject = Subject.objects.create(name=name)
            self.checker.subjects[name.lower()] = subject
            self.new_subjects.append(name.lower())
        return subject

    def write_row(self, plan):
        """``write`` in a savepoint; when it fails, what the row made is forgotten (its files deleted)."""
        files_before, subjects_before = len(self.stored_files), len(self.new_subjects)
        try:
            with transaction.atomic():
                self.write(plan)
        except BaseException:
            for stored in self.stored_files[files_before:]:
                self.delete(stored)
            del self.stored_files[files_before:]
            for name in self.new_subjects[subjects_before:]:
                self.checker.subjects.pop(name, None)
            del self.new_subjects[subjects_before:]
            raise

    def new_slug(self, plan):
        base = (
            slugify(plan.values.get("title_en", ""))[:80].strip("-") or slugify(plan.identifier)[:80].strip("-")
        ) or "item"
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def document(self, plan):
        document = get_document_model()(title=plan.title[:255], uploaded_by_user=self.user)
        with open(plan.file_path, "rb") as handle:
            document.file.save(plan.file_path.name, File(handle), save=False)
        self.stored_files.append(document.file)
        document.file_size = plan.file_path.stat().st_size
        document.file_hash = plan.file_hash
        document.save()
        return document

    def image(self, plan):
        image = get_image_model()(title=plan.title[:255], uploaded_by_user=self.user)
        with open(plan.cover_path, "rb") as handle:
            image.file.save(plan.cover_path.name, ImageFile(handle, name=plan.cover_path.name), save=False)
        self.stored_files.append(image.file)
        image.file_size = plan.cover_path.stat().st_size
        image.file_hash = plan.cover_hash
        image.save()
        return image

    def write(self, plan):
        creating = plan.item is None
        item = LibraryItemPage(live=False, has_unpublished_changes=True) if creating else plan.item
        for name, value in plan.values.items():
            setattr(item, name, value)
        item.identifier = plan.identifier
        if plan.creators is not None:
            item.creators = [
                LibraryItemCreator(name=name, sort_order=position) for position, name in enumerate(plan.creators)
            ]
        if plan.subjects is not None:
            item.subjects = list(dict.fromkeys(self.subject(name) for name in plan.subjects))
        if plan.file_path is not None and (creating or plan.file_hash != stored_hash(item.document)):
            item.document = self.document(plan)
        if plan.cover_path is not None and (
            creating or item.cover_generated or plan.cover_hash != stored_hash(item.cover)
        ):
            item.cover = self.image(plan)
            item.cover_generated = False
        if creating:
            item.slug = self.new_slug(plan)
            self.index.add_child(instance=item)
            log(instance=item, action="wagtail.create", user=self.user)
        revision = item.save_revision(user=self.user, log_action=True)
        # The right to import (``library.import_items``, checked by the callers) is the right to
        # publish what is imported: an instructor who may not publish in the editor may here.
        revision.publish(user=self.user, skip_permission_checks=True)
        plan.page_id = item.pk

    def delete(self, stored):
        try:
            if stored.name and stored.storage.exists(stored.name):
                stored.storage.delete(stored.name)
        except OSError:
            pass

    def delete_stored_files(self):
        for stored in self.stored_files:
            self.delete(stored)


def _row_error(error):
    if isinstance(error, OSError):
        return _("A file of this row could not be stored (%(error)s). Try again.") % {"error": error}
    if isinstance(error, ValidationError):
        if hasattr(error, "message_dict"):
            return " ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        return " ".join(error.messages)
    return _("It conflicts with an item saved meanwhile (the same identifier?). Try again.")


def write_plans(report, checker, index, user=None):
    """Write the report's planned rows in one transaction (each row in a savepoint); sets ``report.imported``."""
    writer = _Writer(checker, index, user)
    failed = False
    # Files stored on the way (the covers ``library.files`` draws from PDFs too) are deleted if
    # their rows are rolled back; only this thread's saves are this import's.
    thread = threading.get_ident()

    def remember_file(sender, instance, created, **kwargs):
        if created and threading.get_ident() == thread and instance.file:
            writer.stored_files.append(instance.file)

    for model in (get_document_model(), get_image_model()):
        post_save.connect(remember_file, sender=model, weak=False, dispatch_uid=f"library-import-{id(writer)}")
    try:
        with transaction.atomic():
            for plan in report.to_write:
                try:
                    writer.write_row(plan)
                except (ValidationError, IntegrityError, OSError) as error:
                    # The checks missed it (or someone saved an item meanwhile): the row is bad.
                    report.add(plan.line, "save_failed", _row_error(error), plan.identifier)
                    plan.page_id = None
                    if not report.skip_invalid:
                        failed = True
                        transaction.set_rollback(True)
                        break
            report.plans = [plan for plan in report.plans if plan.action == "unchanged" or plan.page_id]
    except BaseException:
        writer.delete_stored_files()
        raise
    finally:
        for model in (get_document_model(), get_image_model()):
            post_save.disconnect(sender=model, dispatch_uid=f"library-import-{id(writer)}")
    report.problems.sort(key=lambda problem: problem.line or 0)
    if failed:
        writer.delete_stored_files()
        for plan in report.plans:
            plan.page_id = None
        return
    report.imported = True


def import_csv(csv_path, *, dry_run=False, skip_invalid=False, user=None, max_rows=MAX_ROWS):
    """Check every row of the CSV file at ``csv_path`` and import the good ones; returns an ``ImportReport``.

    Nothing is written when a row is bad unless ``skip_invalid``, nor on a ``dry_run``.
    ``user`` is recorded as the author of the revisions and the uploader of the files.
    """
    report = ImportReport(dry_run=dry_run, skip_invalid=skip_invalid)
    try:
        index = LibraryIndexPage.objects.live().first()
        if index is None:
            raise ImportFileError(
                None,
                "no_library",
                _("There is no published e-library page (/library/) to put the items under. Publish it first."),
            )
        checker = check_rows(csv_path, report, max_rows=max_rows, user=user)
    except ImportFileError as error:
        report.file_problem = True
        report.problems = [Problem(error.line, error.code, error.message)]
        report.plans = []
        return report
    if not dry_run and not report.blocked:
        if report.to_write:
            write_plans(report, checker, index.specific, user=user)
        else:
            report.imported = True
    return report


def import_library(path, *, dry_run=False, skip_invalid=False, user=None, max_rows=MAX_ROWS):
    """``import_csv`` for a CSV file or a ZIP archive holding one (unpacked into a temporary folder)."""
    path = Path(path)
    if path.suffix.lower() != ".zip":
        return import_csv(path, dry_run=dry_run, skip_invalid=skip_invalid, user=user, max_rows=max_rows)
    with tempfile.TemporaryDirectory(prefix="library-import-") as work_dir:
        try:
            csv_path = unpack_zip(path, work_dir)
        except ImportFileError as error:
            report = ImportReport(dry_run=dry_run, skip_invalid=skip_invalid, file_problem=True)
            report.problems = [Problem(error.line, error.code, error.message)]
            return report
        return import_csv(csv_path, dry_run=dry_run, skip_invalid=skip_invalid, user=user, max_rows=max_rows)
