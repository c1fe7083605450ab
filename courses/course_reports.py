"""Course and seminar reports in the Wagtail editor (Reports menu, and a "Report" button in the page explorer).

"Course reports" (administrators: every course; an instructor: the courses they teach, as
for the "Course learners" screens, ``courses.permissions.courses_whose_learners_user_may_see``)
    One course's figures over the learners who enrolled in a period (every enrolment
    when no dates are given; a date that does not exist, or an end before the start, is
    refused with a message and the report shows every enrolment):

    - the funnel: enrolled (every enrolment, including those withdrawn since) → started
      (any lesson opened or quiz attempted) → completed (the course completed, in this
      round or an earlier one that earned a certificate) → certified (holds a valid
      certificate of the course), each with its share of the enrolled;
    - drop-off per syllabus item, in syllabus order: how many of those learners completed
      each lesson (or passed each quiz), with the share of the enrolled; the item with the
      biggest fall from the step before is named in words;
    - quiz pass rates: attempts submitted, learners who attempted, learners who passed;
    - evaluations: how many, the average per statement and overall, and every evaluation
      with the learner's name, ratings, comment and date (instructors see everything for
      their own courses), 50 a page.

    The funnel and the per-item figures download as CSV (UTF-8 with a byte order mark).

"Seminar reports" (a seminar's organisers, as ``SeminarPage.may_organise`` decides, and
administrators)
    Per session: seats, registrations by status, the attendance rate (attended out of
    confirmed and attended) and the training hours credited, with the seminar's totals.

A course or seminar the user may not see is a 404, so its existence is not revealed. Each
report runs a fixed number of queries whatever the number of learners. The viewsets, menu
items and explorer buttons are registered at the end of ``courses/wagtail_hooks.py``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from courses.admin_views import admin_language, learner_name, spreadsheet_safe
from courses.models import (
    QUESTIONS,
    Certificate,
    CourseEvaluation,
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    LessonProgress,
    QuizAttempt,
    QuizPage,
    RegistrationStatus,
    SeminarPage,
    SeminarSession,
)
from courses.permissions import (
    courses_whose_learners_user_may_see,
    may_use_learners_report,
    may_view_all_course_learners,
)
from courses.quiz_report import csv_response, export_date, percent_text, plain_number, quiz_results_url, share
from courses.seminar_admin import (
    SeminarRegistrationsButton,
    may_use_seminar_registrations,
    organised_seminar_ids,
    refuse_impossible_ids,
    seminar_title,
    seminars_organised_by,
    session_when,
)
from lms.thai import format_date

COURSE_REPORTS = "course-reports"
SEMINAR_REPORTS = "seminar-reports"
EVALUATIONS_PER_PAGE = 50
COURSES_PER_PAGE = 50
SEMINARS_PER_PAGE = 50
# Dates outside these years are typing mistakes (or a Buddhist Era year typed as Common Era).
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def paginate(request, items, per_page):
    """The page of ``items`` asked for by ``?p=`` (the first, or the last, when it is not a page number)."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("p"))
    return page, list(paginator.get_elided_page_range(page.number))


# --- The period a course report covers


class EnrolmentPeriodForm(forms.Form):
    """The course report's filter: learners who enrolled from one date to another (both included, Bangkok time)."""

    enrolled_from = forms.DateField(
        label=_("Enrolled from"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, such as 2026-10-01.")},
    )
    enrolled_to = forms.DateField(
        label=_("Enrolled until"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, such as 2026-09-30.")},
    )

    def _clean_year(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            if value.year > LATEST_YEAR and EARLIEST_YEAR <= value.year - 543 <= LATEST_YEAR:
                raise forms.ValidationError(
                    _("Enter the year in the Common Era: %(year)s B.E. is %(common)s.")
                    % {"year": value.year, "common": value.year - 543}
                )
            raise forms.ValidationError(
                _("Enter a date between %(first)s and %(last)s.") % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            )
        return value

    def clean_enrolled_from(self):
        return self._clean_year("enrolled_from")

    def clean_enrolled_to(self):
        return self._clean_year("enrolled_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("enrolled_from"), cleaned.get("enrolled_to")
        if start and end and end < start:
            self.add_error("enrolled_to", _("The end date must be on or after the start date."))
        return cleaned

    def period(self):
        """``(start, end)`` as aware datetimes (``end`` excluded), either None; both None unless the form is valid."""
        if not self.is_valid():
            return None, None
        start, end = self.cleaned_data.get("enrolled_from"), self.cleaned_data.get("enrolled_to")
        return (
            _start_of(start) if start else None,
            _start_of(end + datetime.timedelta(days=1)) if end else None,
        )


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def enrolments_in(course, start=None, end=None):
    """``course``'s enrolments made from ``start`` (included) to ``end`` (excluded)."""
    enrolments = Enrolment.objects.filter(course=course)
    if start is not None:
        enrolments = enrolments.filter(enrolled_at__gte=start)
    if end is not None:
        enrolments = enrolments.filter(enrolled_at__lt=end)
    return enrolments


# --- What a course report computes


@dataclass
class FunnelStep:
    """One step of the funnel: its name, how many learners reached it and their share of the enrolled."""

    key: str
    label: str
    count: int
    enrolled: int

    @property
    def share(self):
        return share(self.count, self.enrolled)

    @property
    def share_text(self):
        return percent_text(self.share)


@dataclass
class Funnel:
    enrolled: int
    started: int
    completed: int
    certified: int
    withdrawn: int

    @property
    def steps(self):
        return [
            FunnelStep("enrolled", _("Enrolled"), self.enrolled, self.enrolled),
            FunnelStep("started", _("Started"), self.started, self.enrolled),
            FunnelStep("completed", _("Completed"), self.completed, self.enrolled),
            FunnelStep("certified", _("Certified"), self.certified, self.enrolled),
        ]


def course_funnel(enrolments):
    """The ``Funnel`` of ``enrolments`` (of one course), in one query.

    Started: a lesson opened or a quiz attempted. Completed: ``completed_at`` set, or a
    certificate of the course (a learner renewing an expired certificate has it cleared
    while they take the course again). Certified: a valid certificate of the course.
    """

    def of_learner(queryset):
        return queryset.filter(user=OuterRef("user_id"), course=OuterRef("course_id"))

    started = Exists(of_learner(LessonProgress.objects.all())) | Exists(of_learner(QuizAttempt.objects.all()))
    certificate = Exists(of_learner(Certificate.objects.all()))
    completed = Q(completed_at__isnull=False) | certificate
    certified = Exists(of_learner(Certificate.objects.valid()))
    figures = enrolments.aggregate(
        enrolled=Count("pk"),
        started=Count("pk", filter=started),
        completed=Count("pk", filter=completed),
        certified=Count("pk", filter=certified),
        withdrawn=Count("pk", filter=Q(status=EnrolmentStatus.WITHDRAWN)),
    )
    return Funnel(**figures)


@dataclass
class ItemFigures:
    """One syllabus item's figures: learners who completed it (a quiz: passed it), and the fall from the step before."""

    number: int
    item: object
    completed: int
    enrolled: int
    previous: int
    biggest_drop: bool = False
    # Quizzes only.
    attempts: int = 0
    attempted: int = 0

    @property
    def is_quiz(self):
        return isinstance(self.item, QuizPage)

    @property
    def kind_label(self):
        return _("Quiz") if self.is_quiz else _("Lesson")

    @property
    def share(self):
        return share(self.completed, self.enrolled)

    @property
    def share_text(self):
        return percent_text(self.share)

    @property
    def drop(self):
        """How many fewer learners completed this item than the step before (the enrolled, for the first)."""
        return max(0, self.previous - self.completed)

    @property
    def pass_rate(self):
        """Learners who passed out of those who submitted an attempt (quizzes)."""
        return share(self.completed, self.attempted)

    @property
    def results_url(self):
        """The quiz's "Quiz results" screen (attempts and statistics per question)."""
        return quiz_results_url(self.item) if self.is_quiz else ""

    @property
    def pass_rate_text(self):
        return percent_text(self.pass_rate)


def item_figures(course, enrolments, enrolled, items=None):
    """``[ItemFigures, ...]`` for ``course``'s live syllabus in order, over the learners of ``enrolments``.

    Two queries whatever the number of items and learners (and those of the syllabus,
    unless ``items`` is given). The item with the largest drop (the first of equals) is
    marked ``biggest_drop``; none when no item loses anyone.
    """
    items = course.syllabus_items() if items is None else items
    learners = enrolments.values("user_id")
    lesson_ids = [item.pk for item in items if not isinstance(item, QuizPage)]
    quiz_ids = [item.pk for item in items if isinstance(item, QuizPage)]
    lessons = {}
    if lesson_ids:
        lessons = dict(
            LessonProgress.objects.filter(lesson_id__in=lesson_ids, completed_at__isnull=False, user__in=learners)
            .values("lesson_id")
            .annotate(learners=Count("user", distinct=True))
            .order_by()
            .values_list("lesson_id", "learners")
        )
    quizzes = {}
    if quiz_ids:
        submitted = Q(submitted_at__isnull=False)
        rows = (
            QuizAttempt.objects.filter(quiz_id__in=quiz_ids, user__in=learners)
            .values("quiz_id")
            .annotate(
                attempts=Count("pk", filter=submitted),
                attempted=Count("user", filter=submitted, distinct=True),
                passed=Count("user", filter=submitted & Q(passed=True), distinct=True),
            )
            .order_by()
        )
        quizzes = {row["quiz_id"]: row for row in rows}
    figures, previous = [], enrolled
    for number, item in enumerate(items, start=1):
        if isinstance(item, QuizPage):
            row = quizzes.get(item.pk, {})
            entry = ItemFigures(
                number,
                item,
                row.get("passed", 0),
                enrolled,
                previous,
                attempts=row.get("attempts", 0),
                attempted=row.get("attempted", 0),
            )
        else:
            entry = ItemFigures(number, item, lessons.get(item.pk, 0), enrolled, previous)
        figures.append(entry)
        previous = entry.completed
    biggest = max(figures, key=lambda entry: entry.drop, default=None)
    if biggest is not None and biggest.drop > 0:
        biggest.biggest_drop = True
    return figures


def biggest_drop_text(figures):
    """The sentence naming the item where most learners fell away, or "" when none did."""
    entry = next((entry for entry in figures if entry.biggest_drop), None)
    if entry is None:
        return ""
    values = {
        "number": entry.number,
        "title": entry.item.title,
        "drop": entry.drop,
        "previous": entry.previous,
        "count": entry.completed,
    }
    if entry.number == 1:
        return (
            ngettext(
                "The biggest drop is at item %(number)s, “%(title)s”: %(drop)s enrolled learner did not complete it "
                "(%(count)s of %(previous)s did).",
                "The biggest drop is at item %(number)s, “%(title)s”: %(drop)s enrolled learners did not complete it "
                "(%(count)s of %(previous)s did).",
                entry.drop,
            )
            % values
        )
    return (
        ngettext(
            "The biggest drop is at item %(number)s, “%(title)s”: %(drop)s learner fewer completed it than the item "
            "before (%(count)s, down from %(previous)s).",
            "The biggest drop is at item %(number)s, “%(title)s”: %(drop)s learners fewer completed it than the item "
            "before (%(count)s, down from %(previous)s).",
            entry.drop,
        )
        % values
    )


@dataclass
class EvaluationResults:
    """A course's evaluations: how many, the average per statement (``[(statement, average)]``) and overall."""

    count: int
    average: float | None
    per_question: list = field(default_factory=list)


def evaluation_results(evaluations):
    """The ``EvaluationResults`` of ``evaluations`` (one query)."""
    summary = evaluations.summary()
    return EvaluationResults(
        count=summary["count"],
        average=summary["average"],
        per_question=[(text, summary[name]) for name, text in QUESTIONS],
    )


def rating_text(value):
    """An average rating to one decimal ("4.3"), or "–"."""
    if value is None:
        return "–"
    return str(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Who may see which course's report


def course_reports_for(user):
    """The courses whose report ``user`` may see (those whose learners they may see)."""
    return courses_whose_learners_user_may_see(user)


def may_see_course_report(user, course):
    """True when ``user`` may see the report of ``course`` (a ``CoursePage`` or a plain ``Page`` of one).

    For the buttons of the page explorer, asked once per row: the user's course ids are
    looked up once and remembered on the user object (a new one comes with each request).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if may_view_all_course_learners(user):
        return True
    ids = getattr(user, "_course_report_ids", None)
    if ids is None:
        ids = set(course_reports_for(user).values_list("pk", flat=True))
        user._course_report_ids = ids
    return course.pk in ids


def course_report_url(course):
    return reverse(f"{COURSE_REPORTS}:report", args=[course.pk])


def seminar_report_url(seminar):
    return reverse(f"{SEMINAR_REPORTS}:report", args=[seminar.pk])


# --- The course report screens


class ReportAccess:
    """Refuse those who may not use the report (``may_use``), then look up what it shows (``find_objects``)."""

    def dispatch(self, request, *args, **kwargs):
        refuse_impossible_ids(kwargs)
        if not self.may_use(request.user):
            raise PermissionDenied
        self.find_objects(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def may_use(self, user):
        raise NotImplementedError

    def find_objects(self, **kwargs):
        """Look up what the screen shows, once the user is known to be allowed in."""


class ReportView(ReportAccess, WagtailAdminTemplateMixin, TemplateView):
    """An editor screen of these reports."""

    header_icon = "doc-full"

    @cached_property
    def language(self):
        return admin_language()


class CourseReportAccessMixin:
    def may_use(self, user):
        return may_use_learners_report(user)

    def find_objects(self, **kwargs):
        if "course_id" in kwargs:
            # Another instructor's course is not found rather than forbidden: its existence is not revealed.
            self.course = get_object_or_404(course_reports_for(self.request.user), pk=kwargs["course_id"])

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse(f"{COURSE_REPORTS}:index"), "label": _("Course reports")}]


class CourseReportListView(CourseReportAccessMixin, ReportView):
    """The courses whose report the user may see, with their learners and completions."""

    template_name = "courses/admin/course_report_list.html"
    page_title = _("Course reports")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        completed = Count("enrolments", filter=Q(enrolments__completed_at__isnull=False))
        courses = (
            CoursePage.objects.filter(pk__in=course_reports_for(self.request.user).values("pk"))
            .annotate(enrolled_count=Count("enrolments"), completed_count=completed)
            .order_by("title", "pk")
        )
        page, page_range = paginate(self.request, courses, COURSES_PER_PAGE)
        context.update(
            {
                "page_obj": page,
                "elided_page_range": page_range,
                "courses": [
                    {
                        "course": course,
                        "url": course_report_url(course),
                        "completion_rate": percent_text(share(course.completed_count, course.enrolled_count)),
                    }
                    for course in page.object_list
                ],
            }
        )
        return context


class CourseReportView(CourseReportAccessMixin, ReportView):
    """One course's funnel, drop-off per item, quiz pass rates and evaluations, over a period of enrolment."""

    template_name = "courses/admin/course_report.html"

    def get_page_title(self):
        return self.course.title

    def get_page_subtitle(self):
        return _("Report")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    @cached_property
    def period_form(self):
        form = EnrolmentPeriodForm(self.request.GET or None)
        if form.is_bound and not form.is_valid():
            messages.error(
                self.request,
                _("Those dates cannot be used, so the report shows every enrolment. Correct them and apply again."),
            )
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        start, end = self.period_form.period()
        enrolments = enrolments_in(self.course, start, end)
        funnel = course_funnel(enrolments)
        items = item_figures(self.course, enrolments, funnel.enrolled)
        evaluations = CourseEvaluation.objects.filter(course=self.course, user__in=enrolments.values("user_id"))
        page, page_range = paginate(
            self.request, evaluations.select_related("user").order_by("-created_at", "-pk"), EVALUATIONS_PER_PAGE
        )
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            {
                "course": self.course,
                "form": self.period_form,
                "period_text": self.period_text(),
                "funnel": funnel,
                "items": items,
                "biggest_drop_text": biggest_drop_text(items),
                "quizzes": [entry for entry in items if entry.is_quiz],
                "evaluation_results": evaluation_results(evaluations),
                "evaluations": [self.evaluation_row(evaluation) for evaluation in page.object_list],
                "page_obj": page,
                "elided_page_range": page_range,
                "csv_url": reverse(f"{COURSE_REPORTS}:csv", args=[self.course.pk])
                + (f"?{query.urlencode()}" if query else ""),
                "learners_url": reverse("course-learners:learners", args=[self.course.pk]),
            }
        )
        return context

    def period_text(self):
        form = self.period_form
        if not form.is_valid():
            return _("All enrolments")
        start, end = form.cleaned_data.get("enrolled_from"), form.cleaned_data.get("enrolled_to")
        values = {"start": format_date(start, "long", self.language), "end": format_date(end, "long", self.language)}
        if start and end:
            return _("Enrolled from %(start)s to %(end)s") % values
        if start:
            return _("Enrolled from %(start)s") % values
        if end:
            return _("Enrolled until %(end)s") % values
        return _("All enrolments")

    def evaluation_row(self, evaluation):
        return {
            "evaluation": evaluation,
            "name": learner_name(evaluation.user, self.language),
            "date": format_date(evaluation.created_at, "short", self.language),
            "changed": format_date(evaluation.updated_at, "short", self.language)
            if evaluation.updated_at != evaluation.created_at
            else "",
            "ratings": [getattr(evaluation, name) for name, _text in QUESTIONS],
            "average": rating_text(evaluation.average),
        }


class CourseReportCsvView(CourseReportAccessMixin, ReportAccess, View):
    """The funnel and the per-item figures of a course report as one CSV table, for the same period."""

    def get(self, request, *args, **kwargs):
        form = EnrolmentPeriodForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            # The report page says what is wrong with the dates.
            return redirect(f"{course_report_url(self.course)}?{request.GET.urlencode()}")
        start, end = form.period()
        enrolments = enrolments_in(self.course, start, end)
        funnel = course_funnel(enrolments)
        headings = [
            _("Section"),
            _("Position"),
            _("Name"),
            _("Type"),
            _("Learners"),
            _("Share of enrolled (%)"),
            _("Fewer than the step before"),
            _("Biggest drop"),
        ]
        rows = [
            [_("Funnel"), position, step.label, "", step.count, plain_number(step.share), "", ""]
            for position, step in enumerate(funnel.steps, start=1)
        ]
        rows += [
            [
                _("Syllabus"),
                entry.number,
                spreadsheet_safe(entry.item.title),
                entry.kind_label,
                entry.completed,
                plain_number(entry.share),
                entry.drop,
                _("Yes") if entry.biggest_drop else "",
            ]
            for entry in item_figures(self.course, enrolments, funnel.enrolled)
        ]
        return csv_response(f"course-{self.course.pk}-report-{export_date()}", headings, rows)


class CourseReportsViewSet(ViewSet):
    """The course report screens (reached from the Reports menu and the course's "Report" button)."""

    icon = "doc-full"

    def get_urlpatterns(self):
        return [
            path("", CourseReportListView.as_view(), name="index"),
            path("<int:course_id>/", CourseReportView.as_view(), name="report"),
            path("<int:course_id>/report.csv", CourseReportCsvView.as_view(), name="csv"),
        ]


class CourseReportsMenuItem(MenuItem):
    """ "Course reports" in the Reports menu: administrators, and instructors with a course."""

    def is_shown(self, request):
        return may_use_learners_report(request.user)


class CourseReportButton(PageMenuItem):
    """ "Report" on a course in the page explorer, for those who may see its report."""

    label = _("Report")
    icon_name = "doc-full"

    @property
    def url(self):
        return course_report_url(self.page)

    def is_shown(self, user):
        return may_see_course_report(user, self.page)


def is_course_page(page):
    # The explorer's pages may be plain ``Page`` objects: look at the page type, which costs no query.
    return issubclass(page.specific_class or type(page), CoursePage)


# --- The seminar report screens


@dataclass
class SessionFigures:
    """One session's registrations by status, attendance rate and hours credited."""

    session: SeminarSession
    when: str
    capacity: int
    counts: dict
    hours: Decimal
    held: bool = True

    @property
    def attendance_rate(self):
        attended = self.counts[RegistrationStatus.ATTENDED]
        return share(attended, self.counts[RegistrationStatus.CONFIRMED] + attended)

    @property
    def attendance_rate_text(self):
        return percent_text(self.attendance_rate)

    @property
    def hours_text(self):
        return plain_number(self.hours)

    @property
    def count_list(self):
        return [(status, self.counts[status]) for status in REPORTED_STATUSES]


REPORTED_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING,
    RegistrationStatus.DECLINED,
    RegistrationStatus.CANCELLED,
    RegistrationStatus.ATTENDED,
)


def session_figures(seminar, language, now=None):
    """``[SessionFigures, ...]`` of ``seminar``'s sessions in date order, in one query."""
    now = now or timezone.now()
    annotations = {
        f"count_{status.value}": Count("registrations", filter=Q(registrations__status=status))
        for status in REPORTED_STATUSES
    }
    sessions = (
        SeminarSession.objects.filter(page=seminar)
        .annotate(hours_credited=Sum("registrations__credited_hours"), **annotations)
        .order_by("starts_at", "pk")
    )
    figures = []
    for session in sessions:
        session.page = seminar
        figures.append(
            SessionFigures(
                session=session,
                when=session_when(session, language),
                capacity=session.capacity,
                counts={status: getattr(session, f"count_{status.value}") for status in REPORTED_STATUSES},
                hours=session.hours_credited or Decimal(0),
                held=session.ends_at <= now,
            )
        )
    return figures


def seminar_totals(figures):
    """The seminar's totals over its sessions: a ``SessionFigures`` without a session."""
    return SessionFigures(
        session=None,
        when="",
        capacity=sum(entry.capacity for entry in figures if not entry.session.is_cancelled),
        counts={status: sum(entry.counts[status] for entry in figures) for status in REPORTED_STATUSES},
        hours=sum((entry.hours for entry in figures), Decimal(0)),
    )


class SeminarReportAccessMixin:
    def may_use(self, user):
        return may_use_seminar_registrations(user)

    def find_objects(self, **kwargs):
        if "page_id" in kwargs:
            # A seminar not theirs is not found: its existence is not revealed.
            self.seminar = get_object_or_404(seminars_organised_by(self.request.user), pk=kwargs["page_id"])

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse(f"{SEMINAR_REPORTS}:index"), "label": _("Seminar reports")}]


class SeminarReportListView(SeminarReportAccessMixin, ReportView):
    """The seminars the user organises, latest first, with their sessions, registrations and attendance."""

    template_name = "courses/admin/seminar_report_list.html"
    page_title = _("Seminar reports")
    header_icon = "calendar"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Ids first: the organisers' join of ``organised_by`` would multiply the counts.
        seminars = (
            SeminarPage.objects.filter(pk__in=seminars_organised_by(self.request.user).values("pk"))
            .annotate(
                last_starts_at=Max("sessions__starts_at"),
                session_count=Count("sessions", distinct=True),
                attended_count=Count(
                    "sessions__registrations", filter=Q(sessions__registrations__status=RegistrationStatus.ATTENDED)
                ),
            )
            .order_by(F("last_starts_at").desc(nulls_last=True), "title", "pk")
        )
        page, page_range = paginate(self.request, seminars, SEMINARS_PER_PAGE)
        context.update(
            {
                "page_obj": page,
                "elided_page_range": page_range,
                "seminars": [
                    {
                        "seminar": seminar,
                        "title": seminar_title(seminar, self.language),
                        "url": seminar_report_url(seminar),
                        "last": format_date(seminar.last_starts_at, "short", self.language),
                    }
                    for seminar in page.object_list
                ],
            }
        )
        return context


class SeminarReportView(SeminarReportAccessMixin, ReportView):
    """One seminar's sessions: seats, registrations by status, attendance rate, hours credited."""

    template_name = "courses/admin/seminar_report.html"
    header_icon = "calendar"

    def get_page_title(self):
        return seminar_title(self.seminar, self.language)

    def get_page_subtitle(self):
        return _("Report")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = session_figures(self.seminar, self.language)
        context.update(
            {
                "seminar": self.seminar,
                "title": self.get_page_title(),
                "hours": plain_number(self.seminar.training_hours),
                "sessions": figures,
                "totals": seminar_totals(figures) if figures else None,
                "statuses": [(status, status.label) for status in REPORTED_STATUSES],
                "registrations_url": reverse("seminar_registrations_seminar", args=[self.seminar.pk]),
            }
        )
        return context


class SeminarReportsViewSet(ViewSet):
    """The seminar report screens (reached from the Reports menu and the seminar's "Report" button)."""

    icon = "calendar"

    def get_urlpatterns(self):
        return [
            path("", SeminarReportListView.as_view(), name="index"),
            path("<int:page_id>/", SeminarReportView.as_view(), name="report"),
        ]


class SeminarReportsMenuItem(MenuItem):
    """ "Seminar reports" in the Reports menu: administrators, and those who organise a seminar."""

    def is_shown(self, request):
        return may_use_seminar_registrations(request.user)


class SeminarReportButton(SeminarRegistrationsButton):
    """ "Report" on a seminar in the page explorer, beside "Registrations", for those who organise it."""

    label = _("Report")
    icon_name = "doc-full"

    @property
    def url(self):
        return seminar_report_url(self.page)

    def is_shown(self, user):
        ids = organised_seminar_ids(user)
        return ids is None or self.page.pk in ids
