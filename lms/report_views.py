"""The Wagtail editor's "Reports › Training by agency" screen and its CSV downloads.

Training officers see their agency and the agencies under it; administrators see any agency,
or all of them (``lms.reports.agencies_in_scope``). An agency outside the reader's scope in
the address is a 404, like an agency that does not exist, so the screen does not tell which
ids exist. The filters (period, course, agency, fiscal year) are a GET form: impossible
dates and unknown courses re-render it with a message and no figures. ``?export=csv``
downloads the agency table, ``?export=people`` the per-person table (UTF-8 with a byte order
mark so that Excel shows Thai, headers in the reader's language, cells a spreadsheet will not
run as formulas). The page takes the same number of queries however many people, enrolments
and attempts there are. The hooks are in ``lms/report_hooks.py``.
"""

import csv
import datetime
import io
import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.admin_views import admin_language, learner_name, spreadsheet_safe
from courses.models import CoursePage
from lms.charts import bar_chart
from lms.reports import (
    MAX_CHART_MONTHS,
    ReportCriteria,
    agencies_in_scope,
    agency_figures,
    completions_by_month,
    current_fiscal_year,
    fiscal_year_dates,
    in_tree_order,
    may_see_agency_report,
    people_figures,
    people_in_scope,
    person_hours,
    sees_every_agency,
)
from lms.thai import ENGLISH_MONTHS, THAI_MONTHS_SHORT, fiscal_year_label, format_date, to_buddhist_year

URL_NAME = "agency_report"
PEOPLE_PER_PAGE = 50
FISCAL_YEARS_SHOWN = 10
# An id as the address may hold it: ASCII digits, short enough for any database's integers.
ID_PATTERN = re.compile(r"[0-9]{1,18}")
# Dates outside these years are typing mistakes (a Buddhist Era year typed as the Common Era one, most often).
FIRST_YEAR = 1950
LAST_YEAR = 2200


class CourseChoiceField(forms.ModelChoiceField):
    """A course by its id; anything that cannot be one (letters, a number no database holds) is not found."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not ID_PATTERN.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class AgencyReportForm(forms.Form):
    """The report's filters. Every field may be left empty; ``agencies`` are the reader's, in tree order."""

    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Enrolled or completed on or after this day."),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Enrolled or completed on or before this day."),
    )
    course = CourseChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.order_by("title", "pk"),
        required=False,
        empty_label=_("All courses"),
        error_messages={"invalid_choice": _("There is no such course. Choose one from the list.")},
    )
    agency = forms.TypedChoiceField(label=_("Agency"), coerce=int, required=False, empty_value=None)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year for hours"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, agencies, all_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", all_label)] + [
            (agency.pk, "\u2003" * depth + agency.display_name) for agency, depth in agencies
        ]
        this_year = current_fiscal_year()
        self.fields["fiscal_year"].choices = [
            (year, fiscal_year_label(year, admin_language()))
            for year in range(this_year, this_year - FISCAL_YEARS_SHOWN, -1)
        ]
        self.fields["fiscal_year"].initial = this_year

    def _clean_year(self, name):
        day = self.cleaned_data.get(name)
        if day and day.year > LAST_YEAR:
            raise ValidationError(
                _("Enter the year in the Common Era: %(be_year)s in the Buddhist Era is %(ce_year)s."),
                params={"be_year": day.year, "ce_year": day.year - 543},
            )
        if day and day.year < FIRST_YEAR:
            raise ValidationError(_("Enter a date from %(year)s on."), params={"year": FIRST_YEAR})
        return day

    def clean_date_from(self):
        return self._clean_year("date_from")

    def clean_date_to(self):
        return self._clean_year("date_to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


def _figure(value, suffix=""):
    """A figure as shown and exported: one decimal place, or "" when there is none."""
    if value is None:
        return ""
    return f"{value:.1f}{suffix}"


def month_label(day, language):
    """A month as the chart names it: "ต.ค. 69" in Thai (the Buddhist Era), "Oct 2026" in English."""
    if language == "th":
        return f"{THAI_MONTHS_SHORT[day.month - 1]} {to_buddhist_year(day.year) % 100:02d}"
    return f"{ENGLISH_MONTHS[day.month - 1][:3]} {day.year}"


class AgencyReportView(WagtailAdminTemplateMixin, TemplateView):
    """Figures per agency, completions per month and figures per person, for the reader's agencies."""

    template_name = "lms/admin/agency_report.html"
    page_title = _("Training by agency")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_agency_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    @cached_property
    def sees_everything(self):
        return sees_every_agency(self.request.user)

    @cached_property
    def scope(self):
        """The reader's agencies in tree order, ``[(agency, depth)]``."""
        return in_tree_order(agencies_in_scope(self.request.user).select_related(None).order_by("name_th", "pk"))

    def chosen_agency(self):
        """The agency in the address, or None; a 404 unless it is one of the reader's."""
        value = self.request.GET.get("agency", "").strip()
        if not value:
            return None
        if not ID_PATTERN.fullmatch(value):
            raise Http404
        for agency, _depth in self.scope:
            if agency.pk == int(value):
                return agency
        raise Http404

    def agencies_under(self, agency):
        """``agency`` and those under it, from the reader's scope (which holds every one of them)."""
        ids = {agency.pk}
        for candidate, _depth in self.scope:  # tree order: a parent comes before its children
            if candidate.parent_id in ids:
                ids.add(candidate.pk)
        return [candidate for candidate, _depth in self.scope if candidate.pk in ids]

    def get(self, request, *args, **kwargs):
        chosen = self.chosen_agency()
        all_label = gettext("All agencies") if self.sees_everything else gettext("All my agencies")
        form = AgencyReportForm(request.GET, agencies=self.scope, all_label=all_label)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if chosen is not None:
            agencies = self.agencies_under(chosen)
            agency_ids = frozenset(agency.pk for agency in agencies)
        else:
            agencies = [agency for agency, _depth in self.scope]
            agency_ids = None if self.sees_everything else frozenset(agency.pk for agency in agencies)
        data = form.cleaned_data
        course = data.get("course")
        criteria = ReportCriteria(
            agency_ids=agency_ids,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            course_id=course.pk if course else None,
            fiscal_year=data.get("fiscal_year") or current_fiscal_year(),
        )
        export = request.GET.get("export")
        if export == "csv":
            return self.agencies_csv(criteria, agencies)
        if export == "people":
            return self.people_csv(criteria)
        return self.render_to_response(
            self.get_context_data(form=form, report=self.report(criteria, agencies, chosen, course))
        )

    # --- The page

    def report(self, criteria, agencies, chosen, course):
        language = admin_language()
        rows, total = agency_figures(criteria, agencies)
        months, shortened = completions_by_month(criteria)
        points = [(month_label(month, language), count) for month, count in months]
        chart_title = gettext("Completions by month")
        chart = bar_chart(
            points,
            title=chart_title,
            chart_id="completions-chart",
            description=gettext("Courses completed each month by the staff of the agencies in the report."),
        )
        # A page of ids first, then the figures of that page only.
        paginator = Paginator(people_in_scope(criteria).values_list("pk", flat=True), PEOPLE_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        people = list(people_figures(criteria, people_in_scope(criteria).filter(pk__in=list(page.object_list))))
        for person in people:
            person.display_name = learner_name(person, language)
            person.fiscal_year_hours = person_hours(person)
        first_day, after = fiscal_year_dates(criteria.fiscal_year)
        return {
            "criteria": criteria,
            "course": course,
            "chosen_agency": chosen,
            "rows": rows,
            "total": total,
            "chart": chart,
            "chart_title": chart_title,
            "chart_points": points,
            "chart_shortened": shortened,
            "max_chart_months": MAX_CHART_MONTHS,
            "people": people,
            "people_page": page,
            "elided_page_range": paginator.get_elided_page_range(page.number),
            "fiscal_year_label": fiscal_year_label(criteria.fiscal_year, language),
            "fiscal_year_first_day": format_date(first_day, "long", language),
            "fiscal_year_last_day": format_date(after - datetime.timedelta(days=1), "long", language),
            "period_from": format_date(criteria.date_from, "long", language),
            "period_to": format_date(criteria.date_to, "long", language),
            "csv_url": self.export_url("csv"),
            "people_csv_url": self.export_url("people"),
        }

    def export_url(self, kind):
        query = self.request.GET.copy()
        query.pop("p", None)
        query["export"] = kind
        return f"{reverse(URL_NAME)}?{query.urlencode()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sees_everything"] = self.sees_everything
        context["own_agency"] = None if self.sees_everything else self.request.user.agency
        return context

    # --- CSV

    def csv_response(self, header, rows, filename):
        # Built in full while the reader's language is active; a byte order mark for Excel.
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response

    def filename(self, name, criteria):
        parts = [name, f"fy{to_buddhist_year(criteria.fiscal_year)}"]
        if criteria.date_from:
            parts.append(f"from-{criteria.date_from.isoformat()}")
        if criteria.date_to:
            parts.append(f"to-{criteria.date_to.isoformat()}")
        return "-".join(parts)

    def agencies_csv(self, criteria, agencies):
        rows, total = agency_figures(criteria, agencies)
        year = fiscal_year_label(criteria.fiscal_year, admin_language())
        header = [
            gettext("Agency code"),
            gettext("Agency"),
            gettext("Learners"),
            gettext("Enrolments"),
            gettext("Completions"),
            gettext("Completion rate (%)"),
            gettext("Average quiz score (%)"),
            gettext("Credited hours, %(year)s") % {"year": year},
            gettext("Hours per person, %(year)s") % {"year": year},
            gettext("Seminar attendance"),
        ]

        def line(code, name, figures):
            return [
                spreadsheet_safe(code),
                spreadsheet_safe(name),
                figures.learners,
                figures.enrolments,
                figures.completions,
                _figure(figures.completion_rate),
                _figure(figures.average_quiz_score),
                _figure(figures.hours),
                _figure(figures.hours_per_person),
                "" if figures.seminar_attendance is None else figures.seminar_attendance,
            ]

        lines = [line(row.agency.code, row.agency.display_name, row) for row in rows]
        lines.append(line("", gettext("Total"), total))
        return self.csv_response(header, lines, self.filename("training-by-agency", criteria))

    def people_csv(self, criteria):
        language = admin_language()
        year = fiscal_year_label(criteria.fiscal_year, language)
        header = [
            gettext("Name"),
            gettext("E-mail"),
            gettext("Position"),
            gettext("Agency"),
            gettext("Enrolments"),
            gettext("Completions"),
            gettext("Credited hours, %(year)s") % {"year": year},
        ]
        lines = [
            [
                spreadsheet_safe(learner_name(person, language)),
                spreadsheet_safe(person.email),
                spreadsheet_safe(person.position),
                spreadsheet_safe(person.agency.display_name),
                person.enrolment_count,
                person.completion_count,
                _figure(person_hours(person)),
            ]
            for person in people_figures(criteria).iterator(chunk_size=2000)
        ]
        return self.csv_response(header, lines, self.filename("training-by-person", criteria))


class AgencyReportMenuItem(MenuItem):
    """Shown only to those who may read the report."""

    def is_shown(self, request):
        return may_see_agency_report(request.user)
