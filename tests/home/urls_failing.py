"""A URLconf for the error-page tests: the site's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("A deliberate failure for the 500 page test.")


def broken_context_processor(request):
    raise RuntimeError("A context processor that fails, as a broken cache or database would.")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("lms.urls")),
]

handler403 = "lms.views.permission_denied"
handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
