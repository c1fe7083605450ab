"""The Wagtail editor's seminar screens: registrations and attendance for organisers, approvals for training officers.

"Seminar registrations" (organisers: the seminar's owner and listed organisers, and
administrators, as ``SeminarPage.may_organise`` decides)
    - the seminars the user organises, each session with its confirmed, waitlisted,
      pending and attended registrations against its seats;
    - one seminar's sessions; one session's registrants, where attendance is marked (one
      person, or the ticked ones) and taken back (after a confirmation: the hours are no
      longer credited and the certificate is revoked), the registrants are downloaded as
      CSV, attendance is imported from a CSV file of e-mail addresses
      (``courses.seminar_attendance_import``), and the session is cancelled with a reason
      the registrants are sent;
    - the venue screen: the session's check-in code, large, with a QR code of the check-in
      address that fills the code in.
    A seminar the user may not organise, or a session or registration that is not that
    seminar's, is a 404 on every address, so its existence is not revealed. Someone who
    organises no seminar is refused the list (the editor's "no permission" redirect).

"Seminar approvals" (training officers and administrators)
    The pending registrations the user decides (``Registration.objects.pending_for_officer``:
    an officer's agency and the agencies under it; administrators: everyone's), each
    approved with an optional note or declined with a reason (required) through
    ``courses.services.seminars``. A registration the user may not decide is a 404.

Every change is a POST (with Django's CSRF check) to a service function; a refusal
(``SeminarError``) comes back as a message. The URLs, menu items and the "Registrations"
button on seminar pages in the explorer are registered in ``courses/wagtail_hooks.py``.
"""

import segno
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.validators import FileExtensionValidator
from django.db.models import Count, F, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.admin_views import admin_language, iso_local, learner_name, spreadsheet_safe
from courses.calendars import public_url
from courses.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationStatus,
    SeminarPage,
    SeminarSession,
)
from courses.quiz_report import csv_response, plain_number
from courses.seminar_attendance_import import MAX_ROWS, MAX_UPLOAD_BYTES, attendance_error, import_attendance
from courses.services.seminars import (
    REASON_MAX_LENGTH,
    SeminarError,
    approve,
    cancel_session,
    decline,
    mark_attended,
    unmark_attended,
)
from lms.admin_views import users_visible_to
from lms.models import User
from lms.roles import TRAINING_OFFICERS
from lms.thai import format_date

CHANGE_PERMISSION = "courses.change_registration"
SEMINARS_PER_PAGE = 25
REGISTRANTS_PER_PAGE = 200
APPROVALS_PER_PAGE = 50
# A larger number is no row's id (and overflows SQLite's integer): such an address is a 404.
MAX_ID = 2**63 - 1

# URL names (``register_admin_urls`` in ``courses/wagtail_hooks.py``; ``seminar_approvals`` is
# also reversed by ``courses.seminar_notifications`` for the officers' e-mail).
SEMINARS_URL = "seminar_registrations"
SEMINAR_URL = "seminar_registrations_seminar"
SESSION_URL = "seminar_registrations_session"
ATTENDANCE_URL = "seminar_registrations_attendance"
UNDO_URL = "seminar_registrations_undo"
CANCEL_URL = "seminar_registrations_cancel"
EXPORT_URL = "seminar_registrations_export"
IMPORT_URL = "seminar_registrations_import"
VENUE_URL = "seminar_registrations_venue"
APPROVALS_URL = "seminar_approvals"
APPROVE_URL = "seminar_approvals_approve"
DECLINE_URL = "seminar_approvals_decline"


# --- Who may do what


def may_organise_every_seminar(user):
    """Administrators (and superusers) organise every seminar."""
    return user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm(CHANGE_PERMISSION))


def seminars_organised_by(user):
    """The seminars ``user`` may organise, as ``SeminarPage.may_organise`` decides for one."""
    if not user.is_authenticated or not user.is_active:
        return SeminarPage.objects.none()
    if may_organise_every_seminar(user):
        return SeminarPage.objects.all()
    return SeminarPage.objects.organised_by(user)


def organised_seminar_ids(user):
    """The ids of the seminars ``user`` organises (None: every one), looked up once per request's user."""
    if may_organise_every_seminar(user):
        return None
    if not hasattr(user, "_organised_seminar_ids"):
        user._organised_seminar_ids = (
            set(seminars_organised_by(user).values_list("pk", flat=True)) if user.is_authenticated else set()
        )
    return user._organised_seminar_ids


def may_use_seminar_registrations(user):
    """True for administrators and anyone who organises at least one seminar."""
    ids = organised_seminar_ids(user)
    return ids is None or bool(ids)


def may_decide_approvals(user):
    """True for training officers and administrators: they see the "Seminar approvals" screen."""
    if not user.is_authenticated or not user.is_active:
        return False
    if may_organise_every_seminar(user):
        return True
    return user.groups.filter(name=TRAINING_OFFICERS).exists()


# --- How things read on the screens


def session_when(session, language):
    """ "24 พฤศจิกายน 2569 09:00 น. – 12:00 น." (Buddhist Era in Thai), with the session's label."""
    starts = format_date(session.starts_at, "long", language, with_time=True)
    ends_local = timezone.localtime(session.ends_at)
    if timezone.localtime(session.starts_at).date() == ends_local.date():
        ends = f"{ends_local:%H:%M}" + (" น." if language == "th" else "")
    else:
        ends = format_date(session.ends_at, "long", language, with_time=True)
    text = f"{starts} – {ends}"
    return f"{session.label} · {text}" if session.label else text


def seminar_title(seminar, language):
    return seminar.title_en if language == "en" and seminar.title_en else seminar.title


def check_in_address(session):
    """The absolute check-in address of ``session`` with its code filled in (what the QR code holds)."""
    seminar = session.page
    base = seminar.get_url() or seminar.url_path
    path = base.rstrip("/") + "/" + seminar.reverse_subpage("check-in", kwargs={"session_id": session.pk})
    return f"{public_url(path)}?code={session.check_in_code}"


def with_counts(sessions):
    """``sessions`` with each one's registrations counted by status (one query, no row multiplied)."""

    def count(status):
        return Count("registrations", filter=Q(registrations__status=status))

    return sessions.annotate(
        confirmed_count=count(RegistrationStatus.CONFIRMED),
        waitlisted_count=count(RegistrationStatus.WAITLISTED),
        pending_count=count(RegistrationStatus.PENDING),
        attended_count=count(RegistrationStatus.ATTENDED),
    )


def refuse_impossible_ids(kwargs):
    """404 for an address whose ids no row can have (the database would fail on them)."""
    if any(name.endswith("_id") and value > MAX_ID for name, value in kwargs.items()):
        raise Http404


def paginate(request, items, per_page):
    """The page of ``items`` asked for by ``?p=`` (the first, or the last, when it is not a page number)."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("p"))
    return page, list(paginator.get_elided_page_range(page.number))


# --- The screens' shared parts


class SeminarAdminView(WagtailAdminTemplateMixin, TemplateView):
    """A screen of the "Seminar registrations" section: refused to those who organise no seminar."""

    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        refuse_impossible_ids(kwargs)
        self.find_objects(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def find_objects(self, request, **kwargs):
        """Refuse those who may not be here, and look up what the screen shows."""
        if not may_use_seminar_registrations(request.user):
            raise PermissionDenied

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse(SEMINARS_URL), "label": _("Seminar registrations")}]

    @cached_property
    def language(self):
        return admin_language()


class OrganisedSeminarMixin:
    """Looks up the seminar (and session) of the address among those the user organises: 404 otherwise."""

    def find_objects(self, request, **kwargs):
        # A seminar not theirs is not found, for everyone in the editor: its existence is not revealed.
        self.seminar = get_object_or_404(seminars_organised_by(request.user), pk=kwargs["page_id"])
        if "session_id" in kwargs:
            self.session = get_object_or_404(SeminarSession.objects.filter(page=self.seminar), pk=kwargs["session_id"])
            self.session.page = self.seminar

    def seminar_url(self):
        return reverse(SEMINAR_URL, args=[self.seminar.pk])

    def session_url(self, session=None):
        session = session or self.session
        return reverse(SESSION_URL, args=[self.seminar.pk, session.pk])

    def session_action_url(self, name, *args):
        return reverse(name, args=[self.seminar.pk, self.session.pk, *args])

    def get_breadcrumbs_items(self):
        items = [
            *super().get_breadcrumbs_items(),
            {"url": self.seminar_url(), "label": seminar_title(self.seminar, self.language)},
        ]
        if hasattr(self, "session"):
            items.append({"url": self.session_url(), "label": session_when(self.session, self.language)})
        return items


# --- The seminars


class SeminarListView(SeminarAdminView):
    """The seminars the user organises, latest session first, each session with its figures."""

    template_name = "courses/admin/seminar_list.html"
    page_title = _("Seminar registrations")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        seminars = (
            seminars_organised_by(self.request.user)
            .annotate(last_starts_at=Max("sessions__starts_at"))
            .order_by(F("last_starts_at").desc(nulls_last=True), "title", "pk")
        )
        page, page_range = paginate(self.request, seminars, SEMINARS_PER_PAGE)
        shown = list(page.object_list)
        sessions = {}
        for session in with_counts(SeminarSession.objects.filter(page__in=[seminar.pk for seminar in shown])).order_by(
            "starts_at", "pk"
        ):
            sessions.setdefault(session.page_id, []).append(session)
        context.update(
            {
                "page_obj": page,
                "elided_page_range": page_range,
                "seminars": [
                    {
                        "seminar": seminar,
                        "title": seminar_title(seminar, self.language),
                        "url": reverse(SEMINAR_URL, args=[seminar.pk]),
                        "sessions": [self.session_row(seminar, session) for session in sessions.get(seminar.pk, [])],
                    }
                    for seminar in shown
                ],
            }
        )
        return context

    def session_row(self, seminar, session):
        return {
            "session": session,
            "when": session_when(session, self.language),
            "url": reverse(SESSION_URL, args=[seminar.pk, session.pk]),
        }


class SeminarDetailView(OrganisedSeminarMixin, SeminarAdminView):
    """One seminar's sessions with their figures and the way to each one's registrants."""

    template_name = "courses/admin/seminar_detail.html"

    def get_page_title(self):
        return seminar_title(self.seminar, self.language)

    def get_page_subtitle(self):
        return _("Registrations")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items()[:-1], {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = with_counts(SeminarSession.objects.filter(page=self.seminar)).order_by("starts_at", "pk")
        context.update(
            {
                "seminar": self.seminar,
                "title": self.get_page_title(),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.seminar.pk]),
                "hours": plain_number(self.seminar.training_hours),
                "sessions": [
                    {"session": session, "when": session_when(session, self.language), "url": self.session_url(session)}
                    for session in sessions
                ],
            }
        )
        return context


# --- One session's registrants


class SessionView(OrganisedSeminarMixin, SeminarAdminView):
    """A session's registrants, with attendance marked and taken back, and the session's other actions."""

    template_name = "courses/admin/seminar_session.html"

    def get_page_title(self):
        return seminar_title(self.seminar, self.language)

    def get_page_subtitle(self):
        return session_when(self.session, self.language)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items()[:-1], {"url": "", "label": self.get_page_subtitle()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        counts = with_counts(SeminarSession.objects.filter(pk=session.pk)).values(
            "confirmed_count", "waitlisted_count", "pending_count", "attended_count"
        )[0]
        registrations = (
            Registration.objects.filter(session=session)
            .select_related("user", "user__agency")
            .order_by("registered_at", "pk")
        )
        page, page_range = paginate(self.request, registrations, REGISTRANTS_PER_PAGE)
        error = attendance_error(session)
        may_mark = error is None
        rows = [self.registrant_row(registration, may_mark) for registration in page.object_list]
        context.update(
            {
                "seminar": self.seminar,
                "session": session,
                "counts": counts,
                "page_obj": page,
                "elided_page_range": page_range,
                "registrants": rows,
                "any_markable": any(row["may_mark"] for row in rows),
                "may_mark": may_mark,
                "attendance_note": "" if may_mark or session.is_cancelled else error.message,
                "cancelled_on": format_date(session.cancelled_at, "long", self.language, with_time=True),
                "may_cancel": not session.is_cancelled and not session.has_ended(),
                "attendance_url": self.session_action_url(ATTENDANCE_URL),
                "cancel_url": self.session_action_url(CANCEL_URL),
                "export_url": self.session_action_url(EXPORT_URL),
                "import_url": self.session_action_url(IMPORT_URL),
                "venue_url": self.session_action_url(VENUE_URL),
            }
        )
        return context

    def registrant_row(self, registration, may_mark):
        user = registration.user
        attended = registration.status == RegistrationStatus.ATTENDED
        return {
            "registration": registration,
            "name": learner_name(user, self.language),
            "email": user.email,
            "agency": user.agency.display_name if user.agency_id else "",
            "status": registration.get_status_display(),
            "registered": format_date(registration.registered_at, "short", self.language, with_time=True),
            "attended": format_date(registration.attended_at, "short", self.language, with_time=True),
            "attendance_source": registration.get_attendance_source_display() if attended else "",
            "hours": plain_number(registration.credited_hours) if attended else "",
            "may_mark": may_mark
            and registration.status in ACTIVE_STATUSES
            and registration.status not in (RegistrationStatus.ATTENDED, RegistrationStatus.PENDING),
            "undo_url": self.session_action_url(UNDO_URL, registration.pk) if attended else "",
        }


class MarkAttendanceView(OrganisedSeminarMixin, SeminarAdminView):
    """POST: mark one registrant (``mark``) or the ticked ones (``selected``) attended; back to the session."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        single = request.POST.get("mark")
        wanted = [single] if single else request.POST.getlist("selected")
        ids = sorted({int(value) for value in wanted if value.isascii() and value.isdigit() and len(value) < 12})
        if not ids:
            messages.warning(request, _("Tick the people who attended first."))
            return redirect(self.session_url())
        registrations = list(
            Registration.objects.filter(session=self.session, pk__in=ids).select_related("user").order_by("pk")
        )
        if len(registrations) != len(ids):
            raise Http404
        marked, refused = 0, []
        for registration in registrations:
            if registration.status == RegistrationStatus.ATTENDED:
                continue
            try:
                mark_attended(registration, request.user)
            except SeminarError as error:
                refused.append(error.message)
            else:
                marked += 1
        if marked:
            messages.success(
                request,
                ngettext(
                    "The attendance of %(count)s person was recorded.",
                    "The attendance of %(count)s people was recorded.",
                    marked,
                )
                % {"count": marked},
            )
        for message in refused:
            messages.error(request, message)
        if not marked and not refused:
            messages.info(request, _("Their attendance had already been recorded."))
        return redirect(self.session_url())


class UndoAttendanceView(OrganisedSeminarMixin, SeminarAdminView):
    """GET asks for confirmation; POST takes the attendance back (hours no longer credited, certificate revoked)."""

    template_name = "courses/admin/seminar_undo_attendance.html"
    page_title = _("Undo attendance")

    def find_objects(self, request, **kwargs):
        super().find_objects(request, **kwargs)
        self.registration = get_object_or_404(
            Registration.objects.filter(session=self.session).select_related("user", "certificate"),
            pk=kwargs["registration_id"],
        )

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        if self.registration.status != RegistrationStatus.ATTENDED:
            messages.info(request, _("This person's attendance is not recorded."))
            return redirect(self.session_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.registration
        context.update(
            {
                "registration": registration,
                "name": learner_name(registration.user, self.language),
                "hours": plain_number(registration.credited_hours),
                "certificate": registration.certificate,
                "session_url": self.session_url(),
                "undo_url": self.session_action_url(UNDO_URL, registration.pk),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        registration = self.registration
        if registration.status == RegistrationStatus.ATTENDED:
            unmark_attended(registration, request.user)
            messages.success(
                request,
                _("The attendance of %(person)s was taken back.")
                % {"person": learner_name(registration.user, self.language)},
            )
        return redirect(self.session_url())


# --- Cancelling a session


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent to every registrant with the cancellation, and shown on the seminar's public page. "
            "At most 1,000 characters."
        ),
        error_messages={"required": _("Give the reason for cancelling this session; it is sent to the registrants.")},
    )


class CancelSessionView(OrganisedSeminarMixin, SeminarAdminView):
    """GET shows the reason form; POST cancels the session (``cancel_session``), which tells every registrant."""

    template_name = "courses/admin/seminar_cancel_session.html"
    page_title = _("Cancel the session")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        active = Registration.objects.filter(session=self.session, status__in=ACTIVE_STATUSES).exclude(
            status=RegistrationStatus.ATTENDED
        )
        context.update(
            {
                "session": self.session,
                "form": form or CancelSessionForm(),
                "affected": active.count(),
                "session_url": self.session_url(),
                "cancel_url": self.session_action_url(CANCEL_URL),
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        if self.session.is_cancelled:
            messages.info(request, _("This session has been cancelled."))
            return redirect(self.session_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CancelSessionForm(request.POST)
        if form.is_valid():
            try:
                cancel_session(self.session, form.cleaned_data["reason"], by_user=request.user)
            except SeminarError as error:
                form.add_error("reason", error.message)
            else:
                messages.success(request, _("The session was cancelled and its registrants are being told."))
                return redirect(self.session_url())
        messages.error(request, _("The session was not cancelled: see the error below."))
        return self.render_to_response(self.get_context_data(form=form))


# --- The registrants as CSV


def registrants_csv_headings():
    return [
        _("E-mail"),
        _("Name"),
        _("Agency"),
        _("Status"),
        _("Registered"),
        _("Attended"),
        _("Hours"),
    ]


class ExportRegistrantsView(OrganisedSeminarMixin, SeminarAdminView):
    """The session's registrants as CSV (UTF-8 with a byte order mark), headings in the editor's language."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        language = self.language
        registrations = (
            Registration.objects.filter(session=self.session)
            .select_related("user", "user__agency")
            .order_by("registered_at", "pk")
        )
        rows = (
            [
                spreadsheet_safe(registration.user.email),
                spreadsheet_safe(learner_name(registration.user, language)),
                spreadsheet_safe(registration.user.agency.display_name) if registration.user.agency_id else "",
                str(registration.get_status_display()),
                iso_local(registration.registered_at, with_time=True),
                iso_local(registration.attended_at, with_time=True),
                plain_number(registration.credited_hours) if registration.attended_at else "",
            ]
            for registration in registrations.iterator(chunk_size=500)
        )
        filename = f"seminar-{self.seminar.pk}-session-{self.session.pk}-registrants-{timezone.localdate().isoformat()}"
        return csv_response(filename, registrants_csv_headings(), rows)


# --- Importing attendance


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of e-mail addresses"),
        validators=[FileExtensionValidator(["csv", "txt"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Interpolated here, not at import, so that it is in the language of the request.
        self.fields["file"].help_text = _("A .csv file saved as “CSV UTF-8”, at most %(size)s and %(rows)s rows.") % {
            "size": filesizeformat(MAX_UPLOAD_BYTES),
            "rows": MAX_ROWS,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s; the largest accepted is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload


class ImportAttendanceView(OrganisedSeminarMixin, SeminarAdminView):
    """Upload a CSV file of e-mail addresses: "check" reports, "import" records the attendance (all or nothing)."""

    template_name = "courses/admin/seminar_import_attendance.html"
    page_title = _("Import attendance")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        error = attendance_error(self.session)
        context.update(
            {
                "session": self.session,
                "form": form or AttendanceImportForm(),
                "max_rows": MAX_ROWS,
                "closed_message": error.message if error else "",
                "session_url": self.session_url(),
                "export_url": self.session_action_url(EXPORT_URL),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = AttendanceImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        record = request.POST.get("action") == "import"
        result = import_attendance(form.cleaned_data["file"], self.session, request.user, dry_run=not record)
        if record and result.marked_count:
            messages.success(
                request,
                ngettext(
                    "The attendance of %(count)s person was recorded.",
                    "The attendance of %(count)s people was recorded.",
                    result.marked_count,
                )
                % {"count": result.marked_count},
            )
        elif record and result.blocked:
            messages.error(request, _("Nobody's attendance was recorded: the file has problems, listed below."))
        elif record:
            messages.warning(request, _("Nobody new was marked attended."))
        return self.render_to_response(self.get_context_data(form=form, result=result))


# --- The venue screen


class VenueView(OrganisedSeminarMixin, SeminarAdminView):
    """The check-in code, large, and a QR code of the check-in address, to show on a screen at the venue."""

    template_name = "courses/admin/seminar_venue.html"
    page_title = _("Check-in at the venue")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        address = check_in_address(session)
        opens, closes = session.check_in_window()
        context.update(
            {
                "session": session,
                "title": seminar_title(self.seminar, self.language),
                "when": session_when(session, self.language),
                "code": session.check_in_code,
                "check_in_url": address,
                "qr_data_uri": segno.make(address, error="m").svg_data_uri(scale=8, border=2),
                "opens": format_date(opens, "long", self.language, with_time=True),
                "closes": format_date(closes, "long", self.language, with_time=True),
                "is_open": session.is_check_in_open(),
                "session_url": self.session_url(),
            }
        )
        return context


# --- Approvals


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=REASON_MAX_LENGTH, required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Give the reason for declining; it is sent to the person.")},
    )


class ApprovalsAccessMixin:
    """Refuse those who are neither training officers nor administrators."""

    def dispatch(self, request, *args, **kwargs):
        if not may_decide_approvals(request.user):
            raise PermissionDenied
        refuse_impossible_ids(kwargs)
        return super().dispatch(request, *args, **kwargs)


def pending_for(user):
    """The pending registrations ``user`` decides (never their own), of sessions not yet started or cancelled."""
    return (
        Registration.objects.pending_for_officer(user)
        .exclude(user=user)
        .filter(session__starts_at__gt=timezone.now(), session__cancelled_at__isnull=True)
    )


class ApprovalsView(ApprovalsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The pending registrations the user decides, oldest first, each with its approve and decline forms."""

    template_name = "courses/admin/seminar_approvals.html"
    page_title = _("Seminar approvals")
    header_icon = "calendar-check"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = admin_language()
        pending = (
            pending_for(self.request.user)
            .select_related("user", "user__agency", "session", "session__page")
            .order_by("registered_at", "pk")
        )
        page, page_range = paginate(self.request, pending, APPROVALS_PER_PAGE)
        context.update(
            {
                "page_obj": page,
                "elided_page_range": page_range,
                "requests": [
                    {
                        "registration": registration,
                        "name": learner_name(registration.user, language),
                        "email": registration.user.email,
                        "position": registration.user.position,
                        "agency": registration.user.agency.display_name if registration.user.agency_id else "",
                        "seminar": seminar_title(registration.session.page, language),
                        "seminar_url": registration.session.page.url or "",
                        "when": session_when(registration.session, language),
                        "registered": format_date(registration.registered_at, "short", language, with_time=True),
                        "approve_url": reverse(APPROVE_URL, args=[registration.pk]),
                        "decline_url": reverse(DECLINE_URL, args=[registration.pk]),
                    }
                    for registration in page.object_list
                ],
            }
        )
        return context


class DecisionView(ApprovalsAccessMixin, TemplateView):
    """POST: approve or decline one pending registration the user decides; back to the approvals."""

    http_method_names = ["post"]

    def post(self, request, registration_id):
        registration = pending_for(request.user).select_related("user", "session").filter(pk=registration_id).first()
        if registration is None:
            decided = Registration.objects.filter(
                pk=registration_id, user__in=users_visible_to(request.user, User.objects.all())
            ).exclude(user=request.user)
            if not decided.exists():
                raise Http404
            # Another officer decided it meanwhile.
            messages.warning(request, _("This registration is no longer awaiting approval."))
            return redirect(APPROVALS_URL)
        person = learner_name(registration.user, admin_language())
        try:
            self.decide(registration, person)
        except SeminarError as error:
            messages.error(request, error.message)
        return redirect(APPROVALS_URL)


class ApproveView(DecisionView):
    def decide(self, registration, person):
        form = ApproveForm(self.request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        approved = approve(registration, self.request.user, note)
        messages.success(
            self.request,
            _("%(person)s's registration was approved (%(status)s).")
            % {"person": person, "status": approved.get_status_display()},
        )


class DeclineView(DecisionView):
    def decide(self, registration, person):
        form = DeclineForm(self.request.POST)
        if not form.is_valid():
            raise SeminarError("reason_required", " ".join(form.errors["reason"]))
        decline(registration, self.request.user, form.cleaned_data["reason"])
        messages.success(self.request, _("%(person)s's registration was declined.") % {"person": person})


# --- Menu items and the explorer's button


class SeminarRegistrationsMenuItem(MenuItem):
    """Shown to administrators and to anyone who organises a seminar."""

    def is_shown(self, request):
        return may_use_seminar_registrations(request.user)


class SeminarApprovalsMenuItem(MenuItem):
    """Shown to training officers and administrators."""

    def is_shown(self, request):
        return may_decide_approvals(request.user)


class SeminarRegistrationsButton(PageMenuItem):
    """ "Registrations" on a seminar page in the explorer, for those who organise it."""

    label = _("Registrations")
    icon_name = "group"

    @property
    def url(self):
        return reverse(SEMINAR_URL, args=[self.page.pk])

    def is_shown(self, user):
        ids = organised_seminar_ids(user)
        return ids is None or self.page.pk in ids


def is_seminar_page(page):
    # The explorer's pages may be plain ``Page`` objects: look at the page type, which costs no query.
    return issubclass(page.specific_class or type(page), SeminarPage)
