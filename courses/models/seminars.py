"""Seminars and workshops: the event pages instructors write, their sessions, and people's registrations.

``SeminarPage`` (beneath ``SeminarIndexPage``) is content edited in Wagtail: what the
seminar is about, its speakers and agenda, who may come, how many hours it credits,
whether the agency's training officer must approve each sign-up, and its materials. Its
``SeminarSession`` rows, edited inline, are the dates people register for: each with its
own venue and/or online meeting link, capacity and registration window.

``Registration`` is a person's place (or wait) in one session: a plain model keyed to the
session, never stored in page revisions. It is written only by
``courses.services.seminars`` (register, cancel, approve, decline, check in, mark
attendance), which keeps the seat count, the waitlist order and the e-mails consistent.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from lms.roles import INSTRUCTORS
from lms.search import SegmentedSearchMixin

from ..seminar_forms import SeminarPageForm
from .certificates import CODE_ALPHABET
from .course import Audience, audience_admits

CHECK_IN_CODE_LENGTH = 6  # 32^6 ≈ 10^9 codes, shown at the venue; attempts are rate-limited
# Attendees may check in this long before a session starts (they arrive early).
CHECK_IN_OPENS_BEFORE = timezone.timedelta(minutes=30)


def new_check_in_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


class SeminarFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (on site and online)")


class SeminarPageQuerySet(PageQuerySet):
    """Queries over seminars.

    Example: ``SeminarPage.objects.live().public().organised_by(request.user)``.
    """

    def organised_by(self, user):
        """Seminars ``user`` organises: those they own or that list them among the organisers."""
        return self.filter(Q(owner=user) | Q(organisers=user)).distinct()


SeminarPageManager = PageManager.from_queryset(SeminarPageQuerySet)


class SeminarPage(RoutablePageMixin, SegmentedSearchMixin, Page):
    """A seminar or workshop: one event page with one or more ``SeminarSession`` dates.

    Registration, calendars and check-in live at addresses beneath the page
    (``courses.seminar_views``); the session in those addresses must be one of this page's.
    """

    title_en = models.CharField(
        _("English title"),
        max_length=255,
        blank=True,
        help_text=_("Printed on the English line of certificates; the Thai title is used when empty."),
    )
    summary = models.TextField(_("summary"), max_length=400, help_text=_("One or two sentences shown on the listing."))
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=16, choices=SeminarFormat.choices, default=SeminarFormat.ON_SITE)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE)
    audience_agencies = ParentalManyToManyField(
        "lms.Agency",
        verbose_name=_("agencies"),
        blank=True,
        related_name="restricted_seminars",
        help_text=_(
            "For “staff of the listed agencies”: staff of these agencies and of their sub-agencies may register."
        ),
    )
    training_hours = models.DecimalField(
        _("credited training hours"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
        help_text=_("Credited to each attendee once, whichever session they attend."),
    )
    requires_approval = models.BooleanField(
        _("needs the training officer's approval"),
        default=False,
        help_text=_(
            "Each registration waits until a training officer of the person's agency approves it. "
            "People without an agency cannot register."
        ),
    )
    awards_certificate = models.BooleanField(_("awards a certificate of attendance"), default=False)
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    organisers = ParentalManyToManyField(
        "lms.User",
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_seminars",
        limit_choices_to={"groups__name": INSTRUCTORS},
        help_text=_(
            "Instructors who manage registrations and attendance besides the page's owner and the administrators."
        ),
    )
    related_courses = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("related courses"), blank=True, related_name="related_seminars"
    )
    related_library_items = ParentalManyToManyField(
        "library.LibraryItemPage", verbose_name=_("related library items"), blank=True, related_name="related_seminars"
    )

    objects = SeminarPageManager()
    base_form_class = SeminarPageForm

    parent_page_types = ["courses.SeminarIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("cover_image"),
        InlinePanel("speakers", label=_("Speaker"), heading=_("Speakers")),
        InlinePanel("agenda_items", label=_("Agenda item"), heading=_("Agenda")),
        InlinePanel("materials", label=_("Material"), heading=_("Materials")),
        MultiFieldPanel([FieldPanel("related_courses"), FieldPanel("related_library_items")], heading=_("Related")),
    ]
    session_panels = [
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("training_hours"),
                FieldPanel("audience"),
                FieldPanel("audience_agencies"),
                FieldPanel("requires_approval"),
                FieldRowPanel([FieldPanel("awards_certificate"), FieldPanel("certificate_valid_months")]),
                FieldPanel("organisers"),
            ],
            heading=_("Who may come"),
        ),
        InlinePanel("sessions", label=_("Session"), heading=_("Sessions"), min_num=1),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(session_panels, heading=_("Sessions and registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text_segmented"),
        index.FilterField("format"),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")

    def get_search_parts(self):
        parts = [self.title_en, self.summary, self.description]
        parts.extend(speaker.name for speaker in self.speakers.all())
        return parts

    def audience_allows(self, user):
        """True when ``user`` belongs to the seminar's audience (as for courses)."""
        return audience_admits(self.audience, self.audience_agencies, user)

    # Addresses beneath the page (views in ``courses.seminar_views``). A session id that is not
    # one of this page's sessions is a 404 there.
    def get_context(self, request, *args, **kwargs):
        from ..seminar_views import seminar_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(seminar_page_context(request, self))
        return context

    def with_content_json(self, content):
        """A revision's version of the page, keeping the sessions people registered for since it was saved.

        A draft saved before anyone registered may lack a session that now has registrations;
        publishing it (by a workflow, a schedule or a revert, none of which runs the editor's
        form check) must not try to delete that session.
        """
        obj = super().with_content_json(content)
        if self.pk:
            kept = {session.pk for session in obj.sessions.all() if session.pk}
            registered = (
                SeminarSession.objects.filter(page_id=self.pk, registrations__isnull=False)
                .exclude(pk__in=kept)
                .distinct()
            )
            for session in registered:
                obj.sessions.add(session)
        return obj

    def serve(self, request, *args, **kwargs):
        from django.utils.cache import add_never_cache_headers

        response = super().serve(request, *args, **kwargs)
        # The page shows the visitor's own registrations and meeting links: no shared cache keeps it.
        add_never_cache_headers(response)
        return response

    # Wagtail routes only addresses ending in a slash; the response names the file seminar-<id>.ics.
    @path("sessions/<int:session_id>/register/", name="register")
    def register_route(self, request, session_id):
        from ..seminar_views import register

        return register(request, self, session_id)

    @path("sessions/<int:session_id>/cancel/", name="cancel")
    def cancel_route(self, request, session_id):
        from ..seminar_views import cancel

        return cancel(request, self, session_id)

    @path("sessions/<int:session_id>/calendar/", name="calendar")
    def calendar_route(self, request, session_id):
        from ..seminar_views import session_ics

        return session_ics(request, self, session_id)

    @path("sessions/<int:session_id>/check-in/", name="check-in")
    def check_in_route(self, request, session_id):
        from ..seminar_views import check_in

        return check_in(request, self, session_id)

    def may_organise(self, user):
        """True for the seminar's owner, its listed organisers, and those who may change any registration."""
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser or user.has_perm("courses.change_registration"):
            return True
        if self.owner_id == user.pk:
            return True
        return self.organisers.filter(pk=user.pk).exists()


class SeminarSpeaker(Orderable):
    """A speaker shown on a seminar page."""

    page = ParentalKey("courses.SeminarPage", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = models.TextField(_("biography"), max_length=2000, blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("photo"), FieldPanel("biography")]

    def __str__(self):
        return self.name


class SeminarAgendaItem(Orderable):
    """One line of a seminar's agenda: a time, what happens, and who leads it."""

    page = ParentalKey("courses.SeminarPage", on_delete=models.CASCADE, related_name="agenda_items")
    time = models.CharField(_("time"), max_length=40, blank=True, help_text=_("For example 09:00–10:30."))
    title = models.CharField(_("topic"), max_length=255)
    detail = models.TextField(_("detail"), max_length=1000, blank=True)

    panels = [FieldRowPanel([FieldPanel("time"), FieldPanel("title")]), FieldPanel("detail")]

    def __str__(self):
        return self.title


class SeminarMaterial(Orderable):
    """A document of a seminar (slides, handouts), shown on its page once its first session has started."""

    page = ParentalKey("courses.SeminarPage", on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("The document's title when empty."))
    attendees_only = models.BooleanField(
        _("for attendees only"), default=False, help_text=_("Only people who attended a session may open it.")
    )

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("attendees_only")]

    @property
    def display_title(self):
        return self.title or self.document.title


class SeminarSessionQuerySet(models.QuerySet):
    """Queries over sessions.

    Example: ``SeminarSession.objects.upcoming().filter(page__live=True)``.
    """

    def upcoming(self, now=None):
        """Sessions that have not ended yet (including cancelled ones: filter ``cancelled_at`` too)."""
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())

    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)


# Fields whose change is news to the registrants: they get the updated invitation.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "online_url")
# Fields only the services write; a page revision never brings back an old value of them.
SERVICE_FIELDS = ("sequence", "check_in_code", "cancelled_at", "cancellation_reason")


class SeminarSession(Orderable):
    """One date of a seminar, with its venue and/or online meeting, seats and registration window.

    Times are stored in UTC and entered and shown in Asia/Bangkok. ``sequence`` counts the
    changes registrants were told of (the ``SEQUENCE`` of its ``.ics``); ``check_in_code``
    is what attendees type (or scan) at the venue. Sessions with registrations cannot be
    removed from the page, only cancelled (``courses.services.seminars.cancel_session``).
    """

    page = ParentalKey("courses.SeminarPage", on_delete=models.CASCADE, related_name="sessions")
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("For example “Round 2” (optional)."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.TextField(_("venue address"), max_length=1000, blank=True)
    map_url = models.URLField(_("map link"), max_length=500, blank=True)
    online_url = models.URLField(
        _("online meeting link"), max_length=500, blank=True, help_text=_("Shown only to confirmed registrants.")
    )
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1), MaxValueValidator(100000)])
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("When empty, registration closes when the session starts."),
    )
    cancellation_deadline = models.DateTimeField(
        _("cancellation deadline"),
        null=True,
        blank=True,
        help_text=_("Registrants may cancel until then; when empty, until the session starts."),
    )
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    check_in_code = models.CharField(
        _("check-in code"), max_length=CHECK_IN_CODE_LENGTH, default=new_check_in_code, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("reason for cancelling"), max_length=1000, blank=True, editable=False)

    objects = SeminarSessionQuerySet.as_manager()

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue_name"),
        FieldPanel("venue_address"),
        FieldPanel("map_url"),
        FieldPanel("online_url"),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldPanel("cancellation_deadline"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self):
        when = self.label or f"{timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"
        return f"{self.page.title} · {when}"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close by the end of the session.")
        if self.cancellation_deadline and self.starts_at and self.cancellation_deadline > self.starts_at:
            errors["cancellation_deadline"] = _("The cancellation deadline must be before the session starts.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Keep what the services wrote, and count a change of time or place that registrants must hear of.

        A page revision carries the session's fields as they were when it was saved; publishing
        it must not bring back an old sequence, check-in code or cancellation.
        """
        if kwargs.get("update_fields") is not None:
            # The services write their own fields this way.
            return super().save(*args, **kwargs)
        with transaction.atomic():
            return self._save_keeping_service_fields(*args, **kwargs)

    def _save_keeping_service_fields(self, *args, **kwargs):
        # Locked: a session cancelled while the page is published stays cancelled.
        stored = SeminarSession.objects.select_for_update().filter(pk=self.pk).first() if self.pk else None
        changed = False
        if stored is None:
            if self.pk is None:
                # A new session, or a copy of one (a copied page): its own code, no history.
                self.check_in_code = new_check_in_code()
                self.sequence = 0
                self.cancelled_at = None
                self.cancellation_reason = ""
        else:
            for name in SERVICE_FIELDS:
                setattr(self, name, getattr(stored, name))
            changed = any(getattr(stored, name) != getattr(self, name) for name in NOTIFIED_FIELDS)
            if changed:
                self.sequence = stored.sequence + 1
        super().save(*args, **kwargs)
        if changed and self.cancelled_at is None:
            from ..seminar_notifications import notify_session_changed

            notify_session_changed(self)

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    @property
    def closes_at(self):
        """When registration closes: the set closing time, else the session's start."""
        return self.registration_closes_at or self.starts_at

    @property
    def cancellable_until(self):
        return self.cancellation_deadline or self.starts_at

    def check_in_window(self):
        """``(opens, closes)``: attendees may check in from 30 minutes before the start to the end."""
        return self.starts_at - CHECK_IN_OPENS_BEFORE, self.ends_at

    def is_check_in_open(self, now=None):
        now = now or timezone.now()
        opens, closes = self.check_in_window()
        return self.cancelled_at is None and opens <= now < closes

    @property
    def has_venue(self):
        return bool(self.venue_name or self.venue_address)

    def location_text(self):
        """The venue as one line (for calendars), or "Online" when there is none."""
        parts = [self.venue_name, " ".join(self.venue_address.split())]
        text = ", ".join(part for part in parts if part)
        return text or str(_("Online"))


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Attended")


# A person holds at most one registration in these states per session.
ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.ATTENDED,
)


class AttendanceSource(models.TextChoices):
    CHECK_IN = "check_in", _("Checked in at the venue")
    ORGANISER = "organiser", _("Marked by an organiser")
    IMPORT = "import", _("Imported from a file")


class RegistrationQuerySet(models.QuerySet):
    """Queries over registrations.

    Example: ``Registration.objects.for_user(request.user).active().upcoming()``.
    """

    def for_user(self, user):
        return self.filter(user=user)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def holding_a_seat(self):
        """Registrations that take a seat: confirmed, or attended."""
        return self.filter(status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED))

    def waitlist(self):
        """The session's waitlist in order of arrival."""
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("registered_at", "pk")

    def upcoming(self, now=None):
        return self.filter(session__ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(session__ends_at__lte=now or timezone.now())

    def pending_for_officer(self, officer):
        """Pending registrations an officer decides: staff of their agency and its sub-agencies.

        Those who may change any user (administrators) see every pending registration.
        """
        from lms.admin_views import users_visible_to
        from lms.models import User

        return self.filter(status=RegistrationStatus.PENDING, user__in=users_visible_to(officer, User.objects.all()))


class Registration(models.Model):
    """One person's registration for one ``SeminarSession``.

    Registering again after cancelling (or being declined) makes a new row; a person holds
    at most one active row (pending, confirmed, waitlisted or attended) per session, which
    the database enforces. ``registered_at`` is the order of arrival the waitlist follows.
    Attendance credits ``credited_hours`` (the seminar's hours, once per seminar) and, for
    a seminar that awards one, the ``certificate``.
    """

    session = models.ForeignKey(
        "courses.SeminarSession", verbose_name=_("session"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="seminar_registrations",
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approval decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    attendance_source = models.CharField(
        _("attendance recorded by"), max_length=16, choices=AttendanceSource.choices, blank=True
    )
    credited_hours = models.DecimalField(_("credited hours"), max_digits=5, decimal_places=1, default=0)
    certificate = models.ForeignKey(
        "courses.Certificate",
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_registration_per_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "registered_at"]), models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} · {self.session}"

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES

    @property
    def holds_a_seat(self):
        return self.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


class CalendarFeed(models.Model):
    """A person's private calendar feed: its secret ``token`` is the whole key to it.

    The feed (``/my/calendar/<token>.ics``) lists their confirmed sessions; making a new
    token (``renew``) makes the old address stop working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        # Never the token: it is the key to the feed.
        return str(self.user)

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @classmethod
    def for_user(cls, user):
        """The person's feed, made on first use."""
        feed, _created = cls.objects.get_or_create(user=user, defaults={"token": cls.new_token()})
        return feed

    def renew(self):
        self.token = self.new_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
        return self
