"""The Wagtail editor's "Library usage" report (under Reports): views and downloads of the items.

The report lists every library item with its views and downloads in a period (by default
the last 30 days, Asia/Bangkok days, today included) and in all, most downloaded first, with
the period's totals above the table. Each item opens its figures day by day for the same
period. Both export CSV (UTF-8 with a byte order mark, so that Excel shows Thai). The
listing takes the same few queries whatever the number of items (the period's sums come
from one grouped subquery per figure). Only users with ``library.view_itemusageday`` (the
Administrators role) see the menu item or reach the screens. The figures are counted by
``library.usage``; the hooks are registered in ``library/wagtail_hooks.py``.
"""

import csv
import datetime
import io

import django_filters
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from lms.thai import format_date

from .models import ItemType, ItemUsageDay, LibraryItemPage
from .usage import today

PERMISSION = "library.view_itemusageday"
DEFAULT_PERIOD_DAYS = 30
URL_NAME = "library_usage"


def may_see_usage(user):
    """True for those who may read the library's usage figures."""
    return user.has_perm(PERMISSION)


def admin_language():
    return "en" if (get_language() or "th").startswith("en") else "th"


def spreadsheet_safe(value):
    """``value`` as text a spreadsheet will not run as a formula (titles are typed by editors)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class PeriodFilterSet(WagtailFilterSet):
    """The period of the figures (it chooses the sums, it filters no rows) and the item type."""

    start = django_filters.DateFilter(label=_("From"), method="keep_every_row", widget=AdminDateInput)
    end = django_filters.DateFilter(label=_("To"), method="keep_every_row", widget=AdminDateInput)

    def keep_every_row(self, queryset, name, value):
        return queryset


class ItemUsageFilterSet(PeriodFilterSet):
    item_type = django_filters.ChoiceFilter(label=_("Type"), choices=ItemType.choices)

    class Meta:
        model = LibraryItemPage
        fields = ["item_type"]


class DayUsageFilterSet(PeriodFilterSet):
    class Meta:
        model = ItemUsageDay
        fields = []


class UsageReportMixin:
    """Permission, period and CSV export shared by the two screens."""

    permission_policy = ModelPermissionPolicy(ItemUsageDay)
    permission_required = "view"
    FORMATS = ("csv",)
    paginate_by = 50

    @cached_property
    def period(self):
        """``(start, end)``: the days the figures cover, both included."""
        start = end = None
        if self.filters and self.filters.is_valid():
            start = self.filters.form.cleaned_data.get("start")
            end = self.filters.form.cleaned_data.get("end")
        end = end or today()
        start = start or end - datetime.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        return (end, start) if start > end else (start, end)

    def period_text(self):
        start, end = self.period
        language = admin_language()
        return _("%(start)s to %(end)s") % {
            "start": format_date(start, "long", language),
            "end": format_date(end, "long", language),
        }

    @cached_property
    def header_more_buttons(self):
        # The export mixin offers every format it knows; the report promises CSV only.
        return [button for button in super().header_more_buttons if "export=xlsx" not in (button.url or "")]

    def get_heading(self, queryset, field):
        return str(next(column.label for column in self.columns if column.name == field))

    def write_csv_response(self, queryset):
        # Built in full while the editor's language is active; a byte order mark for Excel.
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=self.list_export)
        writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})
        for row in queryset:
            writer.writerow(self.to_row_dict(row))
        response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


class ItemUsageReportView(UsageReportMixin, ReportView):
    """Every item with its views and downloads in the period and in all."""

    page_title = _("Library usage")
    header_icon = "doc-full-inverse"
    results_template_name = "library/admin/usage_report_results.html"
    filterset_class = ItemUsageFilterSet
    index_url_name = URL_NAME
    index_results_url_name = f"{URL_NAME}_results"
    default_ordering = "-period_downloads"
    list_export = ["title", "item_type", "period_views", "period_downloads", "total_views", "total_downloads"]

    def get_base_queryset(self):
        start, end = self.period
        in_period = ItemUsageDay.objects.filter(item=OuterRef("pk"), day__range=(start, end)).order_by().values("item")
        zero = Value(0, output_field=IntegerField())
        return LibraryItemPage.objects.only("id", "title", "item_type", "live").annotate(
            period_views=Coalesce(Subquery(in_period.annotate(n=Sum("views")).values("n")), zero),
            period_downloads=Coalesce(Subquery(in_period.annotate(n=Sum("downloads")).values("n")), zero),
            total_views=Coalesce(F("usage_total__views"), zero),
            total_downloads=Coalesce(F("usage_total__downloads"), zero),
        )

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        # Ties by the other figure, then the title and the id, so pages never repeat or skip an item.
        return queryset.order_by(ordering, "-period_views", "title", "pk")

    @cached_property
    def period_totals(self):
        start, end = self.period
        days = ItemUsageDay.objects.filter(day__range=(start, end))
        if self.filters and self.filters.is_valid() and self.filters.form.cleaned_data.get("item_type"):
            days = days.filter(item__item_type=self.filters.form.cleaned_data["item_type"])
        totals = days.aggregate(views=Sum("views"), downloads=Sum("downloads"))
        return {"views": totals["views"] or 0, "downloads": totals["downloads"] or 0}

    def get_item_url(self, item):
        url = reverse(f"{URL_NAME}_item", args=[item.pk])
        query = self.request.GET.copy()
        for name in ("p", "ordering", "export", "item_type", "_w_filter_fragment"):
            query.pop(name, None)
        return f"{url}?{query.urlencode()}" if query else url

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Item"), get_url=self.get_item_url, sort_key="title"),
            Column("item_type", label=_("Type"), accessor="get_item_type_display", sort_key="item_type"),
            Column("period_views", label=_("Views in the period"), sort_key="period_views"),
            Column("period_downloads", label=_("Downloads in the period"), sort_key="period_downloads"),
            Column("total_views", label=_("All views"), sort_key="total_views"),
            Column("total_downloads", label=_("All downloads"), sort_key="total_downloads"),
        ]

    @cached_property
    def verbose_name_plural(self):
        return _("library items")

    def get_filename(self):
        start, end = self.period
        return f"library-usage-{start.isoformat()}-{end.isoformat()}"

    def to_row_dict(self, item):
        return {
            "title": spreadsheet_safe(item.title),
            "item_type": item.get_item_type_display(),
            "period_views": item.period_views,
            "period_downloads": item.period_downloads,
            "total_views": item.total_views,
            "total_downloads": item.total_downloads,
        }

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period_text"] = self.period_text()
        context["period_totals"] = self.period_totals
        return context


class ItemDailyUsageView(UsageReportMixin, ReportView):
    """One item's views and downloads on each day of the period that had any."""

    header_icon = "doc-full-inverse"
    results_template_name = "library/admin/usage_report_results.html"
    filterset_class = DayUsageFilterSet
    default_ordering = "-day"
    list_export = ["day", "views", "downloads"]
    paginate_by = 100

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.item = get_object_or_404(LibraryItemPage.objects.only("id", "title"), pk=kwargs["item_id"])

    def get_index_url(self):
        return reverse(f"{URL_NAME}_item", args=[self.item.pk])

    def get_index_results_url(self):
        return reverse(f"{URL_NAME}_item_results", args=[self.item.pk])

    def get_page_title(self):
        return self.item.title

    def get_page_subtitle(self):
        return _("Usage by day")

    @cached_property
    def breadcrumbs_items(self):
        return [{"url": reverse(URL_NAME), "label": _("Library usage")}]

    def get_base_queryset(self):
        start, end = self.period
        return ItemUsageDay.objects.filter(item=self.item, day__range=(start, end))

    def order_queryset(self, queryset):
        return queryset.order_by(self.ordering or self.default_ordering)

    @cached_property
    def period_totals(self):
        totals = self.get_base_queryset().aggregate(views=Sum("views"), downloads=Sum("downloads"))
        return {"views": totals["views"] or 0, "downloads": totals["downloads"] or 0}

    @cached_property
    def columns(self):
        language = admin_language()
        return [
            Column("day", label=_("Day"), accessor=lambda row: format_date(row.day, "long", language), sort_key="day"),
            Column("views", label=_("Views"), sort_key="views"),
            Column("downloads", label=_("Downloads"), sort_key="downloads"),
        ]

    @cached_property
    def verbose_name_plural(self):
        return _("days with views or downloads")

    def get_filename(self):
        start, end = self.period
        return f"library-item-{self.item.pk}-usage-{start.isoformat()}-{end.isoformat()}"

    def to_row_dict(self, row):
        return {"day": row.day.isoformat(), "views": row.views, "downloads": row.downloads}

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period_text"] = self.period_text()
        context["period_totals"] = self.period_totals
        return context


class UsageMenuItem(MenuItem):
    """Shown only to those who may read the figures."""

    def is_shown(self, request):
        return may_see_usage(request.user)


def admin_urls():
    """The report's addresses in the editor (``register_admin_urls``)."""
    return [
        path("reports/library-usage/", ItemUsageReportView.as_view(), name=URL_NAME),
        path(
            "reports/library-usage/results/",
            ItemUsageReportView.as_view(results_only=True),
            name=f"{URL_NAME}_results",
        ),
        path("reports/library-usage/<int:item_id>/", ItemDailyUsageView.as_view(), name=f"{URL_NAME}_item"),
        path(
            "reports/library-usage/<int:item_id>/results/",
            ItemDailyUsageView.as_view(results_only=True),
            name=f"{URL_NAME}_item_results",
        ),
    ]


def menu_item():
    """The "Library usage" entry in the Reports menu (``register_reports_menu_item``)."""
    return UsageMenuItem(
        _("Library usage"), reverse(URL_NAME), name="library-usage", icon_name="doc-full-inverse", order=1200
    )
