"""The seminar editor's form: a seminar nobody could register for, or a session people hold seats in
being deleted, is refused with a message in the editor."""

from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class SeminarPageForm(WagtailAdminPageForm):
    """Checks across the seminar's fields and its inline sessions.

    - "Staff of the listed agencies" needs at least one agency.
    - A session that has registrations cannot be removed: its registrants hold seats and
      certificates point at it. The editor is told to cancel it instead (which tells them).
    """

    def clean(self):
        cleaned = super().clean()
        from .models import Audience, Registration

        if cleaned.get("audience") == Audience.AGENCIES and not cleaned.get("audience_agencies"):
            self.add_error("audience_agencies", _("Choose the agencies whose staff may register."))
        sessions = self.formsets.get("sessions")
        if sessions is not None:
            removed = [
                form.instance.pk
                for form in sessions.forms
                if form.instance.pk and sessions.can_delete and marked_for_deletion(form)
            ]
            if removed and Registration.objects.filter(session_id__in=removed).exists():
                self.add_error(
                    None,
                    _(
                        "A session that people registered for cannot be removed. "
                        "Cancel it from the seminar's registrations screen instead, which tells its registrants."
                    ),
                )
        return cleaned


def marked_for_deletion(form):
    """True when the inline form's "delete" box is ticked (the page form is cleaned before its formsets)."""
    field = form.fields.get(DELETION_FIELD_NAME)
    return field is not None and bool(field.clean(form[DELETION_FIELD_NAME].data))
