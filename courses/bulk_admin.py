"""The Wagtail editor's "Bulk enrolment" screen: upload a CSV file, check it, enrol its people.

Training officers (for their agency's staff) and administrators (for anyone) hold the
``courses.add_enrolment`` permission that the screen and its menu item need; anyone else
in the editor is refused (Wagtail's "no permission" redirect) and never sees the menu
item. The work is done by ``courses.services.bulk_enrolment``: "Check the file" is a dry
run, "Enrol" enrols (nobody when a row is bad, unless "Skip bad rows" is ticked). The
hooks below are registered because ``lms/wagtail_hooks.py`` imports this module.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.services.bulk_enrolment import MAX_ROWS, enrol_from_csv, may_enrol_anyone, may_enrol_in_bulk

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
URL_NAME = "courses_bulk_enrol"


class BulkEnrolmentForm(forms.Form):
    """The CSV file and whether to enrol the good rows when some are bad."""

    file = forms.FileField(
        label=_("CSV file"),
        validators=[FileExtensionValidator(["csv"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    skip_bad_rows = forms.BooleanField(
        label=_("Skip bad rows"),
        required=False,
        help_text=_("Enrol the people on the good rows even when other rows are bad. Otherwise nobody is enrolled."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated here, not at import, so that it is in the language of the request.
        self.fields["file"].help_text = _("A .csv file saved as “CSV UTF-8”, at most %(size)s.") % {
            "size": filesizeformat(MAX_UPLOAD_BYTES)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload


class BulkEnrolmentView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV file; "check" reports what enrolling it would do, "enrol" does it and reports."""

    template_name = "courses/admin/bulk_enrol.html"
    form_class = BulkEnrolmentForm
    page_title = _("Bulk enrolment")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_enrol_in_bulk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["max_rows"] = MAX_ROWS
        context["example_course"] = "/courses/pdpa-for-officials/"
        context["limited_to_agency"] = not may_enrol_anyone(self.request.user)
        return context

    def form_valid(self, form):
        enrol = self.request.POST.get("action") == "enrol"
        result = enrol_from_csv(
            form.cleaned_data["file"],
            acting_user=self.request.user,
            skip_bad=form.cleaned_data["skip_bad_rows"],
            dry_run=not enrol,
        )
        if enrol and result.enrolled_count:
            messages.success(
                self.request,
                ngettext("%(count)s person was enrolled.", "%(count)s people were enrolled.", result.enrolled_count)
                % {"count": result.enrolled_count},
            )
        elif enrol and result.blocked:
            messages.error(self.request, _("Nobody was enrolled: the file has problems, listed below."))
        elif enrol:
            messages.warning(self.request, _("Nobody new was enrolled."))
        return self.render_to_response(self.get_context_data(form=form, result=result))


class BulkEnrolmentMenuItem(MenuItem):
    """Shown only to those who may enrol in bulk."""

    def is_shown(self, request):
        return may_enrol_in_bulk(request.user)


@hooks.register("register_admin_urls")
def register_bulk_enrolment_url():
    return [path("courses/bulk-enrol/", BulkEnrolmentView.as_view(), name=URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_bulk_enrolment_menu_item():
    return BulkEnrolmentMenuItem(
        _("Bulk enrolment"), reverse(URL_NAME), name="bulk-enrolment", icon_name="upload", order=255
    )
