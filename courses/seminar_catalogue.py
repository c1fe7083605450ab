"""The seminar index (``/seminars/``): sessions as cards, their filters, and a month calendar.

The index lists sessions rather than seminars: a seminar held in three rounds shows three
cards, each with its own date, venue and seats. Upcoming sessions come first, soonest
first; ``?when=past`` lists those that have ended, newest first. The filters are the
month (``?month=2026-12``, offered as the months that have sessions), the format and the
audience; ``?view=calendar&month=2026-12`` shows one month as a table, Monday first.

The query string is read through ``SeminarFilterForm``: a value it does not accept (a
hand-edited link, an old bookmark) is left out and the visitor is told so, never an error.
The listing costs a fixed number of SQL queries however many sessions there are: seats are
counted by a subquery, the seminar comes by a join, the covers' renditions in one query.

Usage in ``SeminarIndexPage.get_context``::

    context.update(seminar_index_context(request, self.seminars(), self.items_per_page))
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from home.index_pages import paginate
from lms.thai import ENGLISH_MONTHS, THAI_MONTHS, format_date, to_buddhist_year

from .models.course import Audience
from .models.seminars import Registration, RegistrationStatus, SeminarFormat, SeminarSession

# The renditions a card uses (templates/courses/includes/seminar_session_card.html), fetched
# for every card of the page in one query.
COVER_RENDITIONS = ("fill-320x180", "fill-640x360")
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
MONTH_VALUE = re.compile(r"^(\d{4})-(\d{2})$")
# Months outside these years are not a seminar anyone looks for (and keep dates in range).
FIRST_YEAR, LAST_YEAR = 2000, 2200

# Monday first, as Thai wall calendars and ISO 8601: (full name, abbreviation).
THAI_WEEKDAYS = [
    ("วันจันทร์", "จ."), ("วันอังคาร", "อ."), ("วันพุธ", "พ."), ("วันพฤหัสบดี", "พฤ."),
    ("วันศุกร์", "ศ."), ("วันเสาร์", "ส."), ("วันอาทิตย์", "อา."),
]  # fmt: skip
ENGLISH_WEEKDAYS = [
    ("Monday", "Mon"), ("Tuesday", "Tue"), ("Wednesday", "Wed"), ("Thursday", "Thu"),
    ("Friday", "Fri"), ("Saturday", "Sat"), ("Sunday", "Sun"),
]  # fmt: skip


class When:
    UPCOMING = "upcoming"
    PAST = "past"

    CHOICES = [(UPCOMING, _("Upcoming sessions")), (PAST, _("Past sessions"))]


class View:
    LIST = "list"
    CALENDAR = "calendar"

    CHOICES = [(LIST, _("List")), (CALENDAR, _("Calendar"))]


def is_thai(language=None):
    return (language or get_language() or "th").startswith("th")


def month_value(year, month):
    """``2026-12``: a month as the ``month`` query parameter writes it (Common Era)."""
    return f"{year:04d}-{month:02d}"


def parse_month(value):
    """``(year, month)`` for a ``YYYY-MM`` value within the years the index offers, else None."""
    match = MONTH_VALUE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return year, month


def month_label(year, month, language=None):
    """The month as people read it: "ธันวาคม 2569" in Thai (Buddhist Era), "December 2026" in English."""
    if is_thai(language):
        return f"{THAI_MONTHS[month - 1]} {to_buddhist_year(year)}"
    return f"{ENGLISH_MONTHS[month - 1]} {year}"


def shift_month(year, month, delta):
    """The month ``delta`` months after (or before) ``year``-``month``, or None outside the offered years."""
    year, index = divmod(year * 12 + month - 1 + delta, 12)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return year, index + 1


def month_bounds(year, month):
    """The first moment of the month and of the next, in the site's time zone (Asia/Bangkok)."""
    start = timezone.make_aware(datetime.datetime(year, month, 1))
    next_year, next_month = divmod(year * 12 + month, 12)
    end = timezone.make_aware(datetime.datetime(next_year, next_month + 1, 1))
    return start, end


def session_period(session, language=None):
    """When ``session`` runs, in Bangkok time: "5 ธันวาคม 2569, 09:00–12:00 น." or "5 December 2026, 09:00–12:00".

    A session over several days gives both ends in full.
    """
    thai = is_thai(language)
    language = "th" if thai else "en"
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    if start.date() == end.date():
        text = f"{format_date(start, 'long', language=language)}, {start:%H:%M}–{end:%H:%M}"
        return f"{text} น." if thai else text
    return (
        f"{format_date(start, 'long', language=language, with_time=True)} – "
        f"{format_date(end, 'long', language=language, with_time=True)}"
    )


def start_time(session, language=None):
    """The session's starting time alone: "09:00 น." or "09:00"."""
    text = f"{timezone.localtime(session.starts_at):%H:%M}"
    return f"{text} น." if is_thai(language) else text


@dataclass(frozen=True)
class SeminarChoices:
    """What the visitor asked for, every value already checked; empty means "any"."""

    view: str = View.LIST
    when: str = When.UPCOMING
    month: tuple | None = None  # (year, month)
    format: str = ""
    audience: str = ""

    @property
    def is_calendar(self):
        return self.view == View.CALENDAR

    @property
    def is_past(self):
        return self.when == When.PAST

    @property
    def has_filters(self):
        """True when the month, format or audience narrows the list (not the view or upcoming/past)."""
        return bool(self.month or self.format or self.audience)


class SeminarFilterForm(forms.Form):
    """The seminar index's GET form: upcoming or past, the month, the format and the audience."""

    view = forms.ChoiceField(label=_("View"), required=False, choices=View.CHOICES, widget=forms.HiddenInput)
    when = forms.ChoiceField(label=_("Show"), required=False, choices=When.CHOICES)
    month = forms.CharField(label=_("Month"), required=False, widget=forms.Select)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *SeminarFormat.choices]
    )
    audience = forms.ChoiceField(
        label=_("Who may register"), required=False, choices=[("", _("Any audience")), *Audience.choices]
    )

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "seminar-filter-%s")
        super().__init__(data, **kwargs)

    @classmethod
    def from_params(cls, params):
        """``(form, ignored)``: a valid form for ``params`` without the values it does not accept,
        and the labels of the filters left out (to tell the visitor)."""
        form = cls(params)
        if form.is_valid():
            return form, []
        params = params.copy()
        ignored = []
        for name in form.errors:
            params.pop(name, None)
            ignored.append(str(form.fields[name].label) if name in form.fields else name)
        form = cls(params)
        form.is_valid()
        return form, ignored

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if value and parse_month(value) is None:
            raise ValidationError(_("Choose a month from the list."), code="invalid_month")
        return value

    @property
    def choices(self):
        """The cleaned values as ``SeminarChoices`` (call after ``is_valid``)."""
        data = self.cleaned_data
        return SeminarChoices(
            view=data.get("view") or View.LIST,
            when=data.get("when") or When.UPCOMING,
            month=parse_month(data.get("month", "")),
            format=data.get("format", ""),
            audience=data.get("audience", ""),
        )

    def offer_months(self, months, selected=None, newest_first=False, empty_label=None):
        """Offer ``months`` (``(year, month)`` pairs) in the month select, with ``selected`` among them."""
        months = list(months)
        if selected and selected not in months:
            months = sorted([*months, selected], reverse=newest_first)
        self.fields["month"].widget.choices = [
            ("", empty_label or _("Any month")),
            *((month_value(*month), month_label(*month)) for month in months),
        ]


def _sessions_of(seminars, choices):
    """The sessions of ``seminars`` (a page queryset) in the chosen format and audience, with their seminar."""
    sessions = SeminarSession.objects.filter(page__in=seminars)
    if choices.format:
        sessions = sessions.filter(page__format=choices.format)
    if choices.audience:
        sessions = sessions.filter(page__audience=choices.audience)
    return sessions


def months_with_sessions(sessions, newest_first=False):
    """The ``(year, month)`` pairs (Bangkok time) in which ``sessions`` start: one query."""
    moments = sessions.order_by().datetimes("starts_at", "month", order="DESC" if newest_first else "ASC")
    return [(moment.year, moment.month) for moment in moments]


def with_card_data(sessions):
    """``sessions`` with what a card shows, in a fixed number of queries: the seminar, its cover's
    renditions and the seats taken (``seats_taken``)."""
    taken = (
        Registration.objects.filter(session=OuterRef("pk"), status__in=SEAT_STATUSES)
        .order_by()
        .values("session")
        .annotate(count=Count("pk"))
        .values("count")
    )
    images = get_image_model().objects.prefetch_renditions(*COVER_RENDITIONS)
    return (
        sessions.select_related("page")
        .prefetch_related(Prefetch("page__cover_image", queryset=images))
        .annotate(seats_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)))
    )


def prepare_cards(sessions, language=None):
    """Give each session what its card prints: ``period`` and ``seats_left``; returns them as a list."""
    sessions = list(sessions)
    for session in sessions:
        session.period = session_period(session, language)
        session.seats_left = max(session.capacity - session.seats_taken, 0)
    return sessions


@dataclass
class CalendarDay:
    """One cell of the month calendar: a date and the sessions starting on it (none outside the month)."""

    date: datetime.date
    in_month: bool
    is_today: bool
    sessions: list = field(default_factory=list)


@dataclass
class MonthCalendar:
    """A month as weeks of ``CalendarDay``, Monday first, with links to the months either side."""

    year: int
    month: int
    title: str
    weekdays: list
    weeks: list
    previous: str | None
    next: str | None
    previous_title: str = ""
    next_title: str = ""
    session_count: int = 0


def month_calendar(sessions, year, month, today, language=None):
    """The ``MonthCalendar`` of ``year``-``month`` with the sessions among ``sessions`` that start in it: one query."""
    start, end = month_bounds(year, month)
    in_month = list(
        sessions.filter(starts_at__gte=start, starts_at__lt=end).select_related("page").order_by("starts_at", "pk")
    )
    by_day = {}
    for session in in_month:
        session.time_text = start_time(session, language)
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    weeks = [
        [
            CalendarDay(
                date=day,
                in_month=day.month == month,
                is_today=day == today,
                sessions=by_day.get(day, []) if day.month == month else [],
            )
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    previous, following = shift_month(year, month, -1), shift_month(year, month, 1)
    return MonthCalendar(
        year=year,
        month=month,
        title=month_label(year, month, language),
        weekdays=THAI_WEEKDAYS if is_thai(language) else ENGLISH_WEEKDAYS,
        weeks=weeks,
        previous=month_value(*previous) if previous else None,
        next=month_value(*following) if following else None,
        previous_title=month_label(*previous, language) if previous else "",
        next_title=month_label(*following, language) if following else "",
        session_count=len(in_month),
    )


def query_with(params, **changes):
    """``params`` (a QueryDict) as a query string with ``changes`` (None removes a key) and no page number."""
    params = params.copy()
    params.pop("page", None)
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def seminar_index_context(request, seminars, per_page, now=None):
    """What ``templates/courses/seminar_index_page.html`` shows for ``request``'s query string.

    ``seminars`` are the seminars the index lists (live, public, beneath it). Returns
    ``form``, ``choices``, ``ignored_filters`` (labels of values left out), ``has_sessions``
    (whether the index has any session at all), and either ``items`` (one page of sessions
    ready for cards) or ``calendar`` (a ``MonthCalendar``), and ``list_query`` and
    ``calendar_query`` (the query strings of the two views).
    """
    now = now or timezone.now()
    form, ignored = SeminarFilterForm.from_params(request.GET)
    choices = form.choices
    sessions = _sessions_of(seminars, choices)
    context = {
        "form": form,
        "choices": choices,
        "ignored_filters": ignored,
        "items": None,
        "calendar": None,
        # The links between the list and the calendar keep the filters that apply to both.
        "list_query": query_with(request.GET, view=None),
        "calendar_query": query_with(request.GET, view=View.CALENDAR, when=None),
    }
    if choices.is_calendar:
        today = timezone.localdate(now)
        year, month = choices.month or (today.year, today.month)
        form.offer_months(months_with_sessions(sessions), (year, month), empty_label=_("This month"))
        context["calendar"] = month_calendar(sessions, year, month, today)
        context["has_sessions"] = True
        return context
    scoped = sessions.past(now) if choices.is_past else sessions.upcoming(now)
    form.offer_months(
        months_with_sessions(scoped, newest_first=choices.is_past), choices.month, newest_first=choices.is_past
    )
    if choices.month:
        start, end = month_bounds(*choices.month)
        scoped = scoped.filter(starts_at__gte=start, starts_at__lt=end)
    order = ("-starts_at", "-pk") if choices.is_past else ("starts_at", "pk")
    items = paginate(request, with_card_data(scoped.order_by(*order)), per_page)
    items.object_list = prepare_cards(items.object_list)
    context["items"] = items
    # Whether to say "no seminars yet" or "nothing matches": asked only when this page is empty.
    context["has_sessions"] = bool(items.object_list) or SeminarSession.objects.filter(page__in=seminars).exists()
    return context
