"""The platform core's screens in the Wagtail editor."""

from wagtail import hooks

from lms.admin_views import AgencyViewSet


@hooks.register("register_admin_viewset")
def register_agency_viewset():
    return AgencyViewSet("agencies")


# Modules that register further screens and panels with their own hooks.
from courses import bulk_admin  # noqa: E402,F401  (registers the bulk-enrolment admin screen)
from lms import admin_panels, report_hooks  # noqa: E402,F401  (admin home figures; Reports > Training by agency)
from lms.open_data import hooks as open_data_hooks  # noqa: E402,F401  (open data's "Rebuild now")
