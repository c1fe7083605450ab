"""Agency reports in the Wagtail editor: URLs and the Reports menu item (``lms.report_views``).

Registered because ``lms/wagtail_hooks.py`` imports this module.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.report_views import URL_NAME, AgencyReportMenuItem, AgencyReportView


@hooks.register("register_admin_urls")
def register_agency_report_urls():
    return [path("reports/training-by-agency/", AgencyReportView.as_view(), name=URL_NAME)]


@hooks.register("register_reports_menu_item")
def register_agency_report_menu_item():
    return AgencyReportMenuItem(
        _("Training by agency"), reverse(URL_NAME), name="training-by-agency", icon_name="table", order=1100
    )
