from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    """The platform core: accounts, agencies, consent, Thai helpers, the sanitiser."""

    name = "lms"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms import signals

        signals.connect()
