"""Enrolling many people at once from a CSV file (the admin upload and ``manage.py enrol_csv``).

The file
    UTF-8 text (a byte-order mark, as Excel's "CSV UTF-8" writes, is fine), comma-separated,
    at most ``MAX_ROWS`` rows under a header row. The header names two columns, in any
    order and any letter case: ``email`` (or ``e-mail``, ``อีเมล``) and ``course`` (or
    ``หลักสูตร``). Other named columns, such as a name for the reader's benefit, are
    ignored. Blank rows are skipped. A file that is not UTF-8 (reported on the line of
    the first byte that cannot be read: a file saved as TIS-620/Windows-874, say), is
    empty, has no rows under its header, lacks a column or has more than ``MAX_ROWS``
    rows is refused as a whole.

The course column
    Each course may be given as

    - its number (the page id Wagtail shows in the editor's address bar), e.g. ``42``;
    - its slug (the last part of its web address), e.g. ``pdpa-for-officials``;
    - its web address, with or without the site, e.g. ``/courses/pdpa-for-officials/`` or
      ``https://learn.example.go.th/courses/pdpa-for-officials/``.

    Titles are not accepted: two courses may share one.

How a file is handled
    Every row is checked first and every bad row is reported with the file's line number
    (the header is line 1) and a reason: a missing value, too many columns, a malformed
    e-mail address, nobody with that address (or, for a training officer, nobody with it in
    their agency and its sub-agencies), a disabled account, an unknown or unpublished
    course, a course with a privacy setting (a view restriction: open only to signed-in
    users, some groups or a password), the same person and course as an earlier line, a
    person the course does not admit (its audience or prerequisites), a course whose
    enrolment has closed, or a course whose places the rows above it already fill. People
    already enrolled are reported and left alone. A course that has not opened yet is
    fine: training officers may enrol staff before a course opens, never after enrolment
    has closed (as ``enrol_learner`` decides).

    Then, in one transaction, the file's courses are locked (in the order of their ids, so
    two uploads naming the same courses cannot deadlock) and the good rows are enrolled
    through ``courses.services.enrolment.enrol_learner`` (source "admin" when an
    administrator or a superuser acts, else "bulk") unless a row is bad and ``skip_bad`` is
    False, in which case nobody is enrolled. ``dry_run`` checks only. Callers check
    ``may_enrol_in_bulk`` for the person acting.

Who may enrol whom
    Anyone who may see every user in the editor (administrators, superusers) or nobody in
    particular (``acting_user=None``, the command without ``--by``) may enrol anyone.
    Anyone else, a training officer, only the staff of their agency and of the agencies
    under it (``lms.admin_views.users_visible_to``).

Example::

    result = enrol_from_csv(upload.read(), acting_user=request.user, skip_bad=True)
    for problem in result.problems:
        print(problem.line, problem.message)
"""

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.permissions import policy_registry

from lms import roles
from lms.admin_views import users_visible_to
from lms.csv_records import CsvEncodingError, CsvLineError, decode, read_bytes
from lms.csv_records import records as csv_records
from lms.models import User
from lms.models.users import normalise_email

from ..models import CoursePage, Enrolment, EnrolmentSource, EnrolmentStatus
from .enrolment import EnrolmentError, eligibility_error, enrol_learner, places_taken, window_error

MAX_ROWS = 5000
# Header names people write, lower-cased, for each column the file needs.
COLUMN_ALIASES = {
    "email": ("email", "e-mail", "e-mail address", "email address", "อีเมล", "อีเมล์"),
    "course": ("course", "หลักสูตร"),
}
PERMISSION = "courses.add_enrolment"
# Users are looked up this many addresses at a time (SQLite limits the parameters of a query).
LOOKUP_CHUNK = 500


def may_enrol_in_bulk(user):
    """True when ``user`` may use bulk enrolment (the admin screen, ``enrol_csv --by``)."""
    return bool(user and user.is_active and user.has_perm(PERMISSION))


@dataclass
class Problem:
    """Why one line of the file (or the whole file) cannot be enrolled."""

    line: int
    code: str
    message: str
    email: str = ""
    course: str = ""


@dataclass
class Row:
    """One data row of the file, as read and as resolved."""

    line: int
    email: str
    course_ref: str
    user: User | None = None
    course: CoursePage | None = None


@dataclass
class BulkEnrolmentResult:
    """What a bulk enrolment found and did.

    ``problems`` lists every bad line (several problems may share a line); ``file_problem``
    is True when the file itself could not be read, so no row was checked. ``ready`` are
    the good rows, ``already`` those whose person was enrolled before, ``enrolled`` the
    rows enrolled (empty on a dry run or when a bad row stopped the enrolment).
    """

    dry_run: bool = False
    skip_bad: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    file_problem: bool = False
    ready: list[Row] = field(default_factory=list)
    already: list[Row] = field(default_factory=list)
    enrolled: list[Row] = field(default_factory=list)

    @property
    def bad_lines(self):
        """The line numbers with a problem, in order."""
        return sorted({problem.line for problem in self.problems})

    @property
    def bad_count(self):
        return len(self.bad_lines)

    @property
    def enrolled_count(self):
        return len(self.enrolled)

    @property
    def already_count(self):
        return len(self.already)

    @property
    def skipped_count(self):
        """Bad rows left out of an enrolment that went ahead (``skip_bad``)."""
        if self.dry_run or not self.skip_bad or self.file_problem:
            return 0
        return self.bad_count

    @property
    def blocked(self):
        """True when bad rows (or a bad file) meant nobody could be enrolled."""
        return bool(self.problems) and (self.file_problem or not self.skip_bad)

    def add(self, line, code, message, row=None):
        self.problems.append(
            Problem(line, code, message, email=row.email if row else "", course=row.course_ref if row else "")
        )


class _FileProblem(Exception):
    def __init__(self, line, code, message):
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


# --- Reading the file


def _decode(raw):
    try:
        return decode(raw)
    except CsvEncodingError as error:
        raise _FileProblem(error.line, "encoding", str(error.message)) from error


def _header_columns(header, line):
    """Map each needed column to its position in ``header``; a problem when one is missing or repeated."""
    names = [cell.strip().lstrip("\ufeff").strip().lower() for cell in header]
    positions = {}
    for column, aliases in COLUMN_ALIASES.items():
        found = [index for index, name in enumerate(names) if name in aliases]
        if len(found) > 1:
            raise _FileProblem(
                line, "header", _("The header names the column “%(column)s” more than once.") % {"column": column}
            )
        if found:
            positions[column] = found[0]
    missing = [column for column in COLUMN_ALIASES if column not in positions]
    if missing:
        raise _FileProblem(
            line,
            "header",
            _("The header row must name the columns “email” and “course”; missing: %(columns)s.")
            % {"columns": ", ".join(f"“{column}”" for column in missing)},
        )
    return positions, len(header)


def _read_rows(raw, result):
    """The data rows of the file, with their line numbers; records the too-many-columns rows."""
    if not raw.strip().lstrip(b"\xef\xbb\xbf").strip():
        raise _FileProblem(1, "empty", _("The file is empty."))
    text = _decode(raw)
    header, positions, width = None, None, 0
    rows = []
    try:
        read = list(csv_records(text))
    except CsvLineError as error:
        # Python's own reason is English and technical; a quotation mark left open is the usual cause.
        raise _FileProblem(
            error.line, "csv", _("This line cannot be read as CSV (check its quotation marks).")
        ) from error
    for start, cells in read:
        if header is None:
            header = cells
            positions, width = _header_columns(cells, start)
            continue
        if len(rows) >= MAX_ROWS:
            raise _FileProblem(
                start,
                "too_many_rows",
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": number_format(MAX_ROWS, force_grouping=True)},
            )
        row = Row(
            line=start,
            email=cells[positions["email"]].strip() if positions["email"] < len(cells) else "",
            course_ref=cells[positions["course"]].strip() if positions["course"] < len(cells) else "",
        )
        if len(cells) > width:
            result.add(
                start,
                "too_many_columns",
                _(
                    "This line has %(found)s values but the header has %(expected)s columns. "
                    "Put a value that contains a comma between double quotes."
                )
                % {"found": len(cells), "expected": width},
                row,
            )
            # The values cannot be trusted to be in their columns: the row is not checked further.
            rows.append((row, False))
            continue
        rows.append((row, True))
    if header is None:
        raise _FileProblem(1, "empty", _("The file is empty."))
    if not rows:
        raise _FileProblem(read[-1][0] + 1, "no_rows", _("The file has a header but no rows under it."))
    return rows


# --- Resolving people and courses


class _CourseFinder:
    """Finds courses by number, slug or web address, loading every course once."""

    def __init__(self):
        from wagtail.models import Site

        self.courses = {course.pk: course for course in CoursePage.objects.all().order_by("pk")}
        # A course under a view restriction (its own or an ancestor's) is for some visitors only.
        self.public_ids = set(CoursePage.objects.live().public().values_list("pk", flat=True))
        self.by_slug = {}
        self.by_path = {}
        roots = [root.root_path for root in Site.get_site_root_paths()]
        for course in self.courses.values():
            self.by_slug.setdefault(course.slug.lower(), []).append(course)
            for root in roots:
                if course.url_path.startswith(root):
                    self.by_path.setdefault(course.url_path[len(root) - 1 :].lower(), []).append(course)

    def find(self, reference):
        """``(course, None)`` or ``(None, (code, message))``."""
        value = reference.strip()
        if value.isdigit():
            found = [self.courses[int(value)]] if int(value) in self.courses else []
        elif "/" in value:
            path = unquote(urlsplit(value).path or "/")
            path = "/" + path.strip("/") + "/"
            found = self.by_path.get(path.lower(), [])
        else:
            found = self.by_slug.get(value.lower(), [])
        if not found:
            return None, (
                "unknown_course",
                _("No course matches “%(course)s”. Give the course's number, slug or web address.") % {"course": value},
            )
        if len(found) > 1:
            return None, (
                "ambiguous_course",
                _("Several courses match “%(course)s”. Give the course's number or web address instead.")
                % {"course": value},
            )
        course = found[0]
        if not course.live:
            return None, (
                "unpublished_course",
                _("The course “%(title)s” is not published.") % {"title": course.title},
            )
        if course.pk not in self.public_ids:
            return None, (
                "restricted_course",
                _(
                    "The course “%(title)s” has a privacy setting that opens it to some visitors only, "
                    "so nobody can be enrolled in it from a file."
                )
                % {"title": course.title},
            )
        return course, None


def may_enrol_anyone(acting_user):
    """True for nobody in particular and for those who see every user (as ``users_visible_to`` decides)."""
    return acting_user is None or policy_registry.get_by_type(User).user_has_permission(acting_user, "change")


def _find_people(emails, acting_user):
    """The users with these (normalised) addresses that ``acting_user`` may enrol, by address."""
    # The agency and its parents (a three-level tree): the audience check walks up it for every row.
    queryset = User.objects.select_related("agency__parent__parent")
    if acting_user is not None:
        queryset = users_visible_to(acting_user, queryset)
    emails = sorted(emails)
    found = {}
    for start in range(0, len(emails), LOOKUP_CHUNK):
        for person in queryset.filter(email__in=emails[start : start + LOOKUP_CHUNK]):
            found[person.email] = person
    return found


def _existing_enrolments(rows):
    """``{(user_id, course_id): enrolment}`` for the resolved rows."""
    user_ids = sorted({row.user.pk for row in rows})
    course_ids = {row.course.pk for row in rows}
    existing = {}
    for start in range(0, len(user_ids), LOOKUP_CHUNK):
        for enrolment in Enrolment.objects.filter(
            user_id__in=user_ids[start : start + LOOKUP_CHUNK], course_id__in=course_ids
        ):
            existing[(enrolment.user_id, enrolment.course_id)] = enrolment
    return existing


class _Eligibility:
    """``eligibility_error`` for many rows, with what it needs looked up once per course.

    The audience's answer depends only on the course and the person's type and agency, so it
    is kept per (course, type, agency); prerequisites are read once per course and the
    completions of everyone in the file in one query. Only a row that fails here is asked of
    ``eligibility_error`` itself, for its reason (and its final word).
    """

    def __init__(self, rows):
        self.audience = {}
        self.prerequisites = {}
        for row in rows:
            if row.course.pk not in self.prerequisites:
                # Filtered in Python like ``eligibility_error`` does.
                self.prerequisites[row.course.pk] = [
                    prerequisite.pk for prerequisite in row.course.prerequisites.all() if prerequisite.live
                ]
        prerequisite_ids = {pk for pks in self.prerequisites.values() for pk in pks}
        self.completed = set()
        if prerequisite_ids:
            user_ids = sorted({row.user.pk for row in rows})
            for start in range(0, len(user_ids), LOOKUP_CHUNK):
                self.completed.update(
                    Enrolment.objects.filter(
                        user_id__in=user_ids[start : start + LOOKUP_CHUNK],
                        course_id__in=prerequisite_ids,
                        completed_at__isnull=False,
                    ).values_list("user_id", "course_id")
                )

    def error(self, course, user):
        """The ``EnrolmentError`` for ``user`` in ``course``, or None."""
        key = (course.pk, user.learner_type, user.agency_id)
        if key not in self.audience:
            self.audience[key] = course.audience_allows(user)
        if self.audience[key] and all((user.pk, pk) in self.completed for pk in self.prerequisites[course.pk]):
            return None
        return eligibility_error(course, user)


def _check_rows(rows, result, acting_user):
    """Resolve every row and record each one's problems; returns the rows that may be enrolled."""
    finder = _CourseFinder()
    valid_emails = {}
    for row, readable in rows:
        if not readable:
            continue
        if not row.email:
            result.add(row.line, "missing_email", _("The e-mail address is missing."), row)
        else:
            try:
                validate_email(row.email)
                valid_emails[row.line] = normalise_email(row.email)
            except ValidationError:
                result.add(
                    row.line,
                    "malformed_email",
                    _("“%(email)s” is not a valid e-mail address.") % {"email": row.email},
                    row,
                )
        if not row.course_ref:
            result.add(row.line, "missing_course", _("The course is missing."), row)
        else:
            row.course, error = finder.find(row.course_ref)
            if error:
                result.add(row.line, *error, row)

    people = _find_people(set(valid_emails.values()), acting_user)
    resolved = []
    for row, readable in rows:
        if not readable or row.line not in valid_emails:
            continue
        row.user = people.get(valid_emails[row.line])
        if row.user is None:
            if may_enrol_anyone(acting_user):
                result.add(
                    row.line,
                    "unknown_person",
                    _("Nobody has an account with the e-mail address “%(email)s”.") % {"email": row.email},
                    row,
                )
            else:
                # A training officer is not told whether an address outside their agency has an account.
                result.add(
                    row.line,
                    "not_in_your_agency",
                    _(
                        "Nobody in your agency or the agencies under it has an account with "
                        "the e-mail address “%(email)s”."
                    )
                    % {"email": row.email},
                    row,
                )
        elif not row.user.is_active:
            result.add(row.line, "inactive", _("The account of “%(email)s” is disabled.") % {"email": row.email}, row)
        elif row.course is not None:
            resolved.append(row)

    existing = _existing_enrolments(resolved) if resolved else {}
    eligibility = _Eligibility(resolved)
    now = timezone.now()
    window = {}
    first_line = {}
    free = {}
    ready = []
    for row in resolved:
        key = (row.user.pk, row.course.pk)
        if key in first_line:
            result.add(
                row.line,
                "duplicate",
                _("The same person and course as line %(line)s.") % {"line": first_line[key]},
                row,
            )
            continue
        first_line[key] = row.line
        enrolment = existing.get(key)
        if enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN:
            result.already.append(row)
            continue
        error = eligibility.error(row.course, row.user)
        if error is not None:
            result.add(row.line, f"not_eligible_{error.code}", error.message, row)
            continue
        if row.course.pk not in window:
            # As ``enrol_learner`` decides for bulk enrolments: before opening is fine, after closing is not.
            window[row.course.pk] = window_error(row.course, now, allow_before_opening=True)
        if window[row.course.pk] is not None:
            error = window[row.course.pk]
            result.add(row.line, error.code, error.message, row)
            continue
        if row.course.capacity is not None:
            if row.course.pk not in free:
                free[row.course.pk] = row.course.capacity - places_taken(row.course)
            if free[row.course.pk] <= 0:
                result.add(
                    row.line,
                    "full",
                    _(
                        "The course “%(title)s” has no place left for this person: every place (%(capacity)s "
                        "in all) is taken, counting the rows above."
                    )
                    % {"title": row.course.title, "capacity": row.course.capacity},
                    row,
                )
                continue
            free[row.course.pk] -= 1
        ready.append(row)
    return ready


# --- Enrolling


def _source_for(acting_user):
    """ "admin" for an administrator's or a superuser's file, "bulk" for a training officer's and the command's."""
    if acting_user is not None and (
        acting_user.is_superuser or acting_user.groups.filter(name=roles.ADMINISTRATORS).exists()
    ):
        return EnrolmentSource.ADMIN
    return EnrolmentSource.BULK


def enrol_from_csv(data, acting_user=None, skip_bad=False, dry_run=False):
    """Check every row of a CSV file (bytes, text or a file) and enrol the good ones; returns the result.

    Nobody is enrolled when a row is bad unless ``skip_bad``; nothing is written on a
    ``dry_run``. ``acting_user`` (None: nobody in particular, full rights) is recorded as
    ``enrolled_by`` and limits whom the file may enrol (see the module's docstring).
    """
    result = BulkEnrolmentResult(dry_run=dry_run, skip_bad=skip_bad)
    try:
        rows = _read_rows(read_bytes(data), result)
    except _FileProblem as problem:
        result.file_problem = True
        result.problems = [Problem(problem.line, problem.code, problem.message)]
        return result
    result.rows = len(rows)
    result.ready = _check_rows(rows, result, acting_user)
    result.problems.sort(key=lambda problem: problem.line)
    if dry_run or (result.problems and not skip_bad) or not result.ready:
        return result
    source = _source_for(acting_user)
    with transaction.atomic():
        # Every course of the file locked at once, in id order: two uploads naming the same courses in
        # another order wait for each other instead of deadlocking (``enrol_learner`` locks one at a time).
        list(
            CoursePage.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk__in={row.course.pk for row in result.ready})
            .order_by("pk")
        )
        enrolled = []
        for row in result.ready:
            try:
                _enrolment, changed = enrol_learner(row.course, row.user, source=source, enrolled_by=acting_user)
            except EnrolmentError as error:
                # Someone else changed the course or the person since the check (a place taken, ...).
                result.add(row.line, f"refused_{error.code}", error.message, row)
                continue
            (enrolled if changed else result.already).append(row)
        result.problems.sort(key=lambda problem: problem.line)
        if result.problems and not skip_bad:
            transaction.set_rollback(True)
            enrolled = []
        result.enrolled = enrolled
    return result
