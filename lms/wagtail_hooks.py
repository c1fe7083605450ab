"""The platform core's screens in the Wagtail editor."""

from wagtail import hooks

from lms.admin_views import AgencyViewSet


@hooks.register("register_admin_viewset")
def register_agency_viewset():
    return AgencyViewSet("agencies")


from courses import bulk_admin  # noqa: E402,F401  (registers the bulk-enrolment admin screen)
