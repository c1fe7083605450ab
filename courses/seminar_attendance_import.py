"""Recording a session's attendance from a CSV file of e-mail addresses (the organisers' upload).

The file
    UTF-8 text (a byte-order mark, as Excel's "CSV UTF-8" writes, is fine), one e-mail
    address a row, at most ``MAX_ROWS`` rows and ``MAX_UPLOAD_BYTES`` bytes. A header row is
    optional: when the first row names an e-mail column (``email``, ``e-mail``, ``อีเมล``,
    in any letter case, as ``courses.services.bulk_enrolment`` reads it), the addresses are
    read from that column and the other columns are ignored, so the registrants' CSV the same
    screen exports can be uploaded again with the absentees' rows deleted. Without a header,
    a row holds one address and nothing else. Blank rows are skipped.

How a file is handled
    Every row is checked first and every bad row reported with its physical line in the
    file (a quoted cell spanning lines counts them all) and a reason: a missing or malformed
    address, nobody with that address, a person not registered for this session, a
    registration that was cancelled or declined, or one still awaiting approval, and the same
    person as an earlier line. People whose attendance was recorded before are reported and
    left alone. Then, when no row is bad, every good row is marked attended in one
    transaction through ``courses.services.seminars.mark_attended`` (source
    ``AttendanceSource.IMPORT``), which credits the seminar's hours and issues its
    certificate; if any row is refused meanwhile, the transaction is rolled back and nothing
    is recorded. A file with any bad row records nobody. ``dry_run`` checks only.

Example::

    result = import_attendance(upload, session, by_user=request.user)
    for problem in result.problems:
        print(problem.line, problem.message)
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lms.csv_records import CsvEncodingError, CsvLineError, decode, read_bytes
from lms.csv_records import records as csv_records
from lms.models import User
from lms.models.users import normalise_email

from .models import ACTIVE_STATUSES, AttendanceSource, Registration, RegistrationStatus
from .models.seminars import CHECK_IN_OPENS_BEFORE
from .services.bulk_enrolment import COLUMN_ALIASES
from .services.seminars import SeminarError, mark_attended

MAX_ROWS = 2000
MAX_UPLOAD_BYTES = 1024 * 1024
EMAIL_HEADERS = COLUMN_ALIASES["email"]
# Users are looked up this many addresses at a time (SQLite limits the parameters of a query).
LOOKUP_CHUNK = 500


@dataclass
class Problem:
    """Why one line of the file (or the whole file, ``line`` None when no line is to blame) cannot be recorded."""

    line: int | None
    code: str
    message: str
    email: str = ""


@dataclass
class Row:
    """One data row: its line, the address as written, and the registration it names once resolved."""

    line: int
    email: str
    registration: Registration | None = None


@dataclass
class AttendanceImportResult:
    """What an attendance import found and did.

    ``problems`` lists every bad line; ``file_problem`` is True when the file (or the
    session) could not be used at all, so no row was checked. ``ready`` are the rows to mark,
    ``already`` those whose attendance was recorded before, ``marked`` the rows marked
    (empty on a dry run or when a bad row stopped the import).
    """

    dry_run: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    file_problem: bool = False
    ready: list[Row] = field(default_factory=list)
    already: list[Row] = field(default_factory=list)
    marked: list[Row] = field(default_factory=list)

    @property
    def bad_lines(self):
        return sorted({problem.line for problem in self.problems if problem.line is not None})

    @property
    def bad_count(self):
        return len(self.bad_lines)

    @property
    def marked_count(self):
        return len(self.marked)

    @property
    def already_count(self):
        return len(self.already)

    @property
    def blocked(self):
        """True when bad rows (or a bad file) mean nobody can be (or was) marked."""
        return bool(self.problems)

    def add(self, line, code, message, row=None):
        self.problems.append(Problem(line, code, message, email=row.email if row else ""))


class _FileProblem(Exception):
    def __init__(self, line, code, message):
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


def attendance_error(session, now=None):
    """The ``SeminarError`` when attendance of ``session`` cannot be recorded yet (or any more), else None.

    As ``mark_attended`` decides: from 30 minutes before the start; never for a cancelled session.
    """
    now = now or timezone.now()
    if session.cancelled_at is not None:
        return SeminarError("cancelled", _("This session has been cancelled."))
    if now < session.starts_at - CHECK_IN_OPENS_BEFORE:
        return SeminarError("not_started", _("Attendance can be recorded once the session has started."))
    return None


# --- Reading the file


def _decode(raw):
    try:
        return decode(raw)
    except CsvEncodingError as error:
        raise _FileProblem(error.line, "encoding", str(error.message)) from error


def _header_name(cell):
    return cell.strip().lstrip("\ufeff").strip().lower()


def _email_column(cells):
    """The position of the e-mail column when ``cells`` is a header row, else None."""
    found = [index for index, cell in enumerate(cells) if _header_name(cell) in EMAIL_HEADERS]
    return found[0] if found else None


def _read_rows(raw, result):
    """The data rows of the file with their lines; records rows that hold more than an address."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise _FileProblem(
            None,
            "too_big",
            _("The file is %(size)s; the largest accepted is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(len(raw)), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    if not raw.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise _FileProblem(1, "empty", _("The file is empty."))
    text = _decode(raw)
    try:
        read = list(csv_records(text))
    except CsvLineError as error:
        raise _FileProblem(
            error.line, "csv", _("This line cannot be read as CSV (check its quotation marks).")
        ) from error
    column = _email_column(read[0][1]) if read else None
    if column is not None:
        read = read[1:]
    rows = []
    for line, cells in read:
        if result.rows >= MAX_ROWS:
            raise _FileProblem(
                line,
                "too_many_rows",
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": number_format(MAX_ROWS, force_grouping=True)},
            )
        result.rows += 1
        if column is None:
            filled = [cell.strip() for cell in cells if cell.strip()]
            row = Row(line=line, email=filled[0] if filled else "")
            if len(filled) > 1:
                result.add(
                    line,
                    "too_many_values",
                    _(
                        "Write one e-mail address a line, or start the file with a header row "
                        "naming the “email” column."
                    ),
                    row,
                )
                continue
        else:
            row = Row(line=line, email=cells[column].strip() if column < len(cells) else "")
        rows.append(row)
    if not rows and not result.problems:
        if column is not None:
            raise _FileProblem(
                read[-1][0] + 1 if read else 2, "no_rows", _("The file has a header but no rows under it.")
            )
        raise _FileProblem(1, "empty", _("The file is empty."))
    return rows


# --- Checking the rows


def _people_by_email(emails):
    """The users with these (normalised) addresses, by address."""
    emails = sorted(emails)
    found = {}
    for start in range(0, len(emails), LOOKUP_CHUNK):
        for person in User.objects.filter(email__in=emails[start : start + LOOKUP_CHUNK]):
            found[person.email] = person
    return found


def _registrations_by_user(session, user_ids):
    """Each person's registration for ``session``: the active one, else the latest one."""
    user_ids = sorted(user_ids)
    found = {}
    for start in range(0, len(user_ids), LOOKUP_CHUNK):
        registrations = (
            Registration.objects.filter(session=session, user_id__in=user_ids[start : start + LOOKUP_CHUNK])
            .select_related("user")
            .order_by("registered_at", "pk")
        )
        for registration in registrations:
            held = found.get(registration.user_id)
            # Later rows replace earlier ones, except that an active row is never replaced by an old one.
            if held is None or registration.status in ACTIVE_STATUSES or held.status not in ACTIVE_STATUSES:
                found[registration.user_id] = registration
    return found


def _check_rows(session, rows, result):
    """Resolve every row to its registration and record each bad one; returns the rows to mark."""
    emails = {}
    for row in rows:
        if not row.email:
            result.add(row.line, "missing_email", _("The e-mail address is missing."), row)
            continue
        try:
            validate_email(row.email)
        except ValidationError:
            result.add(
                row.line, "malformed_email", _("“%(email)s” is not a valid e-mail address.") % {"email": row.email}, row
            )
            continue
        emails[row.line] = normalise_email(row.email)

    people = _people_by_email(set(emails.values()))
    registrations = _registrations_by_user(session, {person.pk for person in people.values()})
    first_line = {}
    ready = []
    for row in rows:
        if row.line not in emails:
            continue
        person = people.get(emails[row.line])
        if person is None:
            result.add(
                row.line,
                "unknown_person",
                # The same words as for an account that is not registered: the import does not tell
                # organisers which addresses have accounts.
                _("“%(email)s” is not registered for this session.") % {"email": row.email},
                row,
            )
            continue
        if person.pk in first_line:
            result.add(
                row.line, "duplicate", _("The same person as line %(line)s.") % {"line": first_line[person.pk]}, row
            )
            continue
        first_line[person.pk] = row.line
        registration = registrations.get(person.pk)
        if registration is None:
            result.add(
                row.line,
                "not_registered",
                _("“%(email)s” is not registered for this session.") % {"email": row.email},
                row,
            )
            continue
        row.registration = registration
        if registration.status == RegistrationStatus.ATTENDED:
            result.already.append(row)
        elif registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
            result.add(
                row.line,
                registration.status,
                _("The registration of “%(email)s” is %(status)s, so attendance cannot be recorded.")
                % {"email": row.email, "status": registration.get_status_display().lower()},
                row,
            )
        elif registration.status == RegistrationStatus.PENDING:
            result.add(
                row.line,
                "pending",
                _(
                    "The registration of “%(email)s” still awaits the training officer's approval, "
                    "so attendance cannot be recorded."
                )
                % {"email": row.email},
                row,
            )
        else:
            ready.append(row)
    return ready


# --- Recording


def import_attendance(data, session, by_user, dry_run=False, now=None):
    """Check every row of a CSV file of e-mail addresses (bytes, text or a file) and mark the people attended.

    Nobody is marked when a row is bad or when the session does not take attendance now
    (see ``attendance_error``); nothing is written on a ``dry_run``. Returns an
    ``AttendanceImportResult``.
    """
    now = now or timezone.now()
    result = AttendanceImportResult(dry_run=dry_run)
    try:
        error = attendance_error(session, now)
        if error is not None:
            raise _FileProblem(None, error.code, error.message)
        rows = _read_rows(read_bytes(data), result)
    except _FileProblem as problem:
        result.file_problem = True
        result.problems = [Problem(problem.line, problem.code, problem.message)]
        return result
    result.ready = _check_rows(session, rows, result)
    result.problems.sort(key=lambda problem: problem.line or 0)
    if dry_run or result.problems or not result.ready:
        return result
    with transaction.atomic():
        marked = []
        for row in result.ready:
            try:
                mark_attended(row.registration, by_user, source=AttendanceSource.IMPORT, now=now)
            except SeminarError as error:
                # The registration changed since the check (cancelled meanwhile, ...).
                result.add(row.line, f"refused_{error.code}", error.message, row)
                continue
            marked.append(row)
        if result.problems:
            result.problems.sort(key=lambda problem: problem.line or 0)
            transaction.set_rollback(True)
            marked = []
        result.marked = marked
    return result
