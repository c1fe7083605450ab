"""Stands in for ``wagtail.users`` so the editor's user screens show the platform's fields."""

from wagtail.users.apps import WagtailUsersAppConfig


class LmsUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with ``lms.admin_views.UserViewSet`` (Thai and English names, agency)."""

    user_viewset = "lms.admin_views.UserViewSet"
