from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Courses, lessons, quizzes, certificates and seminars."""

    name = "courses"
    verbose_name = _("Courses and seminars")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_hooks, signal_handlers  # noqa: F401  (register the hooks, connect the receivers)
