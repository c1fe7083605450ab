"""Agency training reports: what each agency's staff enrolled in, completed, scored and were credited.

Training officers read the figures of their own agency and the agencies under it; those who
may change any user (administrators) read every agency's (``agencies_in_scope``). The
figures are for people whose account belongs to an agency; citizens without one are in no
agency's report. Everything is counted in the database, grouped by agency or by person, so a
report takes the same few queries however many enrolments there are:

    criteria = ReportCriteria(agency_ids=scope_ids, date_from=..., fiscal_year=2027)
    rows, total = agency_figures(criteria, agencies)
    people = people_figures(criteria)  # a User queryset, one row per person (people_in_scope: without figures)
    months = completions_by_month(criteria)

The period (``date_from``/``date_to``, Asia/Bangkok days, both included) chooses the
enrolments counted: those enrolled or completed in it; completions are those completed in
it; quiz scores are of attempts submitted in it; seminar attendance of registrations marked
attended in it. Hours are counted per Thai fiscal year (1 October to 30 September; ปีงบประมาณ
2570 runs from 1 October 2026 to 30 September 2027, year 2027 for ``lms.thai.fiscal_year``),
from courses completed and seminars attended in that year. A chosen course limits the course
figures to it and leaves the seminar figures out (they belong to no course). Learners are the
agency's active accounts; records count for the agency their holder belongs to now.
The screens are ``lms.report_views``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from wagtail.permissions import policy_registry

from courses.models import Enrolment, QuizAttempt, Registration, RegistrationStatus
from lms.models import Agency, User
from lms.thai import fiscal_year

# Whom the report is for: training officers and administrators both hold it; learners and
# instructors do not.
PERMISSION = "lms.view_user"
FISCAL_YEAR_FIRST_MONTH = 10
# The chart of completions shows at most this many months (the last ones of a longer period).
MAX_CHART_MONTHS = 24
DEFAULT_CHART_MONTHS = 12
ZERO_HOURS = Decimal("0.0")


# --- Who sees what


def sees_every_agency(user):
    """True for those who may change any user (administrators, superusers): every agency is theirs."""
    return policy_registry.get_by_type(User).user_has_permission(user, "change")


def may_see_agency_report(user):
    """True for administrators, and for training officers who belong to an agency."""
    if not (user.is_authenticated and user.is_active and user.has_perm(PERMISSION)):
        return False
    return sees_every_agency(user) or bool(user.agency_id)


def agencies_in_scope(user):
    """The agencies whose figures ``user`` may read: all, their agency's subtree, or none.

    Example: ``agencies_in_scope(request.user).filter(pk=agency_id).exists()``.
    """
    if sees_every_agency(user):
        return Agency.objects.all()
    if not user.agency_id:
        return Agency.objects.none()
    return Agency.objects.within(user.agency_id)


# --- Thai fiscal years (``lms.thai.fiscal_year`` names them by the Common Era year they end in)


def fiscal_year_dates(year):
    """``(first day, day after the last)`` of fiscal year ``year`` (2027, ปีงบประมาณ 2570 → 2026-10-01, 2027-10-01)."""
    return datetime.date(year - 1, FISCAL_YEAR_FIRST_MONTH, 1), datetime.date(year, FISCAL_YEAR_FIRST_MONTH, 1)


def current_fiscal_year():
    return fiscal_year(timezone.localdate())


def local_midnight(day):
    """The start of ``day`` in the site's time zone (Asia/Bangkok), as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _either(first, second):
    """``first | second``, where an empty ``Q`` means "everything" (Django would drop it from an OR)."""
    if not first or not second:
        return Q()
    return first | second


def _between(field_name, start, end):
    """``Q`` for ``start <= field < end`` (either bound may be None)."""
    condition = Q()
    if start is not None:
        condition &= Q(**{f"{field_name}__gte": start})
    if end is not None:
        condition &= Q(**{f"{field_name}__lt": end})
    return condition


# --- What is counted


@dataclass(frozen=True)
class ReportCriteria:
    """What a report counts.

    ``agency_ids`` are the agencies whose staff count (None: every agency); ``date_from`` and
    ``date_to`` the period (days in Asia/Bangkok, both included, either may be None);
    ``course_id`` one course or None; ``fiscal_year`` the year hours are counted for (as
    ``lms.thai.fiscal_year`` names it: 2027 for ปีงบประมาณ 2570).
    """

    agency_ids: frozenset | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    course_id: int | None = None
    fiscal_year: int = field(default_factory=current_fiscal_year)

    @property
    def period_start(self):
        return local_midnight(self.date_from) if self.date_from else None

    @property
    def period_end(self):
        """The first moment after the period (midnight after ``date_to``), or None."""
        return local_midnight(self.date_to + datetime.timedelta(days=1)) if self.date_to else None

    @property
    def fiscal_year_bounds(self):
        first, after = fiscal_year_dates(self.fiscal_year)
        return local_midnight(first), local_midnight(after)

    @property
    def includes_seminars(self):
        return self.course_id is None

    def in_period(self, field_name):
        return _between(field_name, self.period_start, self.period_end)

    def in_fiscal_year(self, field_name):
        return _between(field_name, *self.fiscal_year_bounds)

    def people(self):
        """Q on ``User`` for the people whose figures count (staff of the agencies in scope)."""
        if self.agency_ids is None:
            return Q(agency__isnull=False)
        return Q(agency__in=self.agency_ids)

    def records_of_people(self, prefix="user__"):
        """Q on a learner record (enrolment, attempt, registration) for the people in scope."""
        if self.agency_ids is None:
            return Q(**{f"{prefix}agency__isnull": False})
        return Q(**{f"{prefix}agency__in": self.agency_ids})

    def enrolments(self):
        """The enrolments of the people in scope (in the chosen course), whatever their dates."""
        queryset = Enrolment.objects.filter(self.records_of_people())
        if self.course_id is not None:
            queryset = queryset.filter(course_id=self.course_id)
        return queryset.order_by()

    def counted_enrolment(self, prefix=""):
        """Q: enrolled or completed in the period."""
        if self.period_start is None and self.period_end is None:
            return Q()
        return self.in_period(f"{prefix}enrolled_at") | self.in_period(f"{prefix}completed_at")

    def counted_completion(self, prefix=""):
        """Q: completed in the period (every completion when there is no period)."""
        return Q(**{f"{prefix}completed_at__isnull": False}) & self.in_period(f"{prefix}completed_at")

    def credited_completion(self, prefix=""):
        """Q: completed in the fiscal year, so its hours count for that year."""
        return self.in_fiscal_year(f"{prefix}completed_at")

    def quiz_attempts(self):
        queryset = QuizAttempt.objects.filter(
            self.records_of_people(), submitted_at__isnull=False, percentage__isnull=False
        ).filter(self.in_period("submitted_at"))
        if self.course_id is not None:
            queryset = queryset.filter(course_id=self.course_id)
        return queryset.order_by()

    def attended_registrations(self):
        return Registration.objects.filter(self.records_of_people(), status=RegistrationStatus.ATTENDED).order_by()


# The hours a completed enrolment earned: those kept at completion, else the course's
# (as ``Enrolment.credited_hours``).
ENROLMENT_HOURS = Coalesce("hours_credited", "course__training_hours", output_field=DecimalField())


def _hours(value):
    return Decimal(value or 0).quantize(Decimal("0.1"))


@dataclass
class AgencyFigures:
    """One row of the agency report: an agency (None for the total) and its staff's figures."""

    agency: Agency | None
    depth: int = 0
    learners: int = 0
    enrolments: int = 0
    completions: int = 0
    quiz_percentage_sum: Decimal = Decimal(0)
    quiz_attempts: int = 0
    course_hours: Decimal = ZERO_HOURS
    seminar_hours: Decimal | None = ZERO_HOURS
    seminar_attendance: int | None = 0

    @property
    def completion_rate(self):
        """Completions per enrolment as a percentage (0–100), or None without enrolments."""
        if not self.enrolments:
            return None
        return Decimal(self.completions * 100) / Decimal(self.enrolments)

    @property
    def average_quiz_score(self):
        """The mean percentage of the submitted quiz attempts, or None without any."""
        if not self.quiz_attempts:
            return None
        return Decimal(self.quiz_percentage_sum) / self.quiz_attempts

    @property
    def hours(self):
        return _hours(self.course_hours) + _hours(self.seminar_hours)

    @property
    def hours_per_person(self):
        """Credited hours in the fiscal year divided by the number of learners, or None without learners."""
        if not self.learners:
            return None
        return self.hours / self.learners

    def add(self, other):
        self.learners += other.learners
        self.enrolments += other.enrolments
        self.completions += other.completions
        self.quiz_percentage_sum += other.quiz_percentage_sum
        self.quiz_attempts += other.quiz_attempts
        self.course_hours += _hours(other.course_hours)
        if self.seminar_hours is not None and other.seminar_hours is not None:
            self.seminar_hours += _hours(other.seminar_hours)
            self.seminar_attendance += other.seminar_attendance


def in_tree_order(agencies):
    """``[(agency, depth)]``: each agency followed by those under it, at any depth, in the given order.

    An agency whose parent is not in ``agencies`` starts a tree of its own (depth 0).
    """
    agencies = list(agencies)
    present = {agency.pk for agency in agencies}
    children = {}
    for agency in agencies:
        parent = agency.parent_id if agency.parent_id in present else None
        children.setdefault(parent, []).append(agency)
    ordered = []

    def visit(parent_id, depth):
        for agency in children.get(parent_id, []):
            ordered.append((agency, depth))
            visit(agency.pk, depth + 1)

    visit(None, 0)
    return ordered


def agency_figures(criteria, agencies):
    """``(rows, total)``: an ``AgencyFigures`` for each of ``agencies`` (in tree order) and their sum.

    ``agencies`` are the rows to show (usually those of ``criteria.agency_ids``). Each row
    counts the people who belong to that agency itself (not those of the agencies under it,
    which have rows of their own), so the total is the sum of the rows. Four grouped queries.
    """
    learners = dict(
        User.objects.filter(criteria.people(), is_active=True)
        .order_by()
        .values("agency")
        .annotate(n=Count("pk"))
        .values_list("agency", "n")
    )
    enrolments = criteria.enrolments().filter(_either(criteria.counted_enrolment(), criteria.credited_completion()))
    by_agency = {
        row["user__agency"]: row
        for row in enrolments.values("user__agency").annotate(
            enrolments=Count("pk", filter=criteria.counted_enrolment()),
            completions=Count("pk", filter=criteria.counted_enrolment() & criteria.counted_completion()),
            hours=Sum(ENROLMENT_HOURS, filter=criteria.credited_completion()),
        )
    }
    quizzes = {
        row["user__agency"]: row
        for row in criteria.quiz_attempts().values("user__agency").annotate(total=Sum("percentage"), n=Count("pk"))
    }
    seminars = {}
    if criteria.includes_seminars:
        registrations = criteria.attended_registrations().filter(
            _either(criteria.in_period("attended_at"), criteria.in_fiscal_year("attended_at"))
        )
        seminars = {
            row["user__agency"]: row
            for row in registrations.values("user__agency").annotate(
                attended=Count("pk", filter=criteria.in_period("attended_at")),
                hours=Sum("credited_hours", filter=criteria.in_fiscal_year("attended_at")),
            )
        }

    rows = []
    total = AgencyFigures(agency=None)
    if not criteria.includes_seminars:
        total.seminar_hours = total.seminar_attendance = None
    for agency, depth in in_tree_order(agencies):
        course_row = by_agency.get(agency.pk, {})
        quiz_row = quizzes.get(agency.pk, {})
        seminar_row = seminars.get(agency.pk, {})
        figures = AgencyFigures(
            agency=agency,
            depth=depth,
            learners=learners.get(agency.pk, 0),
            enrolments=course_row.get("enrolments", 0),
            completions=course_row.get("completions", 0),
            quiz_percentage_sum=quiz_row.get("total") or Decimal(0),
            quiz_attempts=quiz_row.get("n", 0),
            course_hours=_hours(course_row.get("hours")),
            seminar_hours=_hours(seminar_row.get("hours")) if criteria.includes_seminars else None,
            seminar_attendance=seminar_row.get("attended", 0) if criteria.includes_seminars else None,
        )
        rows.append(figures)
        total.add(figures)
    return rows, total


PEOPLE_ORDER = ("agency__name_th", "first_name", "last_name", "email", "pk")


def people_in_scope(criteria):
    """The people in scope (active accounts), by agency, then name: no figures, so a page of them is quick to find."""
    return User.objects.filter(criteria.people(), is_active=True).order_by(*PEOPLE_ORDER)


def people_figures(criteria, people=None):
    """``people`` (default: ``people_in_scope``), each annotated with their own figures.

    ``enrolment_count``, ``completion_count``, ``course_hours`` and ``seminar_hours`` (in the
    fiscal year; ``seminar_hours`` is 0 when a course is chosen). One query, however many
    records each person has; each figure is a subquery per person, so annotate a page of
    people (``people_in_scope(...).filter(pk__in=page)``) rather than everyone when only a
    page is shown.
    """
    people = people if people is not None else people_in_scope(criteria)
    enrolments = criteria.enrolments().filter(user=OuterRef("pk")).values("user")
    zero = Value(0, output_field=IntegerField())
    zero_hours = Value(ZERO_HOURS, output_field=DecimalField())

    def count_of(queryset):
        return Coalesce(Subquery(queryset.annotate(n=Count("pk")).values("n")), zero)

    people = people.select_related("agency").annotate(
        enrolment_count=count_of(enrolments.filter(criteria.counted_enrolment())),
        completion_count=count_of(
            enrolments.filter(criteria.counted_enrolment()).filter(criteria.counted_completion())
        ),
        course_hours=Coalesce(
            Subquery(enrolments.filter(criteria.credited_completion()).annotate(h=Sum(ENROLMENT_HOURS)).values("h")),
            zero_hours,
        ),
    )
    if criteria.includes_seminars:
        attended = (
            criteria.attended_registrations()
            .filter(user=OuterRef("pk"))
            .filter(criteria.in_fiscal_year("attended_at"))
            .values("user")
        )
        return people.annotate(
            seminar_hours=Coalesce(Subquery(attended.annotate(h=Sum("credited_hours")).values("h")), zero_hours)
        )
    return people.annotate(seminar_hours=zero_hours)


def person_hours(person):
    """The hours ``person`` (a row of ``people_figures``) was credited in the fiscal year."""
    return _hours(person.course_hours) + _hours(person.seminar_hours)


# --- Completions over time


def month_start(day):
    return day.replace(day=1)


def add_months(day, months):
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def chart_months(criteria, today=None):
    """``(months, shortened)``: the first day of each month the chart shows, and whether the period was longer.

    Without a period, the last ``DEFAULT_CHART_MONTHS`` months up to this one; with one, its
    months, at most the last ``MAX_CHART_MONTHS`` of them.
    """
    today = today or timezone.localdate()
    last = month_start(criteria.date_to or today)
    first = month_start(criteria.date_from) if criteria.date_from else add_months(last, 1 - DEFAULT_CHART_MONTHS)
    if first > last:
        first = last
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    shortened = count > MAX_CHART_MONTHS
    if shortened:
        first = add_months(last, 1 - MAX_CHART_MONTHS)
        count = MAX_CHART_MONTHS
    return [add_months(first, n) for n in range(count)], shortened


def completions_by_month(criteria, today=None):
    """``([(first day of month, completions)], shortened)`` over ``chart_months``, in one grouped query."""
    months, shortened = chart_months(criteria, today)
    start = local_midnight(months[0])
    end = local_midnight(add_months(months[-1], 1))
    if criteria.period_start is not None:
        start = max(start, criteria.period_start)
    if criteria.period_end is not None:
        end = min(end, criteria.period_end)
    counts = {}
    rows = (
        criteria.enrolments()
        .filter(completed_at__gte=start, completed_at__lt=end)
        .annotate(month=TruncMonth("completed_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    for month, n in rows:
        # A datetime on PostgreSQL and SQLite alike (TruncMonth of a DateTimeField).
        day = timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month
        counts[month_start(day)] = counts.get(month_start(day), 0) + n
    return [(month, counts.get(month, 0)) for month in months], shortened
