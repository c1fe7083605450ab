from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The e-library: items, search, file access, OAI-PMH."""

    name = "library"
    verbose_name = _("E-library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # OAI-PMH records follow the items' publication, deletion and restrictions.
        from library import oai_records

        oai_records.connect_signals()
