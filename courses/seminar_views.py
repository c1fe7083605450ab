"""The public side of a seminar: its page's context, and the actions at addresses beneath it.

``SeminarPage`` routes these (see ``courses.models.seminars``):

- ``sessions/<id>/register/`` and ``sessions/<id>/cancel/``: POST only (with the CSRF
  token), for a signed-in person; each calls one function of
  ``courses.services.seminars`` and goes back to the seminar page with a message.
- ``sessions/<id>/calendar.ics``: the session's public calendar file (``courses.calendars``).
- ``sessions/<id>/check-in/``: the form where an attendee types (or, from the QR code shown
  at the venue, finds filled in) the session's check-in code; attempts are rate-limited.

The session in the address must be one of the page's sessions, else 404, as for an
unknown id. Wagtail serves these addresses only for a live page and applies the page's
privacy settings first. Guests are sent to the login page and come back to the seminar
(or to the check-in form, code and all).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from lms.services import rate_limit

from .calendars import session_calendar
from .models import ACTIVE_STATUSES, Audience, Registration, RegistrationStatus, SeminarSession
from .models.certificates import CODE_ALPHABET
from .seminar_catalogue import session_period
from .services import seminars as service
from .services.seminars import RegistrationState, SeminarError

REGISTER_SCOPE = "seminar-register"
REGISTER_ATTEMPTS = 20  # registrations per person per hour, across all seminars
REGISTER_WINDOW_SECONDS = 3600
CHECK_IN_SCOPE = "seminar-check-in"
CHECK_IN_ATTEMPTS = 10  # per person and session ...
CHECK_IN_WINDOW_SECONDS = 10 * 60  # ... in ten minutes: enough for typos, far too few to guess a code
CANCELLABLE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


def _registered_message(registration):
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("Your seat is confirmed. We have e-mailed you the details with a calendar invitation.")
    if registration.status == RegistrationStatus.WAITLISTED:
        return _(
            "Every seat is taken, so you are on the waitlist. "
            "If a seat frees up, it is yours in order of arrival and we e-mail you."
        )
    return _("Your registration awaits the approval of your agency's training officer. We e-mail you their decision.")


# --- The seminar page


@dataclass
class SessionEntry:
    """One session as the seminar page shows it to the visitor.

    ``state`` is the register button's state (``courses.services.seminars.registration_state``;
    None in an editor's preview), ``registration`` the visitor's active registration.
    """

    session: SeminarSession
    period: str
    seats_left: int
    state: RegistrationState | None = None
    registration: Registration | None = None
    register_url: str = ""
    cancel_url: str = ""
    calendar_url: str = ""
    check_in_url: str = ""
    show_online_link: bool = False
    may_cancel: bool = False
    may_check_in: bool = False


def _subpage_url(page, page_url, name, session):
    return page_url.rstrip("/") + "/" + page.reverse_subpage(name, kwargs={"session_id": session.pk}).lstrip("/")


def _session_entries(request, page, sessions, now, preview):
    """The ``SessionEntry`` of each of ``sessions`` for the visitor, and their registrations by session id."""
    user = request.user
    saved_ids = [session.pk for session in sessions if session.pk]
    taken, mine = {}, {}
    if saved_ids:
        taken = dict(
            Registration.objects.filter(session_id__in=saved_ids, status__in=SEAT_STATUSES)
            .order_by()
            .values_list("session_id")
            .annotate(count=Count("pk"))
        )
        if user.is_authenticated:
            for registration in Registration.objects.filter(
                session_id__in=saved_ids, user=user, status__in=ACTIVE_STATUSES
            ):
                mine[registration.session_id] = registration
    # An editor's preview (perhaps of a page never saved) needs no addresses: it has no buttons.
    page_url = "" if preview else (page.get_url(request) or "")
    entries = []
    for session in sessions:
        session.page = page
        seats = taken.get(session.pk, 0)
        entry = SessionEntry(
            session=session, period=session_period(session), seats_left=max(session.capacity - seats, 0)
        )
        if not preview and session.pk and page_url:
            registration = mine.get(session.pk)
            if registration is not None:
                registration.session = session
            entry.state = service.registration_state(session, user, now, registration=registration, taken=seats)
            entry.registration = registration
            entry.register_url = _subpage_url(page, page_url, "register", session)
            entry.cancel_url = _subpage_url(page, page_url, "cancel", session)
            entry.calendar_url = _subpage_url(page, page_url, "calendar", session)
            entry.check_in_url = _subpage_url(page, page_url, "check-in", session)
            if registration is not None:
                status = registration.status
                entry.show_online_link = (
                    status in SEAT_STATUSES and bool(session.online_url) and session.cancelled_at is None
                )
                entry.may_cancel = status in CANCELLABLE_STATUSES and now < session.cancellable_until
                entry.may_check_in = status in (
                    RegistrationStatus.CONFIRMED,
                    RegistrationStatus.WAITLISTED,
                ) and session.is_check_in_open(now)
        entries.append(entry)
    return entries, mine


def seminar_page_context(request, page):
    """What ``templates/courses/seminar_page.html`` shows, merged into ``SeminarPage.get_context``.

    ``sessions`` (``SessionEntry``, soonest first), ``speakers``, ``agenda``, ``materials``
    (those the visitor may open, once the first session has started), ``materials_note``,
    ``related_courses`` and ``related_library_items`` (live ones), ``audience_agency_list``,
    ``has_attended`` and ``is_preview``. An editor's preview (a draft, perhaps with sessions
    not saved yet) shows no register buttons and every material.
    """
    now = timezone.now()
    preview = bool(getattr(request, "is_preview", False))
    sessions = sorted(page.sessions.all(), key=lambda session: (session.starts_at, session.pk or 0))
    entries, mine = _session_entries(request, page, sessions, now, preview)
    has_attended = any(registration.status == RegistrationStatus.ATTENDED for registration in mine.values())

    held = [session.starts_at for session in sessions if session.cancelled_at is None]
    materials_open = preview or (bool(held) and now >= min(held))
    materials, materials_note = [], ""
    all_materials = list(page.materials.select_related("document"))
    if all_materials and not materials_open:
        materials_note = _("The materials will be here once the seminar has started.")
    elif all_materials:
        materials = [material for material in all_materials if preview or has_attended or not material.attendees_only]
        if len(materials) < len(all_materials):
            materials_note = _(
                "Some materials are for attendees only; they appear here once your attendance is recorded."
            )
    return {
        "sessions": entries,
        "is_preview": preview,
        "has_attended": has_attended,
        "speakers": list(page.speakers.select_related("photo").prefetch_related("photo__renditions")),
        "agenda": list(page.agenda_items.all()),
        "materials": materials,
        "materials_note": materials_note,
        # Filtered in Python: in an editor's preview the relations are FakeQuerySets without .live().
        "related_courses": [course for course in page.related_courses.all() if course.live],
        "related_library_items": [item for item in page.related_library_items.all() if item.live],
        "audience_agency_list": list(page.audience_agencies.all()) if page.audience == Audience.AGENCIES else [],
    }


# --- Actions beneath the page


def _session_or_404(page, session_id):
    """The page's session ``session_id`` (with ``page`` as its page), else Http404."""
    session = SeminarSession.objects.filter(page=page, pk=session_id).first()
    if session is None:
        raise Http404("No such session of this seminar.")
    session.page = page
    return session


@never_cache
@require_POST
def register(request, page, session_id):
    """Register the signed-in person for one of the page's sessions, then back to the page with a message."""
    session = _session_or_404(page, session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    # Each registration may e-mail the agency's training officers: a register-and-cancel loop must not flood them.
    if not rate_limit.hit(REGISTER_SCOPE, request.user.pk, REGISTER_ATTEMPTS, REGISTER_WINDOW_SECONDS):
        messages.error(request, _("You have registered and cancelled many times in the last hour. Try again later."))
        return redirect(page.url)
    try:
        registration = service.register(session, request.user)
    except SeminarError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _registered_message(registration))
    return redirect(page.url)


@never_cache
@require_POST
def cancel(request, page, session_id):
    """Cancel the signed-in person's active registration for one of the page's sessions."""
    session = _session_or_404(page, session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    registration = Registration.objects.filter(session=session, user=request.user, status__in=ACTIVE_STATUSES).first()
    if registration is None:
        messages.info(request, _("You have no registration for this session to cancel."))
        return redirect(page.url)
    registration.session = session
    try:
        service.cancel_registration(registration, request.user)
    except SeminarError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled. We have e-mailed you a confirmation."))
    return redirect(page.url)


@require_safe
def session_ics(request, page, session_id):
    """The session's public calendar file (no online meeting link: that is for confirmed registrants)."""
    if not page.live:
        raise Http404("This seminar is not published.")
    session = _session_or_404(page, session_id)
    response = HttpResponse(session_calendar(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="seminar-{session.pk}.ics"'
    return response


# The code's alphabet has no I, L or O: read them as the digits people mistook them for.
LOOK_ALIKES = str.maketrans("ILO", "110")


def clean_code(value):
    """The check-in code as typed: no spaces or dashes, capitals, look-alike letters read as digits."""
    typed = "".join((value or "").split()).upper().translate(LOOK_ALIKES)
    return "".join(char for char in typed if char in CODE_ALPHABET)[:32]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Check-in code"),
        help_text=gettext_lazy("The code shown at the venue, in letters and digits."),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "text",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "seminar-check-in__code",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "check-in-%s")
        super().__init__(*args, **kwargs)

    def clean_code(self):
        return clean_code(self.cleaned_data["code"])


@never_cache
def check_in(request, page, session_id):
    """The check-in form (GET, the code filled in from ``?code=``) and checking in (POST)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    session = _session_or_404(page, session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        key = f"{request.user.pk}:{session.pk}"
        if not rate_limit.hit(CHECK_IN_SCOPE, key, CHECK_IN_ATTEMPTS, CHECK_IN_WINDOW_SECONDS):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Wait ten minutes and try again, or ask at the desk."))
            status = 429
        elif form.is_valid():
            now = timezone.now()
            try:
                registration = service.check_in(session, request.user, form.cleaned_data["code"], now=now)
            except SeminarError as error:
                form.add_error("code", error.message)
            else:
                if registration.attended_at == now:
                    messages.success(request, _("You are checked in to “%(title)s”. Welcome!") % {"title": page.title})
                else:
                    messages.info(request, _("You had already checked in to this session."))
                return redirect(page.url)
    else:
        form = CheckInForm(initial={"code": clean_code(request.GET.get("code", ""))})
    opens, closes = session.check_in_window()
    context = {
        "page": page,
        "self": page,
        "session": session,
        "period": session_period(session),
        "form": form,
        "check_in_opens": opens,
        "check_in_closes": closes,
        "is_open": session.is_check_in_open(),
        "registration": Registration.objects.filter(
            session=session, user=request.user, status__in=ACTIVE_STATUSES
        ).first(),
    }
    return TemplateResponse(request, "courses/seminar_check_in.html", context, status=status)
