"""The home app in the Wagtail editor: certificate signatories, under Settings.

Administrators add, change and delete signatories (the model permissions granted by
``home/migrations/0003_grant_signatory_permissions.py``); the site settings and each
course then choose one or two of them to sign certificates. Instructors may choose a
signatory for a course they edit but see no menu item and cannot change one. Edits are
recorded in Wagtail's audit log, like every snippet's.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Signatory


class SignatoryViewSet(SnippetViewSet):
    """Certificate signatories: a name, a position and a signature image each."""

    model = Signatory
    icon = "edit"
    menu_label = _("Certificate signatories")
    menu_name = "certificate-signatories"
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["name_th", "position_th", "name_en"]
    search_fields = ["name_th", "name_en", "position_th", "position_en"]
    # Signatories are few and not in the search index's interest: search the database.
    search_backend_name = None
    ordering = ["name_th"]
    copy_view_enabled = False


register_snippet(SignatoryViewSet)
