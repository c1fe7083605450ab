"""Forms shared by the platform core."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from lms.services import login_throttle


class ThrottledLoginMixin:
    """For a login form (``AuthenticationForm``): refused with the site's message while the login is throttled."""

    def clean(self):
        email = self.cleaned_data.get("username")
        if email and login_throttle.is_locked_out(self.request, email):
            raise self.get_throttled_error()
        return super().clean()

    @staticmethod
    def get_throttled_error():
        return ValidationError(
            _("Too many failed attempts. Please wait %(minutes)s minutes and try again."),
            code="throttled",
            params={"minutes": login_throttle.lockout_minutes()},
        )


class WagtailLoginForm(ThrottledLoginMixin, LoginForm):
    """The Wagtail editor's login form, with the site's throttling message."""
