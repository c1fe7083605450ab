"""The Wagtail editor's "Course learners" screens: each course's learners with their progress.

Administrators see every course; an instructor sees the courses that list them among the
instructors (``courses.permissions.courses_whose_learners_user_may_see``); anyone else is
refused. A course the user may not see is a 404, so its existence is not revealed. The
learners listing filters by status, agency and name or e-mail, and exports the same rows as
CSV (UTF-8 with a byte order mark, so that Excel shows Thai). ``CourseLearnersViewSet`` is
registered in ``courses/wagtail_hooks.py``.
"""

import csv
import io

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import CourseCategory, Enrolment, EnrolmentStatus
from courses.permissions import courses_whose_learners_user_may_see, may_use_learners_report
from lms.models import Agency
from lms.thai import format_date


def admin_language():
    """The language the editor is shown in for this request ("th" or "en")."""
    return "en" if (get_language() or "th").startswith("en") else "th"


def learner_name(user, language):
    """The learner's name in ``language`` (the Thai name when there is no English one), else the e-mail."""
    if language == "en" and user.get_full_name_en():
        return user.get_full_name_en()
    return user.get_full_name() or user.email


def spreadsheet_safe(value):
    """``value`` as text a spreadsheet will not run as a formula (names are typed by learners)."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def iso_local(value, with_time=False):
    """A date or datetime as ISO 8601 in Asia/Bangkok time ("2026-11-24", "2026-11-24 09:30"), or ""."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d %H:%M") if with_time else local.date().isoformat()


class LearnersReportAccessMixin:
    """Refuse those who may not use the learners report (learners never reach the editor at all)."""

    # The scope is decided here, not by a model permission policy.
    permission_policy = None
    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not may_use_learners_report(request.user):
            raise PermissionDenied
        self.find_objects()
        return super().dispatch(request, *args, **kwargs)

    def find_objects(self):
        """Look up what the view shows, once the user is known to be allowed in."""


# --- Categories


class CourseCategoryViewSet(SnippetViewSet):
    """Course categories: administrators add, change and delete them; instructors only choose them.

    Who may do what comes from the model permissions (``courses/migrations/0003``); the
    chooser in the course editor needs none, so instructors see no menu item for it.
    """

    model = CourseCategory
    icon = "tag"
    menu_label = _("Course categories")
    menu_name = "course-categories"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "name_en", "sort_order"]
    search_fields = ["name", "name_en", "slug"]
    ordering = ["sort_order", "name"]
    copy_view_enabled = False


# --- The courses


class CourseListView(LearnersReportAccessMixin, generic.IndexView):
    """The courses whose learners the user may see, with how many are enrolled and have completed."""

    page_title = _("Course learners")
    header_icon = "group"
    paginate_by = 50
    learners_url_name = None

    def get_base_queryset(self):
        # A subquery, like the learner count: a join would multiply the count by the joined rows.
        completed = (
            Enrolment.objects.filter(course=OuterRef("pk"), status=EnrolmentStatus.COMPLETED)
            .order_by()
            .values("course")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            courses_whose_learners_user_may_see(self.request.user)
            .with_learner_counts()
            .annotate(completed_count=Coalesce(Subquery(completed), Value(0)))
            .order_by("title", "pk")
        )

    def get_learners_url(self, course):
        return reverse(self.learners_url_name, args=[course.pk])

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Course"), get_url=self.get_learners_url),
            Column(
                "live",
                label=_("Status"),
                accessor=lambda course: _("Published") if course.live else _("Draft"),
                width="15%",
            ),
            Column("learner_count", label=_("Learners"), width="15%"),
            Column("completed_count", label=_("Completed"), width="15%"),
        ]

    @cached_property
    def verbose_name_plural(self):
        return _("courses")


# --- One course's learners


class LearnerFilterSet(WagtailFilterSet):
    """Filters of a course's learners: status and agency (agencies of the course's learners only)."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=EnrolmentStatus.choices)
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), field_name="user__agency", queryset=Agency.objects.none()
    )

    class Meta:
        model = Enrolment
        fields = ["status", "agency"]

    def __init__(self, *args, course=None, **kwargs):
        super().__init__(*args, **kwargs)
        if course is not None:
            self.filters["agency"].queryset = (
                Agency.objects.filter(members__enrolments__course=course).distinct().order_by("name_th")
            )


class ProgressColumn(Column):
    """Progress as a bar and a percentage."""

    cell_template_name = "courses/admin/progress_cell.html"


class CourseLearnersView(LearnersReportAccessMixin, generic.IndexView):
    """The learners of one course with their progress; ``?export=csv`` downloads the filtered rows."""

    model = Enrolment
    header_icon = "group"
    paginate_by = 50
    default_ordering = "-enrolled_at"
    filterset_class = LearnerFilterSet
    search_fields = ["user__email", "user__first_name", "user__last_name", "user__first_name_en", "user__last_name_en"]
    # Learners' records are not in the search index: search the database.
    search_backend_name = None
    # CSV only: the one format the brief promises and that a BOM keeps readable in Excel.
    FORMATS = ("csv",)
    list_export = [
        "name",
        "email",
        "agency",
        "status",
        "source",
        "enrolled",
        "progress",
        "completed",
        "last_activity",
    ]
    index_url_name = None
    index_results_url_name = None
    courses_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.course_id = kwargs["course_id"]

    def find_objects(self):
        # Another instructor's course is not found rather than forbidden: its existence is not revealed.
        self.course = get_object_or_404(courses_whose_learners_user_may_see(self.request.user), pk=self.course_id)

    def get_base_queryset(self):
        return Enrolment.objects.filter(course=self.course).select_related("user", "user__agency")

    def order_queryset(self, queryset):
        # The primary key last, so that a page of the listing never repeats or skips a learner.
        return queryset.order_by(self.ordering or self.default_ordering, "-pk")

    def search_queryset(self, queryset):
        # Every word must match one of the name or e-mail fields, so "สมหญิง ใจดี" finds the full name.
        if not self.is_searching:
            return queryset
        for word in self.search_query.split():
            word_matches = Q()
            for field in self.search_fields:
                word_matches |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(word_matches)
        return queryset

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "course": self.course}

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.course.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.course.pk])

    def get_page_title(self):
        return self.course.title

    def get_page_subtitle(self):
        return _("Learners")

    @cached_property
    def breadcrumbs_items(self):
        return [{"url": reverse(self.courses_url_name), "label": _("Course learners")}]

    @cached_property
    def verbose_name_plural(self):
        return _("learners")

    @cached_property
    def header_more_buttons(self):
        # The export mixin offers every format it knows; keep the CSV button only.
        return [button for button in super().header_more_buttons if "export=xlsx" not in (button.url or "")]

    @cached_property
    def columns(self):
        language = admin_language()
        return [
            Column(
                "name",
                label=_("Name"),
                accessor=lambda enrolment: learner_name(enrolment.user, language),
                sort_key="user__first_name",
            ),
            Column("email", label=_("E-mail"), accessor="user.email", sort_key="user__email"),
            Column("agency", label=_("Agency"), accessor=lambda enrolment: enrolment.user.agency or ""),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column("source", label=_("Source"), accessor="get_source_display", sort_key="source"),
            Column(
                "enrolled",
                label=_("Enrolled"),
                accessor=lambda enrolment: format_date(enrolment.enrolled_at, "short", language),
                sort_key="enrolled_at",
            ),
            ProgressColumn("progress", label=_("Progress"), accessor="percent", sort_key="progress"),
            Column(
                "completed",
                label=_("Completed"),
                accessor=lambda enrolment: format_date(enrolment.completed_at, "short", language),
                sort_key="completed_at",
            ),
            Column(
                "last_activity",
                label=_("Last activity"),
                accessor=lambda enrolment: format_date(enrolment.last_activity_at, "short", language, with_time=True),
                sort_key="last_activity_at",
            ),
        ]

    # --- CSV export

    def get_filename(self):
        # ASCII only (a Thai slug would need RFC 5987 encoding): the course id and today's date.
        return f"course-{self.course.pk}-learners-{timezone.localdate().isoformat()}"

    def get_heading(self, queryset, field):
        return str(next(column.label for column in self.columns if column.name == field))

    def to_row_dict(self, item):
        language = admin_language()
        user = item.user
        return {
            "name": spreadsheet_safe(learner_name(user, language)),
            "email": spreadsheet_safe(user.email),
            "agency": spreadsheet_safe(user.agency.display_name) if user.agency_id else "",
            "status": item.get_status_display(),
            "source": item.get_source_display(),
            "enrolled": iso_local(item.enrolled_at),
            "progress": item.percent,
            "completed": iso_local(item.completed_at),
            "last_activity": iso_local(item.last_activity_at, with_time=True),
        }

    def write_csv_response(self, queryset):
        # Built in full while the editor's language is active (a streamed body would be written
        # after the view returns, in whatever language is active then).
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=self.list_export)
        writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for item in queryset:
            writer.writerow(self.to_row_dict(item))
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


# --- The viewset and its menu item


class LearnersReportMenuItem(MenuItem):
    """Shown to those who may use the report: administrators, and instructors with a course."""

    def is_shown(self, request):
        return may_use_learners_report(request.user)


class CourseLearnersViewSet(ViewSet):
    """The "Course learners" menu item: the list of courses and each course's learners."""

    icon = "group"
    menu_label = _("Course learners")
    menu_name = "course-learners"
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = LearnersReportMenuItem

    def get_urlpatterns(self):
        url_names = {
            "index_url_name": self.get_url_name("learners"),
            "index_results_url_name": self.get_url_name("learners_results"),
            "courses_url_name": self.get_url_name("index"),
        }
        return [
            path(
                "",
                CourseListView.as_view(
                    index_url_name=self.get_url_name("index"), learners_url_name=self.get_url_name("learners")
                ),
                name="index",
            ),
            path("<int:course_id>/", CourseLearnersView.as_view(**url_names), name="learners"),
            path(
                "<int:course_id>/results/",
                CourseLearnersView.as_view(results_only=True, **url_names),
                name="learners_results",
            ),
        ]
