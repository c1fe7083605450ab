"""The learner's dashboard (``/my/``): their courses in progress, completed and withdrawn, and their certificates.

The page reads only the requesting learner's enrolments and certificates. Its number of
SQL queries does not grow with the number of enrolments or certificates: the courses
come with the enrolments in one query, and the "continue" targets of every course in
progress are worked out from one query for the syllabus items of all those courses and
one for the learner's completed lessons and passed quizzes (see ``continue_targets``);
the certificates are one query, as everything shown of them is kept on the certificate.

Each certificate is listed with its status in words, a download of its stored PDF
(``certificate_download``, for its holder only), its public verification address (with a
copy button, ``static/js/certificates.js``) and an "add to LinkedIn profile" link.
``course_certificate_context`` gives the same entry for one course's page.

The seminars section (``learner_seminars``) lists the learner's upcoming registrations
(awaiting approval, confirmed, waitlisted, and those of sessions the organisers cancelled)
with their session's ``.ics`` link, and the seminars they attended with the hours credited;
one query for all of them. It also gives the person's private calendar feed address
(``/my/calendar/<token>.ics``, served by ``calendar_feed`` without a login, as calendar
apps fetch it) and a form to replace it (``renew_calendar_feed``).

The training record section (``lms.training_record``) lists every credit of training
hours, from courses and seminars, with totals per Thai fiscal year; its total is the
headline "credited training hours". Its downloads are ``training_record_pdf`` (the PDF
transcript, ``lms.transcript_pdf``) and ``training_record_csv``, each of the requester's
own record only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Page

from courses.calendars import feed as calendar_feed_ics
from courses.models import (
    CalendarFeed,
    Certificate,
    CertificateStatus,
    CourseIndexPage,
    Enrolment,
    EnrolmentStatus,
    LessonProgress,
    QuizAttempt,
    Registration,
    RegistrationStatus,
    SeminarIndexPage,
)
from courses.services.certificates import verification_url
from courses.services.progress import next_item_for
from lms.accounts.emails import email_language, organisation_name
from lms.services import rate_limit
from lms.training_record import ledger, training_record, training_record_csv
from lms.transcript_pdf import render_transcript


@dataclass
class LearnerCourses:
    """The learner's enrolments sorted into the dashboard's sections.

    ``in_progress`` holds ``(enrolment, continue_page)`` pairs (the page may be None for a
    course without lessons); ``completed`` and ``withdrawn`` hold enrolments.
    ``credited_hours`` is the sum of the hours credited when each course was completed,
    including rounds completed before a renewal (kept on their certificates).
    """

    in_progress: list = field(default_factory=list)
    completed: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)
    credited_hours: Decimal = Decimal("0")

    @property
    def is_empty(self):
        return not (self.in_progress or self.completed or self.withdrawn)


def syllabus_items_by_course(courses):
    """The live syllabus items of each of ``courses`` in page-tree order: ``{course id: [specific page, ...]}``.

    One query for the pages (plus one per page type for their specific fields), however
    many courses there are; the same items ``CoursePage.syllabus_items`` gives one course.
    """
    courses = list(courses)
    if not courses:
        return {}
    children = Q()
    for course in courses:
        children |= Q(path__startswith=course.path, depth=course.depth + 1)
    by_path = {course.path: course.pk for course in courses}
    items = defaultdict(list)
    for page in Page.objects.live().filter(children).specific().order_by("path"):
        items[by_path[page.path[: -Page.steplen]]].append(page)
    return items


def completed_item_ids_by_course(user, enrolments):
    """``{course id: {item id, ...}}`` of the lessons ``user`` completed and the quizzes they passed, in one query.

    Counted from each enrolment's current round (``round_started_at``, after a renewal).
    """
    since = {enrolment.course_id: enrolment.round_started_at for enrolment in enrolments}
    done = defaultdict(set)
    lessons = (
        LessonProgress.objects.filter(user=user, course_id__in=since, completed_at__isnull=False)
        .values_list("course_id", "lesson_id", "completed_at")
        .order_by()
    )
    quizzes = (
        QuizAttempt.objects.filter(user=user, course_id__in=since, passed=True)
        .values_list("course_id", "quiz_id", "started_at")
        .order_by()
    )
    for course_id, item_id, when in lessons.union(quizzes):
        if since.get(course_id) is None or when >= since[course_id]:
            done[course_id].add(item_id)
    return done


def earlier_rounds_hours(user, enrolments):
    """The hours of the rounds completed before each renewal, from their certificates (one query, only after a renewal)."""
    renewed = {
        enrolment.course_id: enrolment.round_started_at for enrolment in enrolments if enrolment.round_started_at
    }
    if not renewed:
        return Decimal("0")
    rows = Certificate.objects.filter(user=user, course_id__in=renewed).values_list("course_id", "issued_at", "hours")
    return sum((hours for course_id, issued_at, hours in rows if issued_at < renewed[course_id]), Decimal("0"))


def continue_targets(user, enrolments):
    """``{enrolment id: page}``: where "continue" leads in each of ``enrolments`` (None without lessons).

    The same answer as ``courses.services.progress.next_item_for`` for each enrolment, from
    two queries for all of them instead of two per enrolment.
    """
    enrolments = list(enrolments)
    items = syllabus_items_by_course(enrolment.course for enrolment in enrolments)
    done = completed_item_ids_by_course(user, enrolments)
    return {
        enrolment.pk: next_item_for(
            enrolment, items=items.get(enrolment.course_id, []), done_ids=done.get(enrolment.course_id, set())
        )
        for enrolment in enrolments
    }


def learner_courses(user):
    """The dashboard's sections for ``user``: only their own enrolments, most recent first."""
    enrolments = list(
        Enrolment.objects.for_user(user).select_related("course", "course__category").order_by("-enrolled_at", "-pk")
    )
    sections = LearnerCourses()
    active = []
    for enrolment in enrolments:
        if enrolment.completed_at is not None:
            sections.completed.append(enrolment)
            sections.credited_hours += enrolment.credited_hours
        elif enrolment.status == EnrolmentStatus.WITHDRAWN:
            sections.withdrawn.append(enrolment)
        else:
            active.append(enrolment)
    # Most recently studied first; an enrolment never studied counts from when it was made.
    active.sort(key=lambda enrolment: enrolment.last_activity_at or enrolment.enrolled_at, reverse=True)
    targets = continue_targets(user, active)
    sections.in_progress = [(enrolment, targets.get(enrolment.pk)) for enrolment in active]
    sections.credited_hours += earlier_rounds_hours(user, enrolments)
    sections.completed.sort(key=lambda enrolment: enrolment.completed_at, reverse=True)
    sections.withdrawn.sort(key=lambda enrolment: enrolment.withdrawn_at or enrolment.enrolled_at, reverse=True)
    return sections


LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


@dataclass
class CertificateEntry:
    """One of the learner's certificates as the dashboard and the course page show it.

    ``title`` and ``issuer`` are in the visitor's language when the certificate has them
    in it (Thai otherwise); ``linkedin_url`` is empty for a revoked certificate.
    """

    certificate: Certificate
    status: str
    title: str
    issuer: str
    verify_url: str
    linkedin_url: str
    # The course can be taken again to renew this expired certificate (``courses.services.certificates.renew``).
    renewable: bool = False

    @property
    def status_label(self):
        return CertificateStatus(self.status).label

    @property
    def is_valid(self):
        return self.status == CertificateStatus.VALID

    @property
    def is_expired(self):
        return self.status == CertificateStatus.EXPIRED

    @property
    def is_revoked(self):
        return self.status == CertificateStatus.REVOKED


def _in_language(thai, english, language):
    return english if (language or "th").startswith("en") and english else thai


def linkedin_url(certificate, title, issuer, verify_url):
    """The address of LinkedIn's "add a licence or certification" form, filled in for ``certificate``.

    Year and month are in the Common Era, as LinkedIn expects; the expiry is given only
    when the certificate expires.
    """
    issued = timezone.localtime(certificate.issued_at)
    params = [
        ("startTask", "CERTIFICATION_NAME"),
        ("name", title),
        ("organizationName", issuer),
        ("issueYear", issued.year),
        ("issueMonth", issued.month),
    ]
    if certificate.expires_on is not None:
        params += [("expirationYear", certificate.expires_on.year), ("expirationMonth", certificate.expires_on.month)]
    params += [("certUrl", verify_url), ("certId", certificate.grouped_code)]
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params, quote_via=quote)}"


def certificate_entry(certificate, language=None, today=None):
    """``certificate`` as a ``CertificateEntry``, without a query."""
    language = language or get_language()
    status = certificate.status(today=today)
    title = _in_language(certificate.title_th, certificate.title_en, language)
    issuer = _in_language(certificate.issuer_name_th, certificate.issuer_name_en, language)
    verify_url = verification_url(certificate)
    return CertificateEntry(
        certificate=certificate,
        status=status,
        title=title,
        issuer=issuer,
        verify_url=verify_url,
        linkedin_url=""
        if status == CertificateStatus.REVOKED
        else linkedin_url(certificate, title, issuer, verify_url),
    )


def learner_certificates(user, today=None, completed_course_ids=()):
    """Every certificate of ``user`` (theirs only), newest first, as ``CertificateEntry``; one query.

    The newest certificate of each course in ``completed_course_ids`` is ``renewable`` once
    it expired, when the course's certificates expire.
    """
    today = today or timezone.localdate()
    language = get_language()
    entries, seen = [], set()
    for certificate in Certificate.objects.for_user(user).select_related("course").order_by("-issued_at", "-pk"):
        entry = certificate_entry(certificate, language, today)
        if certificate.course_id and certificate.course_id not in seen:
            seen.add(certificate.course_id)
            entry.renewable = _renewable(entry, certificate.course, certificate.course_id in completed_course_ids)
        entries.append(entry)
    return entries


def _renewable(entry, course, completed):
    return bool(
        completed and entry.is_expired and course.live and course.awards_certificate and course.certificate_valid_months
    )


def learner_certificate_for_course(user, course):
    """The newest certificate ``user`` holds for ``course`` as a ``CertificateEntry``, or None; one query."""
    if not user.is_authenticated:
        return None
    certificate = Certificate.objects.for_user(user).filter(course=course).order_by("-issued_at", "-pk").first()
    return certificate_entry(certificate) if certificate is not None else None


def course_certificate_context(user, course, completed):
    """What the course page's completed panel says about the certificate: context for its template.

    ``learner_certificate`` is the learner's newest certificate of ``course`` (a
    ``CertificateEntry``) and ``certificate_pending`` is True when the course awards one
    and it is not issued yet (it is made in the background after completion). For a
    learner who has not ``completed`` the course: neither, and no query.
    """
    certificate = learner_certificate_for_course(user, course) if completed else None
    if certificate is not None:
        certificate.renewable = _renewable(certificate, course, completed)
    return {
        "learner_certificate": certificate,
        "certificate_pending": bool(completed and certificate is None and course.awards_certificate),
    }


# The registrations the dashboard lists as upcoming (with sessions the organisers cancelled).
UPCOMING_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


@dataclass
class SeminarEntry:
    """One of the learner's seminar registrations as the dashboard shows it.

    ``seminar_url`` and ``calendar_url`` (the session's public ``.ics``) are empty when the
    seminar is no longer published; ``online_url`` is given only for a confirmed seat.
    """

    registration: Registration
    seminar_url: str = ""
    calendar_url: str = ""
    online_url: str = ""

    @property
    def session(self):
        return self.registration.session

    @property
    def seminar(self):
        return self.registration.session.page

    @property
    def session_cancelled(self):
        return self.registration.session.cancelled_at is not None

    @property
    def status_label(self):
        if self.session_cancelled:
            return _("Session cancelled by the organisers")
        return self.registration.get_status_display()


@dataclass
class LearnerSeminars:
    """The learner's seminars on the dashboard: ``upcoming`` and ``attended`` (``SeminarEntry``
    lists, soonest and most recent first), the hours their attendance credited, and their
    private calendar feed's address (empty until they have registered for a seminar)."""

    upcoming: list = field(default_factory=list)
    attended: list = field(default_factory=list)
    credited_hours: Decimal = Decimal("0")
    feed_url: str = ""
    index_url: str = "/seminars/"

    @property
    def is_empty(self):
        return not (self.upcoming or self.attended)

    @property
    def feed_webcal_url(self):
        """The feed's address with the ``webcal:`` scheme, which opens the person's calendar app."""
        scheme, _sep, rest = self.feed_url.partition("://")
        return f"webcal://{rest}" if rest else ""


def seminar_registrations(user, now=None):
    """``user``'s registrations the dashboard lists, with their sessions and seminars, in one query.

    Upcoming ones awaiting approval, confirmed or waitlisted; those the organisers cancelled
    with their session (until it would have ended); and every attended one.
    """
    now = now or timezone.now()
    cancelled_by_organisers = Q(
        status=RegistrationStatus.CANCELLED,
        session__cancelled_at__isnull=False,
        cancelled_at=F("session__cancelled_at"),
        session__ends_at__gt=now,
    )
    return (
        Registration.objects.for_user(user)
        .filter(
            Q(status__in=UPCOMING_STATUSES, session__ends_at__gt=now)
            | cancelled_by_organisers
            | Q(status=RegistrationStatus.ATTENDED)
        )
        .select_related("session__page", "certificate")
        .order_by("session__starts_at", "pk")
    )


def seminar_entry(registration, request=None):
    """``registration`` as a ``SeminarEntry``, without a query (its session and page come with it)."""
    session = registration.session
    seminar = session.page
    entry = SeminarEntry(registration=registration)
    if seminar.live:
        entry.seminar_url = seminar.get_url(request) or ""
        if entry.seminar_url and session.cancelled_at is None:
            entry.calendar_url = entry.seminar_url + seminar.reverse_subpage(
                "calendar", kwargs={"session_id": session.pk}
            )
    if registration.status == RegistrationStatus.CONFIRMED and session.cancelled_at is None:
        entry.online_url = session.online_url
    return entry


def calendar_feed_url(feed, request=None):
    """The absolute address of ``feed`` (a ``CalendarFeed``): secret, for the person's calendar app."""
    path = reverse("dashboard:calendar-feed", kwargs={"token": feed.token})
    return request.build_absolute_uri(path) if request is not None else path


def learner_seminars(user, request=None, now=None):
    """The dashboard's seminars section for ``user``: only their own registrations.

    Three queries however many registrations there are: the registrations, the calendar
    feed (made on first use, once the person has registered), and the seminar index page.
    """
    sections = LearnerSeminars()
    for registration in seminar_registrations(user, now=now):
        entry = seminar_entry(registration, request)
        if registration.status == RegistrationStatus.ATTENDED:
            sections.attended.append(entry)
            sections.credited_hours += registration.credited_hours
        else:
            sections.upcoming.append(entry)
    sections.attended.sort(key=lambda entry: entry.session.starts_at, reverse=True)
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None and not sections.is_empty:
        feed = CalendarFeed.for_user(user)
    if feed is not None:
        sections.feed_url = calendar_feed_url(feed, request)
    index_page = SeminarIndexPage.objects.live().first()
    sections.index_url = (index_page.get_url(request) if index_page else None) or "/seminars/"
    return sections


@never_cache
@require_safe
@login_required
def index(request):
    """The signed-in learner's dashboard; personal, so never kept by a cache on the way."""
    catalogue = CourseIndexPage.objects.live().first()
    courses = learner_courses(request.user)
    context = {
        "courses": courses,
        "certificates": learner_certificates(
            request.user, completed_course_ids={enrolment.course_id for enrolment in courses.completed}
        ),
        "catalogue_url": (catalogue.get_url(request) if catalogue else None) or "/courses/",
        "seminars": learner_seminars(request.user, request),
        "training_record": training_record(request.user),
    }
    return render(request, "lms/dashboard.html", context)


@require_POST
@login_required
def renew_calendar_feed(request):
    """Give the signed-in person a new calendar feed address; the old one stops working at once."""
    CalendarFeed.for_user(request.user).renew()
    messages.success(
        request,
        _(
            "Your calendar has a new address. Subscribe to it again in your calendar app; the old address no longer works."
        ),
    )
    return redirect(reverse("dashboard:index") + "#calendar-feed")


# A feed holds at most this many sessions, the latest ones (a person rarely has more than a few dozen).
FEED_MAX_SESSIONS = 500


def feed_registrations(user, now=None):
    """What ``user``'s calendar feed lists, with sessions and seminars, in one query.

    Their confirmed and attended registrations, and (until they would have ended) those of
    sessions the organisers cancelled, so that calendar apps mark them cancelled.
    """
    now = now or timezone.now()
    cancelled_by_organisers = Q(
        status=RegistrationStatus.CANCELLED,
        session__cancelled_at__isnull=False,
        cancelled_at=F("session__cancelled_at"),
        session__ends_at__gt=now,
    )
    return (
        Registration.objects.for_user(user)
        .filter(Q(status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)) | cancelled_by_organisers)
        .select_related("session__page")
        .order_by("-session__starts_at", "-pk")[:FEED_MAX_SESSIONS]
    )


@require_safe
def calendar_feed(request, token):
    """A person's private calendar (``text/calendar``), found by its secret token alone.

    No login: calendar apps fetch it on their own. An unknown (or replaced) token, or an
    account that is no longer active, is a 404. The same for any visitor, so it is kept
    by no shared cache and is not indexed.
    """
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    user = feed.user
    language = email_language(user.preferred_language)
    with translation.override(language):
        name = _("My seminars · %(organisation)s") % {"organisation": organisation_name(language)}
        body = calendar_feed_ics(user, feed_registrations(user), name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="seminars.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
@login_required
def certificate_download(request, pk):
    """The stored PDF of one of the signed-in learner's own certificates; anyone else's is a 404.

    The file is the one made at issue (or regenerated by an administrator), streamed from
    media storage as it is, never drawn again here.
    """
    certificate = get_object_or_404(Certificate.objects.for_user(request.user), pk=pk)
    if not certificate.pdf:
        raise Http404("This certificate has no PDF yet.")
    try:
        handle = certificate.pdf.open("rb")
    except OSError as error:
        raise Http404("The certificate's PDF is missing.") from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"certificate-{certificate.grouped_code}.pdf",
        content_type="application/pdf",
    )


# Drawing a transcript takes a moment of the server's time: a person gets this many in the window.
TRANSCRIPT_RATE_LIMIT = 20
TRANSCRIPT_RATE_WINDOW_SECONDS = 600


def _download_name(extension):
    # ASCII only (a Thai name would need RFC 5987 encoding): what it is and the day it was made.
    return f"training-record-{timezone.localdate().isoformat()}.{extension}"


@never_cache
@require_safe
@login_required
def training_record_pdf(request):
    """The signed-in person's training record as a PDF transcript (``lms.transcript_pdf``); theirs only."""
    if not rate_limit.hit(
        "training-record-pdf",
        str(request.user.pk),
        limit=TRANSCRIPT_RATE_LIMIT,
        window_seconds=TRANSCRIPT_RATE_WINDOW_SECONDS,
    ):
        response = HttpResponse(
            _("You have made many transcripts in the last few minutes. Please try again later."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(TRANSCRIPT_RATE_WINDOW_SECONDS)
        return response
    body = render_transcript(request.user, ledger(request.user))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_download_name("pdf")}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
@login_required
def training_record_csv_download(request):
    """The signed-in person's training record as CSV (UTF-8 with a BOM, headings in their language); theirs only."""
    body = training_record_csv(ledger(request.user))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name("csv")}"'
    response["X-Robots-Tag"] = "noindex"
    return response
