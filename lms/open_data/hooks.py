"""Open data in the Wagtail editor: the administrators' "Open data" screen with "Rebuild now".

Registered because ``lms/wagtail_hooks.py`` imports this module (Wagtail only loads each
app's own ``wagtail_hooks``).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import ADMIN_URL_NAME, OpenDataAdminView, may_rebuild


class OpenDataMenuItem(MenuItem):
    """Shown only to those who may rebuild the open data."""

    def is_shown(self, request):
        return may_rebuild(request.user)


@hooks.register("register_admin_urls")
def register_open_data_admin_urls():
    return [path("open-data/", OpenDataAdminView.as_view(), name=ADMIN_URL_NAME)]


@hooks.register("register_reports_menu_item")
def register_open_data_menu_item():
    return OpenDataMenuItem(_("Open data"), reverse(ADMIN_URL_NAME), name="open-data", icon_name="download", order=1300)
