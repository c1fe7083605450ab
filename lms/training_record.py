"""A learner's training record: the hours credited to them, entry by entry, with totals per Thai fiscal year.

``ledger(user)`` lists what credited ``user`` with training hours, newest first, as
``LedgerEntry`` rows:

- each completed course (``Enrolment.completed_at`` and the hours kept then), and each
  round of a course completed before a renewal, which only its certificate remembers
  (issued at that completion, with its hours): the same hours the dashboard has always
  counted for courses (``lms.dashboard.learner_courses``);
- each attended seminar registration that was credited hours (a seminar credits its
  hours once, on one of the person's registrations, however many sessions they attend).

Three queries, however long the record: the enrolments with their courses, the course
certificates, and the attended registrations with their seminars and certificates.
``totals_by_fiscal_year(entries)`` adds them up per fiscal year (1 October to
30 September, ``lms.thai.fiscal_year``), newest first.

The dashboard (``/my/``) shows the record; ``training_record_csv`` and the PDF transcript
(``lms.transcript_pdf``) are its downloads, each only ever of the requester's own record.

Usage::

    entries = ledger(request.user)
    for total in totals_by_fiscal_year(entries):
        print(total.label, total.hours, total.count)
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from courses.models import Certificate, Enrolment, Registration, RegistrationStatus
from lms.thai import fiscal_year, fiscal_year_label, to_buddhist_year

COURSE = "course"
SEMINAR = "seminar"
KIND_LABELS = {COURSE: gettext_lazy("Course"), SEMINAR: gettext_lazy("Seminar")}


@dataclass(frozen=True)
class LedgerEntry:
    """One credit of training hours: a course completed (or an earlier round of it) or a seminar attended.

    ``credited_at`` is when the hours were credited (completion, or attendance) and
    ``credited_on`` its date in Asia/Bangkok; ``page`` is the ``CoursePage`` or
    ``SeminarPage`` (link to it only while it is live); ``certificate_code`` is the grouped
    code of the certificate issued for it, empty when there is none or it was revoked.
    """

    kind: str
    title: str
    title_en: str
    credited_at: datetime
    hours: Decimal
    page: object
    certificate_code: str = ""
    # The record the entry comes from, so that two entries never compare equal by chance.
    source: str = ""

    @property
    def credited_on(self):
        return timezone.localdate(self.credited_at)

    @property
    def fiscal_year(self):
        return fiscal_year(self.credited_at)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def title_in(self, language=None):
        """The title in ``language`` (the active one by default) when the page has one in it, else in Thai."""
        language = language or get_language() or "th"
        return self.title_en if language.startswith("en") and self.title_en else self.title

    @property
    def display_title(self):
        return self.title_in()


class FiscalYearTotal(NamedTuple):
    """The hours credited in one fiscal year: ``(fy, label, hours, count)``; ``fy`` in the Common Era."""

    fy: int
    label: str
    hours: Decimal
    count: int

    @property
    def buddhist_year(self):
        return to_buddhist_year(self.fy)


def _code(certificate):
    if certificate is None or certificate.revoked_at is not None:
        return ""
    return certificate.grouped_code


def _course_entries(user):
    """Entries of completed courses and of rounds completed before a renewal: two queries."""
    enrolments = list(
        Enrolment.objects.for_user(user)
        .filter(Q(completed_at__isnull=False) | Q(round_started_at__isnull=False))
        .select_related("course")
        .order_by()
    )
    if not enrolments:
        return []
    by_course = {enrolment.course_id: enrolment for enrolment in enrolments}
    certificates = {}
    for certificate in (
        Certificate.objects.for_user(user)
        .filter(course_id__in=by_course)
        .only("pk", "code", "course_id", "issued_at", "hours", "revoked_at")
        .order_by("issued_at", "pk")
    ):
        certificates.setdefault(certificate.course_id, []).append(certificate)

    entries = []
    for enrolment in enrolments:
        course = enrolment.course
        started = enrolment.round_started_at
        of_course = certificates.get(enrolment.course_id, [])
        # Rounds completed before the latest renewal: one certificate each (as lms.dashboard.earlier_rounds_hours counts them).
        earlier = [certificate for certificate in of_course if started is not None and certificate.issued_at < started]
        for certificate in earlier:
            entries.append(
                LedgerEntry(
                    kind=COURSE,
                    title=course.title,
                    title_en=course.title_en,
                    credited_at=certificate.issued_at,
                    hours=certificate.hours,
                    page=course,
                    certificate_code=_code(certificate),
                    source=f"certificate:{certificate.pk}",
                )
            )
        if enrolment.completed_at is not None:
            current = [certificate for certificate in of_course if certificate not in earlier]
            entries.append(
                LedgerEntry(
                    kind=COURSE,
                    title=course.title,
                    title_en=course.title_en,
                    credited_at=enrolment.completed_at,
                    hours=enrolment.credited_hours,
                    page=course,
                    # The certificate of this round is issued at (or just after) its completion.
                    certificate_code=_code(current[-1]) if current else "",
                    source=f"enrolment:{enrolment.pk}",
                )
            )
    return entries


def _seminar_entries(user):
    """Entries of the seminars ``user`` attended and was credited hours for: one query."""
    registrations = (
        Registration.objects.for_user(user)
        .filter(status=RegistrationStatus.ATTENDED, credited_hours__gt=0)
        .select_related("session__page", "certificate")
        .order_by()
    )
    entries = []
    for registration in registrations:
        seminar = registration.session.page
        entries.append(
            LedgerEntry(
                kind=SEMINAR,
                title=seminar.title,
                title_en=seminar.title_en,
                credited_at=registration.attended_at or registration.session.starts_at,
                hours=registration.credited_hours,
                page=seminar,
                certificate_code=_code(registration.certificate),
                source=f"registration:{registration.pk}",
            )
        )
    return entries


def ledger(user):
    """``user``'s training record: a list of ``LedgerEntry``, newest first (only their own; three queries)."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = _course_entries(user) + _seminar_entries(user)
    entries.sort(key=lambda entry: (entry.credited_at, entry.kind, entry.source), reverse=True)
    return entries


def total_hours(entries):
    """The hours of all ``entries``."""
    return sum((entry.hours for entry in entries), Decimal("0"))


def totals_by_fiscal_year(entries, language=None):
    """``FiscalYearTotal`` rows ``(fy, label, hours, count)`` of ``entries``, newest fiscal year first.

    Only years with an entry are listed; ``label`` is in ``language`` (the active one by default).
    """
    language = language or get_language() or "th"
    hours, counts = {}, {}
    for entry in entries:
        year = entry.fiscal_year
        hours[year] = hours.get(year, Decimal("0")) + entry.hours
        counts[year] = counts.get(year, 0) + 1
    return [
        FiscalYearTotal(year, fiscal_year_label(year, language), hours[year], counts[year])
        for year in sorted(hours, reverse=True)
    ]


def entries_by_fiscal_year(entries, language=None):
    """``[(FiscalYearTotal, [entry, ...]), ...]``: ``entries`` grouped by fiscal year, newest first, each newest first."""
    groups = {}
    for entry in entries:
        groups.setdefault(entry.fiscal_year, []).append(entry)
    return [(total, groups[total.fy]) for total in totals_by_fiscal_year(entries, language)]


@dataclass
class TrainingRecord:
    """What the dashboard shows of the record: the entries, their totals per fiscal year and in all."""

    entries: list
    fiscal_years: list
    total_hours: Decimal

    @property
    def is_empty(self):
        return not self.entries


def training_record(user, language=None):
    """``user``'s record for the dashboard (``TrainingRecord``): three queries."""
    entries = ledger(user)
    return TrainingRecord(
        entries=entries,
        fiscal_years=entries_by_fiscal_year(entries, language),
        total_hours=total_hours(entries),
    )


def hours_cell(hours):
    """``Decimal("6.0")`` as "6", ``Decimal("1.5")`` as "1.5" (for files read by programs and people)."""
    return f"{Decimal(hours or 0).normalize():f}"


def csv_rows(entries):
    """The CSV's header (in the active language) and rows: fiscal year (BE), ISO date, kind, title, hours, code."""
    from courses.admin_views import spreadsheet_safe

    yield [_("Fiscal year (B.E.)"), _("Date"), _("Kind"), _("Title"), _("Hours"), _("Certificate code")]
    for entry in entries:
        yield [
            to_buddhist_year(entry.fiscal_year),
            entry.credited_on.isoformat(),
            str(entry.kind_label),
            spreadsheet_safe(entry.title_in()),
            hours_cell(entry.hours),
            spreadsheet_safe(entry.certificate_code),
        ]


def training_record_csv(entries):
    """The record as CSV text with a byte order mark (so spreadsheets read it as UTF-8)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerows(csv_rows(entries))
    return buffer.getvalue()


__all__ = [
    "COURSE",
    "SEMINAR",
    "FiscalYearTotal",
    "LedgerEntry",
    "TrainingRecord",
    "entries_by_fiscal_year",
    "ledger",
    "total_hours",
    "totals_by_fiscal_year",
    "training_record",
    "training_record_csv",
]
