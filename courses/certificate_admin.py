"""The Wagtail editor's "Certificates" screens: every certificate, revoking, new PDFs and exports.

Administrators only: the screens need ``courses.view_certificate`` (the list, each
certificate's page, its PDF, the exports) and ``courses.change_certificate`` (revoke,
regenerate), which ``courses/migrations/0007_grant_certificate_permissions.py`` gives the
Administrators group alone; anyone else in the editor is refused (``PermissionDenied``, which
the editor turns into its "no permission" redirect to the dashboard) and sees no menu item.

- The list filters by course, agency (an agency includes the agencies under it), issue
  date and status (valid / expired / revoked, from ``CertificateQuerySet``), and searches
  names and e-mail addresses, or finds a code typed in any form (``normalise_code``).
- Each certificate's page shows what it certifies and its history from Wagtail's audit
  log, downloads its stored PDF, revokes it with a reason and makes its PDF again, through
  ``courses.services.certificates`` (which writes the audit log).
- The filtered list downloads as CSV (UTF-8 with a byte order mark, so that Excel shows
  Thai; text a spreadsheet would run as a formula neutralised) and as a ZIP of the PDFs
  with that CSV inside. Up to ``CERTIFICATE_ZIP_INLINE_LIMIT`` certificates the ZIP is
  built during the request; a larger one is built by a background task
  (``courses.tasks.export_certificates_zip_task``) into media storage, and the export's
  state is kept in the cache under a random token tied to the administrator who asked:
  nobody else can see or download it (404). Finished files are deleted a day later, when
  another export is built.

``CertificateViewSet`` is registered in ``courses/wagtail_hooks.py``.
"""

import csv
import datetime
import io
import logging
import secrets
import shutil
import tempfile
import zipfile

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import ModelLogEntry

from courses.admin_views import admin_language, iso_local, spreadsheet_safe
from courses.models import Certificate, CertificateStatus, CoursePage
from courses.models.certificates import CODE_ALPHABET, normalise_code
from courses.quiz_report import csv_response, plain_number
from courses.services.certificates import CertificateError, regenerate_pdf, revoke, verification_url
from lms.models import Agency
from lms.thai import format_date

logger = logging.getLogger(__name__)

# The public pages hold the "certificates" namespace (``courses.certificate_urls``).
URL_NAMESPACE = "certificate-admin"
VIEW_PERMISSION = "courses.view_certificate"
CHANGE_PERMISSION = "courses.change_certificate"
ZIP_FORMAT = "zip"
# Up to this many certificates a ZIP is built during the request; above it, by a task.
DEFAULT_ZIP_INLINE_LIMIT = 200
EXPORT_FOLDER = "exports/certificates"
EXPORT_LIFETIME = 24 * 60 * 60  # seconds: how long a prepared ZIP can be downloaded
EXPORT_CACHE_PREFIX = "courses:certificate-export:"
# Certificates are read from the database this many at a time when a ZIP is built.
EXPORT_BATCH = 200


def zip_inline_limit():
    """How many certificates a ZIP may hold and still be built during the request."""
    return getattr(settings, "CERTIFICATE_ZIP_INLINE_LIMIT", DEFAULT_ZIP_INLINE_LIMIT)


def url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


# --- How a certificate reads in a table or a file


def status_text(certificate, today=None):
    """The certificate's status in words: "Valid", "Expired" or "Revoked"."""
    return CertificateStatus(certificate.status(today)).label


def holder_name(certificate, language):
    """The holder's name as certified, in ``language`` (the Thai name when there is no English one)."""
    if language == "en" and certificate.holder_name_en:
        return certificate.holder_name_en
    return certificate.holder_name_th


def training_title(certificate, language):
    """What the certificate was given for, in ``language`` (the Thai title when there is no English one)."""
    if language == "en" and certificate.title_en:
        return certificate.title_en
    return certificate.title_th


def agency_name(certificate):
    user = certificate.user
    return user.agency.display_name if user.agency_id else ""


CSV_FILENAME = "certificates.csv"


def csv_headings():
    return [
        _("Code"),
        _("Holder's name (Thai)"),
        _("Holder's name (English)"),
        _("E-mail"),
        _("Agency"),
        _("Course"),
        _("Hours"),
        _("Issued"),
        _("Expires"),
        _("Status"),
        _("Revoked"),
        _("Reason for revocation"),
    ]


def csv_row(certificate, language, today):
    """One certificate as a CSV row: ISO dates, names neutralised against spreadsheet formulas."""
    return [
        certificate.grouped_code,
        spreadsheet_safe(certificate.holder_name_th),
        spreadsheet_safe(certificate.holder_name_en),
        spreadsheet_safe(certificate.user.email),
        spreadsheet_safe(agency_name(certificate)),
        spreadsheet_safe(training_title(certificate, language)),
        plain_number(certificate.hours),
        iso_local(certificate.issued_at),
        certificate.expires_on.isoformat() if certificate.expires_on else "",
        str(status_text(certificate, today)),
        iso_local(certificate.revoked_at, with_time=True),
        spreadsheet_safe(certificate.revocation_reason),
    ]


def export_stem():
    """The name of a downloaded export, without its extension: "certificates-2026-11-24"."""
    return f"certificates-{timezone.localdate().isoformat()}"


def write_certificates_zip(certificates, output, language):
    """Write a ZIP of the certificates' stored PDFs, each named by its grouped code, to ``output``.

    The CSV of the same certificates goes in as ``certificates.csv``. ``certificates`` is
    any iterable (read once); a certificate whose PDF is missing from storage is listed in
    the CSV and logged. Returns how many PDFs were written.
    """
    today = timezone.localdate()
    table = io.StringIO()
    table.write("\ufeff")
    writer = csv.writer(table)
    writer.writerow([str(heading) for heading in csv_headings()])
    written = 0
    # PDFs are compressed already: store them as they are, and compress the CSV only.
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            writer.writerow(csv_row(certificate, language, today))
            if not certificate.pdf:
                logger.warning("Certificate %s has no PDF: left out of the ZIP", certificate.pk)
                continue
            try:
                with (
                    certificate.pdf.open("rb") as source,
                    archive.open(f"{certificate.grouped_code}.pdf", "w") as target,
                ):
                    shutil.copyfileobj(source, target)
            except FileNotFoundError:
                logger.warning("The PDF of certificate %s is missing from storage: left out of the ZIP", certificate.pk)
                continue
            written += 1
        archive.writestr(CSV_FILENAME, table.getvalue().encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return written


def certificates_for_export():
    return Certificate.objects.select_related("user", "user__agency")


def certificates_in_order(certificate_ids):
    """The certificates of ``certificate_ids`` in that order, read in batches (those deleted since are skipped)."""
    for start in range(0, len(certificate_ids), EXPORT_BATCH):
        batch = certificate_ids[start : start + EXPORT_BATCH]
        found = certificates_for_export().in_bulk(batch)
        yield from (found[pk] for pk in batch if pk in found)


# --- Large exports: a task builds the ZIP, the cache says when it is ready and whose it is


class ExportState:
    PREPARING = "preparing"
    READY = "ready"
    FAILED = "failed"


def export_cache_key(token):
    return f"{EXPORT_CACHE_PREFIX}{token}"


def start_zip_export(user, certificate_ids, language):
    """Queue a ZIP of ``certificate_ids`` for ``user``; returns the export's token."""
    from courses.tasks import export_certificates_zip_task

    token = secrets.token_urlsafe(24)
    entry = {"user_id": user.pk, "state": ExportState.PREPARING, "count": len(certificate_ids), "name": ""}
    cache.set(export_cache_key(token), entry, EXPORT_LIFETIME)
    export_certificates_zip_task.enqueue(token, list(certificate_ids), language)
    return token


def export_of(user, token):
    """The state of export ``token`` if ``user`` asked for it, else None (unknown, expired or someone else's)."""
    entry = cache.get(export_cache_key(token))
    if not isinstance(entry, dict) or entry.get("user_id") != user.pk:
        return None
    return entry


def build_zip_export(token, certificate_ids, language):
    """Build export ``token``'s ZIP into media storage and mark it ready (run by the task).

    Returns the stored file's name, or None when the export is no longer wanted (its
    cache entry has expired). The file gets a random name of its own, not the token.
    """
    key = export_cache_key(token)
    entry = cache.get(key)
    if entry is None:
        # Expired, or a worker that does not share the web's cache (set REDIS_URL with a task worker).
        logger.warning("Certificate export %s is unknown to this process's cache: nothing was built", token[:6])
        return None
    delete_stale_exports()
    try:
        with translation.override(language), tempfile.TemporaryFile() as output:
            write_certificates_zip(certificates_in_order(certificate_ids), output, language)
            output.seek(0)
            name = default_storage.save(f"{EXPORT_FOLDER}/{secrets.token_hex(16)}.zip", File(output))
    except Exception:
        cache.set(key, {**entry, "state": ExportState.FAILED}, EXPORT_LIFETIME)
        raise
    cache.set(key, {**entry, "state": ExportState.READY, "name": name}, EXPORT_LIFETIME)
    return name


def delete_stale_exports(now=None):
    """Delete the prepared ZIP files older than a day (their links have expired)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=EXPORT_LIFETIME)
    try:
        _folders, files = default_storage.listdir(EXPORT_FOLDER)
    except FileNotFoundError:
        return
    for filename in files:
        name = f"{EXPORT_FOLDER}/{filename}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except (FileNotFoundError, NotImplementedError):
            continue


# --- Who may use the screens


def may_see_certificates(user):
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def may_change_certificates(user):
    return user.is_active and user.has_perm(CHANGE_PERMISSION)


class CertificateAccessMixin:
    """Refuse those without the permission the view needs; then look up what it shows."""

    required_permission = VIEW_PERMISSION
    # Decided here, not by a model permission policy.
    permission_policy = None
    any_permission_required = None

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.has_perm(self.required_permission)):
            raise PermissionDenied
        self.find_objects()
        return super().dispatch(request, *args, **kwargs)

    def find_objects(self):
        """Look up what the view shows, once the user is known to be allowed in."""


# --- The list


class CertificateFilterSet(WagtailFilterSet):
    """Filters of the certificates: course, agency (with the agencies under it), issue date, status."""

    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=CoursePage.objects.none())
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), queryset=Agency.objects.order_by("name_th"), method="filter_agency"
    )
    issued = django_filters.DateFromToRangeFilter(
        label=_("Issued"), field_name="issued_at", widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=CertificateStatus.choices,
        method="filter_status",
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )

    class Meta:
        model = Certificate
        fields = ["course", "agency", "issued", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The courses that have given certificates (looked up when the form is shown, not at import).
        self.filters["course"].queryset = CoursePage.objects.filter(
            pk__in=Certificate.objects.filter(course__isnull=False).values("course_id")
        ).order_by("title", "pk")

    def filter_agency(self, queryset, name, value):
        return queryset.filter(user__agency__in=Agency.objects.within(value))

    def filter_status(self, queryset, name, value):
        by_status = {
            CertificateStatus.VALID: queryset.valid,
            CertificateStatus.EXPIRED: queryset.expired,
            CertificateStatus.REVOKED: queryset.revoked,
        }
        return by_status[value]() if value in by_status else queryset


class CertificateListView(CertificateAccessMixin, generic.IndexView):
    """Every certificate, filtered and searched; ``?export=csv`` and ``?export=zip`` download the filtered list.

    A POST (from the page a large ZIP export shows) starts the ZIP in the background.
    """

    model = Certificate
    page_title = _("Certificates")
    header_icon = "doc-full"
    paginate_by = 50
    default_ordering = "-issued_at"
    filterset_class = CertificateFilterSet
    search_fields = ["holder_name_th", "holder_name_en", "user__email"]
    # Certificates are not in the search index: search the database.
    search_backend_name = None
    FORMATS = ("csv",)
    list_export = ["code"]  # Export buttons are built below; the CSV columns by ``csv_row``.
    index_url_name = f"{URL_NAMESPACE}:index"
    index_results_url_name = f"{URL_NAMESPACE}:index_results"

    def get_base_queryset(self):
        return Certificate.objects.select_related("user", "user__agency")

    def order_queryset(self, queryset):
        # The primary key last, so that a page of the listing never repeats or skips a certificate.
        return queryset.order_by(self.ordering or self.default_ordering, "-pk")

    def search_queryset(self, queryset):
        """A whole code (in any form) finds its certificate; otherwise every word must match a name or
        e-mail address (so "สมหญิง ใจดี" finds the full name), or be part of a code."""
        if not self.is_searching:
            return queryset
        code = normalise_code(self.search_query)
        if code is not None:
            return queryset.filter(code=code)
        for word in self.search_query.split():
            word_matches = Q()
            for field in self.search_fields:
                word_matches |= Q(**{f"{field}__icontains": word})
            code_part = word.replace("-", "").upper()
            if len(code_part) >= 4 and all(character in CODE_ALPHABET for character in code_part):
                word_matches |= Q(code__contains=code_part)
            queryset = queryset.filter(word_matches)
        return queryset

    @cached_property
    def verbose_name_plural(self):
        return _("certificates")

    def get_detail_url(self, certificate):
        return url("detail", certificate.pk)

    @cached_property
    def columns(self):
        language = admin_language()
        today = timezone.localdate()
        return [
            TitleColumn("code", label=_("Code"), accessor="grouped_code", get_url=self.get_detail_url),
            Column(
                "holder",
                label=_("Holder"),
                accessor=lambda certificate: holder_name(certificate, language),
                sort_key="holder_name_th",
            ),
            Column("email", label=_("E-mail"), accessor="user.email", sort_key="user__email"),
            Column("agency", label=_("Agency"), accessor=agency_name),
            Column("course", label=_("Course"), accessor=lambda certificate: training_title(certificate, language)),
            Column("hours", label=_("Hours"), accessor=lambda certificate: plain_number(certificate.hours)),
            Column(
                "issued",
                label=_("Issued"),
                accessor=lambda certificate: format_date(certificate.issued_at, "short", language),
                sort_key="issued_at",
            ),
            Column(
                "expires",
                label=_("Expires"),
                accessor=lambda certificate: format_date(certificate.expires_on, "short", language),
                sort_key="expires_on",
            ),
            Column("status", label=_("Status"), accessor=lambda certificate: status_text(certificate, today)),
        ]

    @cached_property
    def header_more_buttons(self):
        # The export mixin offers every format it knows: offer CSV and the ZIP of PDFs instead.
        others = [button for button in super().header_more_buttons if "export=" not in (button.url or "")]
        return [
            *others,
            Button(_("Download CSV"), url=self.csv_export_url, icon_name="download", priority=100),
            Button(_("Download PDFs (ZIP)"), url=self.get_export_url(ZIP_FORMAT), icon_name="download", priority=110),
        ]

    # --- CSV

    def write_csv_response(self, queryset):
        language = admin_language()
        today = timezone.localdate()
        return csv_response(
            export_stem(),
            csv_headings(),
            (csv_row(certificate, language, today) for certificate in queryset),
        )

    # --- ZIP

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == ZIP_FORMAT:
            return self.zip_response()
        return super().get(request, *args, **kwargs)

    def zip_response(self):
        """The ZIP at once when it is small enough; otherwise a page offering to prepare it."""
        queryset = self.get_queryset()
        count = queryset.count()
        if count <= zip_inline_limit():
            output = tempfile.TemporaryFile()
            write_certificates_zip(queryset.iterator(chunk_size=EXPORT_BATCH), output, admin_language())
            output.seek(0)
            response = FileResponse(
                output, as_attachment=True, filename=f"{export_stem()}.zip", content_type="application/zip"
            )
            add_never_cache_headers(response)
            return response
        return TemplateResponse(
            self.request, "courses/admin/certificate_export_start.html", self.export_page_context(count)
        )

    def export_page_context(self, count):
        params = self.request.GET.copy()
        params.pop("export", None)
        list_url = self.index_url + (f"?{params.urlencode()}" if params else "")
        title = _("Download PDFs (ZIP)")
        return {
            "view": self,
            "page_title": title,
            "header_title": title,
            "header_icon": "download",
            "breadcrumbs_items": [
                *self.breadcrumbs_items,
                {"url": list_url, "label": _("Certificates")},
                {"url": "", "label": title},
            ],
            "count": count,
            "limit": zip_inline_limit(),
            # The form posts to the list with its filters, which picks the same certificates.
            "start_url": list_url,
            "back_url": list_url,
        }

    def post(self, request, *args, **kwargs):
        """Start a ZIP of the filtered certificates in the background and show its page."""
        certificate_ids = list(self.get_queryset().values_list("pk", flat=True))
        if not certificate_ids:
            messages.warning(request, _("No certificates match these filters: there is nothing to export."))
            return redirect(self.index_url)
        token = start_zip_export(request.user, certificate_ids, admin_language())
        messages.success(request, _("The ZIP file is being prepared."))
        return redirect(url("export", token))


# --- One certificate


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page. At most 1,000 characters."),
        error_messages={"required": _("Give the reason for revoking this certificate.")},
    )


def history_of(certificate):
    """The certificate's entries in Wagtail's audit log, newest first."""
    return ModelLogEntry.objects.for_instance(certificate).select_related("user").order_by("-timestamp", "-pk")


class CertificateDetailView(CertificateAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """A certificate with everything it holds, its history, and its actions (for those who may change it)."""

    template_name = "courses/admin/certificate_detail.html"
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate_id = kwargs["pk"]

    def find_objects(self):
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("user", "user__agency"), pk=self.certificate_id
        )

    def get_page_title(self):
        return self.certificate.grouped_code

    def get_page_subtitle(self):
        return holder_name(self.certificate, admin_language())

    def get_header_title(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("index"), "label": _("Certificates")},
            {"url": "", "label": self.certificate.grouped_code},
        ]

    def get_context_data(self, revoke_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate = self.certificate
        language = admin_language()
        status = certificate.status()
        context.update(
            {
                "certificate": certificate,
                "language": language,
                "status": status,
                "status_text": CertificateStatus(status).label,
                "holder_name": holder_name(certificate, language),
                "training_title": training_title(certificate, language),
                "hours": plain_number(certificate.hours),
                "issued": format_date(certificate.issued_at, "long", language),
                "expires": format_date(certificate.expires_on, "long", language),
                "revoked": format_date(certificate.revoked_at, "long", language, with_time=True),
                "pdf_generated": format_date(certificate.pdf_generated_at, "long", language, with_time=True),
                "course_edit_url": (
                    reverse("wagtailadmin_pages:edit", args=[certificate.course_id]) if certificate.course_id else ""
                ),
                "verification_url": verification_url(certificate),
                "pdf_url": url("pdf", certificate.pk) if certificate.pdf else "",
                "may_change": may_change_certificates(self.request.user),
                "revoke_url": url("revoke", certificate.pk),
                "regenerate_url": url("regenerate", certificate.pk),
                "revoke_form": revoke_form or RevokeForm(),
                "history": [
                    {
                        "when": format_date(entry.timestamp, "short", language, with_time=True),
                        "message": entry.message,
                        "user": entry.user_display_name,
                        "reason": (entry.data or {}).get("reason", ""),
                    }
                    for entry in history_of(certificate)
                ],
            }
        )
        return context


class CertificateRevokeView(CertificateDetailView):
    """Revoke the certificate with a reason (required); without one the page comes back with the error."""

    required_permission = CHANGE_PERMISSION
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = RevokeForm(request.POST)
        if form.is_valid():
            try:
                revoke(self.certificate, form.cleaned_data["reason"], by_user=request.user)
            except CertificateError as error:
                form.add_error("reason", error.message)
            else:
                messages.success(request, _("The certificate has been revoked."))
                return redirect(url("detail", self.certificate.pk))
        messages.error(request, _("The certificate was not revoked: see the error below."))
        return self.render_to_response(self.get_context_data(revoke_form=form))


class CertificateRegenerateView(CertificateDetailView):
    """Make the certificate's PDF again with the holder's current names; the code stays."""

    required_permission = CHANGE_PERMISSION
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        regenerate_pdf(self.certificate, by_user=request.user)
        messages.success(request, _("A new PDF has been made with the holder's current name."))
        return redirect(url("detail", self.certificate.pk))


class CertificatePdfView(CertificateDetailView):
    """The certificate's stored PDF, as a download."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        certificate = self.certificate
        if not certificate.pdf:
            raise Http404
        try:
            source = certificate.pdf.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            source, as_attachment=True, filename=f"{certificate.grouped_code}.pdf", content_type="application/pdf"
        )
        add_never_cache_headers(response)
        return response


# --- A large export's page and its file


class ExportView(CertificateAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """How a background ZIP export is going, with its download link once it is ready (its requester only)."""

    template_name = "courses/admin/certificate_export.html"
    header_icon = "download"
    page_title = _("Download PDFs (ZIP)")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.token = kwargs["token"]

    def find_objects(self):
        self.export = export_of(self.request.user, self.token)
        if self.export is None:
            raise Http404

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": url("index"), "label": _("Certificates")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.export["state"]
        context.update(
            {
                "count": self.export.get("count", 0),
                "state": state,
                "preparing": state == ExportState.PREPARING,
                "ready": state == ExportState.READY,
                "failed": state == ExportState.FAILED,
                "export_url": url("export", self.token),
                "download_url": url("export_download", self.token),
                "index_url": url("index"),
            }
        )
        return context


class ExportDownloadView(ExportView):
    """The prepared ZIP file, for the administrator who asked for it."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        if self.export["state"] != ExportState.READY:
            raise Http404
        try:
            source = default_storage.open(self.export["name"], "rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            source, as_attachment=True, filename=f"{export_stem()}.zip", content_type="application/zip"
        )
        add_never_cache_headers(response)
        return response


# --- The viewset and its menu item


class CertificatesMenuItem(MenuItem):
    """Shown to those who may see the certificates: administrators."""

    def is_shown(self, request):
        return may_see_certificates(request.user)


class CertificateViewSet(ViewSet):
    """The "Certificates" menu item: the list, each certificate and the exports."""

    icon = "doc-full"
    # At /admin/certificates/; the URL names are in ``URL_NAMESPACE``.
    url_prefix = "certificates"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 252
    add_to_admin_menu = True
    menu_item_class = CertificatesMenuItem

    def get_urlpatterns(self):
        return [
            path("", CertificateListView.as_view(), name="index"),
            path("results/", CertificateListView.as_view(results_only=True), name="index_results"),
            path("<int:pk>/", CertificateDetailView.as_view(), name="detail"),
            path("<int:pk>/revoke/", CertificateRevokeView.as_view(), name="revoke"),
            path("<int:pk>/regenerate/", CertificateRegenerateView.as_view(), name="regenerate"),
            path("<int:pk>/pdf/", CertificatePdfView.as_view(), name="pdf"),
            path("exports/<slug:token>/", ExportView.as_view(), name="export"),
            path("exports/<slug:token>/download/", ExportDownloadView.as_view(), name="export_download"),
        ]
