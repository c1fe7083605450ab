"""The Wagtail editor's "Import library items" screen: upload a CSV file (or a ZIP with its files), check, import.

Users with ``library.import_items`` (Instructors and Administrators) see the menu item and
reach the screen; anyone else in the editor gets Wagtail's "no permission" redirect. The
work is ``library.importer.import_library``, the same as ``manage.py import_library``:

1. "Check" uploads the file: it is checked (a dry run, nothing written) and the report
   shown, per line, with the counts of new, updated and unchanged items.
2. The upload is kept in the media storage under ``library-imports/`` with a random name
   (private: the proxy serves only ``/media/images/``, and S3 objects are private), and the
   report carries a signed token naming it, the user who uploaded it and the time. "Import"
   posts the token back (with CSRF); the token is refused for another user, after
   ``TOKEN_MAX_AGE`` seconds or once its upload was imported. Uploads left behind are
   deleted at the next check after they expire.

The storage, not a local folder, holds the upload between the two steps, so the second
request may land on another app server. Each step unpacks the upload into a fresh temporary
folder of its own, so a CSV file's relative paths reach only the files of its own upload.
The hooks below are registered because ``library/wagtail_hooks.py`` imports this module.
"""

import datetime
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .importer import COLUMNS, import_library, may_import

URL_NAME = "library_import"
MAX_CSV_BYTES = 20 * 1024 * 1024
MAX_ZIP_BYTES = 200 * 1024 * 1024
# Rows one upload may hold: the items are imported within the request (0.1 to 0.3 s each with
# a PDF: the page, its revision and publication, the search index, the text and cover drawn
# from the PDF), so 200 stay inside a proxy's usual 60-second timeout; larger catalogues go
# through `manage.py import_library`, which the form's help text names.
MAX_ROWS = 200
PENDING_FOLDER = "library-imports"
PENDING_NAME = re.compile(rf"^{PENDING_FOLDER}/[0-9a-f]{{32}}\.(csv|zip)$")
# A namespace for the signature, not a secret (the secret is SECRET_KEY).
TOKEN_SALT = "library.admin_import.pending-upload"  # noqa: S105
TOKEN_MAX_AGE = 60 * 60


class UploadForm(forms.Form):
    """The file to check, and whether to import the good rows when some are bad."""

    file = forms.FileField(
        label=_("CSV or ZIP file"),
        validators=[FileExtensionValidator(["csv", "zip"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.zip,text/csv,application/zip"}),
    )
    skip_invalid = forms.BooleanField(
        label=_("Skip bad rows"),
        required=False,
        help_text=_("Import the good rows even when other rows are bad. Otherwise nothing is imported."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated here, not at import, so that it is in the language of the request.
        self.fields["file"].help_text = _(
            "A .csv file saved as “CSV UTF-8” (at most %(csv)s), or a .zip archive holding it and its files "
            "in folders (at most %(zip)s); at most %(rows)s rows."
        ) % {"csv": filesizeformat(MAX_CSV_BYTES), "zip": filesizeformat(MAX_ZIP_BYTES), "rows": MAX_ROWS}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = MAX_ZIP_BYTES if upload.name.lower().endswith(".zip") else MAX_CSV_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class ImportForm(forms.Form):
    """The checked upload (by its token) to import."""

    token = forms.CharField(widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(
        label=_("Skip bad rows"),
        required=False,
        help_text=_("Import the good rows even when other rows are bad. Otherwise nothing is imported."),
    )


class UploadGone(Exception):
    """The token names no upload this user may import (expired, forged, another user's, already imported)."""


# --- Keeping an upload between the check and the import


def keep_upload(upload, user):
    """Store ``upload`` under a random name; returns the signed token that names it for ``user``."""
    extension = ".zip" if upload.name.lower().endswith(".zip") else ".csv"
    name = default_storage.save(f"{PENDING_FOLDER}/{secrets.token_hex(16)}{extension}", upload)
    return signing.dumps({"user": user.pk, "name": name, "filename": upload.name}, salt=TOKEN_SALT)


def pending_upload(token, user):
    """``(storage name, original file name)`` of the upload ``token`` names; ``UploadGone`` otherwise."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise UploadGone from error
    name = data.get("name", "")
    if data.get("user") != user.pk or not PENDING_NAME.match(name) or not default_storage.exists(name):
        raise UploadGone
    return name, data.get("filename", "")


def forget_upload(name):
    try:
        default_storage.delete(name)
    except OSError:
        pass


def delete_expired_uploads(now=None):
    """Delete the uploads kept longer than a token lives (checked, never imported)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=TOKEN_MAX_AGE * 2)
    try:
        _folders, names = default_storage.listdir(PENDING_FOLDER)
    except (OSError, NotImplementedError):
        return
    for name in names:
        stored = f"{PENDING_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(stored) < cutoff:
                default_storage.delete(stored)
        except (OSError, NotImplementedError):
            continue


def run_import(name, user, dry_run, skip_invalid):
    """Import (or check) the kept upload ``name``, copied into a fresh temporary folder of its own."""
    with tempfile.TemporaryDirectory(prefix="library-upload-") as folder:
        local = Path(folder) / ("upload.zip" if name.endswith(".zip") else "items.csv")
        with default_storage.open(name, "rb") as source, open(local, "wb") as target:
            shutil.copyfileobj(source, target)
        return import_library(local, dry_run=dry_run, skip_invalid=skip_invalid, user=user, max_rows=MAX_ROWS)


# --- The screen


class LibraryImportView(WagtailAdminTemplateMixin, TemplateView):
    """Upload and "Check" (a dry run, report shown, upload kept), then "Import" the kept upload."""

    template_name = "library/admin/import.html"
    page_title = _("Import library items")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["columns"] = COLUMNS
        context["max_rows"] = MAX_ROWS
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "import":
            return self.import_checked(request)
        return self.check(request)

    def check(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        delete_expired_uploads()
        skip_invalid = form.cleaned_data["skip_invalid"]
        token = keep_upload(form.cleaned_data["file"], request.user)
        name, filename = pending_upload(token, request.user)
        report = run_import(name, request.user, dry_run=True, skip_invalid=skip_invalid)
        import_form = None
        if report.file_problem or not report.to_write:
            forget_upload(name)
        else:
            import_form = ImportForm(initial={"token": token, "skip_invalid": skip_invalid})
        return self.render_to_response(self.get_context_data(report=report, import_form=import_form, filename=filename))

    def import_checked(self, request):
        form = ImportForm(request.POST)
        try:
            if not form.is_valid():
                raise UploadGone
            name, filename = pending_upload(form.cleaned_data["token"], request.user)
        except UploadGone:
            messages.error(request, _("The checked file is no longer available. Upload it and check it again."))
            return self.render_to_response(self.get_context_data())
        skip_invalid = form.cleaned_data["skip_invalid"]
        report = run_import(name, request.user, dry_run=False, skip_invalid=skip_invalid)
        import_form = None
        if report.imported:
            forget_upload(name)
            messages.success(request, self.done_message(report))
        elif report.blocked and report.to_write and not report.file_problem:
            # Bad rows stopped it: the same upload may be imported with "Skip bad rows" ticked.
            import_form = ImportForm(initial={"token": form.cleaned_data["token"], "skip_invalid": skip_invalid})
            messages.error(request, _("Nothing was imported: the file has problems, listed below."))
        else:
            forget_upload(name)
            messages.error(request, _("Nothing was imported: the file has problems, listed below."))
        return self.render_to_response(self.get_context_data(report=report, import_form=import_form, filename=filename))

    def done_message(self, report):
        created, updated = len(report.created), len(report.updated)
        return " ".join(
            [
                ngettext("%(count)s item was created.", "%(count)s items were created.", created) % {"count": created},
                ngettext("%(count)s item was updated.", "%(count)s items were updated.", updated) % {"count": updated},
            ]
        )


class ImportMenuItem(MenuItem):
    """Shown only to those who may import library items."""

    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_admin_urls")
def register_library_import_url():
    return [path("library/import/", LibraryImportView.as_view(), name=URL_NAME)]


@hooks.register("register_admin_menu_item")
def register_library_import_menu_item():
    return ImportMenuItem(
        _("Import library items"), reverse(URL_NAME), name="library-import", icon_name="upload", order=256
    )
