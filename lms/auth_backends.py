"""Authentication by e-mail (any letter case), refused while login is throttled.

The throttle lives in the backend so it guards every login form, the site's and the
Wagtail editor's alike.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from lms.services import login_throttle


class ThrottledEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username or kwargs.get("email")
        if email is None or password is None:
            return None
        if not login_throttle.register_attempt(request, email):
            # PermissionDenied stops Django from trying any other backend.
            raise PermissionDenied("Too many failed login attempts.")
        user = super().authenticate(request, username=email, password=password, **kwargs)
        if user is not None:
            login_throttle.record_success(request, email)
        return user
