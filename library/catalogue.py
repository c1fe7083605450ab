"""The e-library's browsing and search (``/library/``): facets with counts, Thai-aware search, sort orders.

The visitor's query string is read through ``LibrarySearchForm``. A facet value the form
does not know (a deleted subject, a hand-edited link) is dropped, never an error, so an
old bookmark still shows the library; a year that is not a year gets a message beside its
box and is left out. ``browse`` turns the cleaned choices into one page of items, the
facets and what to suggest when nothing is found, in a number of SQL queries that does not
depend on how many items there are:

- the search backend returns the ids of the matching items (Thai segmented, as indexed);
- one query counts every type, language and access value and the years' range, each
  count under the other facets' filters (standard faceted search), one more the subjects;
- one page of items is fetched with its creators, cover renditions and usage totals.

Usage in ``LibraryIndexPage.get_context``::

    context.update(browse(request, self.get_items(request), self.items_per_page))

The item page's context (``item_page_context``) is built here too: its record for people,
its file and who may open it, its usage and its citation (``library.citation``).
"""

import dataclasses
import datetime
import html
import re
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max, Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from home.index_pages import paginate
from lms.search import prepare_query
from lms.thai import THAI_CHARS, format_date, thai_sorted

from .models import Access, ItemLanguage, ItemType, LibraryItemCreator, LibraryItemPage, Subject
from .models.pages import BUDDHIST_ERA_FROM, BUDDHIST_ERA_OFFSET

MAX_QUERY_LENGTH = 200
# The renditions a card uses (templates/library/includes/item_card.html), fetched for the
# whole page at once.
COVER_RENDITIONS = ("fill-96x128", "fill-192x256")
# Subjects shown before "more subjects": the rest stay one click away.
SUBJECTS_SHOWN = 8
SUMMARY_WORDS = 30
SubjectLink = LibraryItemPage.subjects.through


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    TITLE = "title"
    DOWNLOADS = "downloads"

    CHOICES = [
        (RELEVANCE, _("Best match")),
        (NEWEST, _("Newest first")),
        (TITLE, pgettext_lazy("library sort order", "Title (A–Z, ก–ฮ)")),
        (DOWNLOADS, _("Most downloaded")),
    ]


NEWEST_FIRST = (
    F("year_issued").desc(nulls_last=True),
    F("first_published_at").desc(nulls_last=True),
    "-pk",
)

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A year as typed: "2567", "๒๕๖๗", "พ.ศ. 2567", "ค.ศ. 2024", "2024 CE".
YEAR_TYPED = re.compile(
    r"^(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|B\.?E\.?|C\.?E\.?|A\.?D\.?)?\s*(\d{4})\s*(?:B\.?E\.?|C\.?E\.?|A\.?D\.?)?$", re.I
)


def format_year(year, language=None):
    """A Common Era year for people: "พ.ศ. 2567" in Thai, "2024" in English."""
    if year is None:
        return ""
    if (language or get_language() or "th").startswith("th"):
        return f"พ.ศ. {year + BUDDHIST_ERA_OFFSET}"
    return str(year)


def format_date_issued(value, language=None):
    """An item's ``date_issued`` ("2024" or "2024-05-01") for people, in the Buddhist Era in Thai."""
    language = language or get_language() or "th"
    if not value:
        return ""
    if len(value) == 4 and value.isdigit():
        return format_year(int(value), language)
    try:
        return format_date(datetime.date.fromisoformat(value), language=language)
    except ValueError:
        return value


class FacetField(forms.MultipleChoiceField):
    """Several values of one facet, any of which an item may have; unknown values are dropped, not refused."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        known = {str(key) for key, _label in self.choices}
        return list(dict.fromkeys(str(v) for v in self.to_python(value) if str(v) in known))


class YearField(forms.CharField):
    """A four-digit year, Common Era or Buddhist Era (2024 or 2567, Thai digits too); cleaned to the CE year."""

    default_error_messages = {
        "invalid": _("Give the year as four digits, such as 2024 or 2567."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12, "size": 6, "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").translate(THAI_DIGITS)
        if not value:
            return None
        match = YEAR_TYPED.match(value)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year = int(match.group(1))
        if year >= BUDDHIST_ERA_FROM:
            year -= BUDDHIST_ERA_OFFSET
        if year < 1000:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return year


class SortField(forms.ChoiceField):
    """The sort order; an unknown one falls back to the default instead of an error."""

    def clean(self, value):
        value = self.to_python(value)
        return value if self.valid_value(value) else ""


@dataclass(frozen=True)
class LibraryChoices:
    """What the visitor asked for, every value already checked; empty means "any"."""

    q: str = ""
    types: tuple = ()
    subjects: tuple = ()  # Subject objects
    languages: tuple = ()
    access: tuple = ()
    year_from: int | None = None
    year_to: int | None = None
    sort: str = Sort.NEWEST

    @cached_property
    def words(self):
        """The search words, segmented like the index; "" when the query holds nothing to search for."""
        return prepare_query(self.q).strip()

    @property
    def has_filters(self):
        return bool(self.types or self.subjects or self.languages or self.access or self.year_from or self.year_to)

    @property
    def is_filtered(self):
        return bool(self.words) or self.has_filters


class LibrarySearchForm(forms.Form):
    """The library's GET form: search words, the facets, a year range and the sort order."""

    # Drawn by the template itself, with the words as cleaned (cut to MAX_QUERY_LENGTH).
    q = forms.CharField(label=_("Search the library"), required=False)
    type = FacetField(label=_("Type"), choices=ItemType.choices)
    subject = FacetField(label=_("Subject"))
    language = FacetField(label=_("Language"), choices=ItemLanguage.choices)
    access = FacetField(label=_("Access"), choices=Access.choices)
    year_from = YearField(label=pgettext_lazy("year range", "From"))
    year_to = YearField(label=pgettext_lazy("year range", "To"))
    sort = SortField(
        label=_("Sort by"), required=False, choices=Sort.CHOICES, widget=forms.Select(attrs={"form": "library-filters"})
    )

    def __init__(self, data=None, *, subjects=(), **kwargs):
        kwargs.setdefault("auto_id", "library-%s")
        super().__init__(data, **kwargs)
        self.subjects = {str(subject.pk): subject for subject in subjects}
        self.fields["subject"].choices = [(pk, subject.name) for pk, subject in self.subjects.items()]
        self.q_was_cut = False

    def clean_q(self):
        words = " ".join(self.cleaned_data["q"].replace("\x00", " ").split())
        # A pasted paragraph is cut rather than refused: the first words are what the visitor meant.
        self.q_was_cut = len(words) > MAX_QUERY_LENGTH
        return words[:MAX_QUERY_LENGTH]

    def clean(self):
        data = super().clean()
        if not prepare_query(data.get("q", "")).strip():
            # Relevance means nothing without search words: the order is not offered.
            self.fields["sort"].choices = [choice for choice in Sort.CHOICES if choice[0] != Sort.RELEVANCE]
        return data

    @property
    def year_errors(self):
        """The messages for the year boxes, shown beside them (the years are left out of the search)."""
        return [str(message) for name in ("year_from", "year_to") for message in self.errors.get(name, [])]

    @property
    def choices(self):
        """The cleaned values as ``LibraryChoices`` (after ``is_valid``); a value with an error counts as unset."""
        data = self.cleaned_data
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            year_from, year_to = year_to, year_from
        choices = LibraryChoices(
            q=data.get("q", ""),
            types=tuple(data.get("type", ())),
            subjects=tuple(self.subjects[pk] for pk in data.get("subject", ())),
            languages=tuple(data.get("language", ())),
            access=tuple(data.get("access", ())),
            year_from=year_from,
            year_to=year_to,
        )
        # Best match when there are words to match, else newest; relevance without words is newest too.
        sort = data.get("sort") or ""
        if not sort or (sort == Sort.RELEVANCE and not choices.words):
            sort = Sort.RELEVANCE if choices.words else Sort.NEWEST
        return dataclasses.replace(choices, sort=sort)


# --- Finding items


def search_item_ids(words):
    """The ids of the live items whose text holds every word of ``words``, best match first.

    ``words`` are already segmented (``LibraryChoices.words``). The search backend returns ids
    only; filters, counts and the other orders are applied in the database.
    """
    if not words:
        return []
    results = LibraryItemPage.objects.live().only("pk").search(words, operator="and", order_by_relevance=True)
    return list(dict.fromkeys(item.pk for item in results))


def facet_filter(choices, skip=None):
    """A ``Q`` for every facet the visitor chose but ``skip`` (a facet's counts ignore its own choice)."""
    condition = Q()
    if choices.types and skip != "type":
        condition &= Q(item_type__in=choices.types)
    if choices.languages and skip != "language":
        condition &= Q(language__in=choices.languages)
    if choices.access and skip != "access":
        condition &= Q(access__in=choices.access)
    if choices.subjects and skip != "subject":
        tagged = SubjectLink.objects.filter(subject__in=choices.subjects).values("libraryitempage_id")
        condition &= Q(pk__in=tagged)
    if skip != "year":
        if choices.year_from:
            condition &= Q(year_issued__gte=choices.year_from)
        if choices.year_to:
            condition &= Q(year_issued__lte=choices.year_to)
    return condition


def order_items(items, choices, relevance_ids=()):
    """``items`` in the chosen order: a queryset, or a list of ids for the orders the database cannot give.

    Title order follows the Thai dictionary (the database's collation does not know Thai).
    Relevance follows the search backend's ranking, except that items whose title holds every
    word come first: the index keeps titles unsegmented beside the segmented text, so the
    backend's own title boost misses Thai words, and its ranking alone favours short records
    over a long PDF whose title is exactly what was asked for.
    """
    if choices.sort == Sort.RELEVANCE and relevance_ids:
        titles = {
            pk: f"{title} {title_en}".casefold() for pk, title, title_en in items.values_list("pk", "title", "title_en")
        }
        words = choices.words.casefold().split()
        ranked = [pk for pk in relevance_ids if pk in titles]
        return sorted(ranked, key=lambda pk: not all(word in titles[pk] for word in words))
    if choices.sort == Sort.TITLE:
        rows = items.order_by("pk").values_list("pk", "title")
        return [pk for pk, _title in thai_sorted(rows, key=lambda row: row[1].casefold())]
    if choices.sort == Sort.DOWNLOADS:
        return items.order_by(Coalesce("usage_total__downloads", 0).desc(), *NEWEST_FIRST)
    return items.order_by(*NEWEST_FIRST)


def with_card_data(items):
    """``items`` with what a card shows, in a fixed number of queries: creators, cover renditions, usage."""
    images = get_image_model().objects.prefetch_renditions(*COVER_RENDITIONS)
    return (
        items.defer("full_text")
        .select_related("usage_total")
        .prefetch_related(
            Prefetch("creators", queryset=LibraryItemCreator.objects.order_by("sort_order", "pk")),
            Prefetch("cover", queryset=images),
        )
    )


def load_cards(item_ids):
    """The items with ``item_ids``, ready for cards, in the order of ``item_ids``."""
    by_id = {item.pk: item for item in with_card_data(LibraryItemPage.objects.filter(pk__in=item_ids))}
    return [by_id[pk] for pk in item_ids if pk in by_id]


def describe_cards(items, language):
    """Give each item what its card shows beyond its fields: ``summary``, ``year_display``, ``downloads``."""
    for item in items:
        text = item.search_description or html.unescape(strip_tags(item.description or ""))
        item.summary = Truncator(" ".join(text.split())).words(SUMMARY_WORDS)
        item.year_display = format_year(item.year_issued, language)
        total = getattr(item, "usage_total", None)
        item.downloads = total.downloads if total else 0
    return items


# --- Facets


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    legend: str
    options: list = field(default_factory=list)
    more: list = field(default_factory=list)  # options behind "more" (the subjects' long tail)

    @property
    def is_empty(self):
        return not self.options and not self.more


def facet_counts(items, choices):
    """Every facet's options with their counts, each counted under the other facets' filters.

    ``items`` are the listed items already narrowed by the search words. Two queries: one
    for type, language, access and the years' range, one for the subjects.
    """
    simple = {"type": ("item_type", ItemType), "language": ("language", ItemLanguage), "access": ("access", Access)}
    aggregates = {}
    for facet, (field_name, values) in simple.items():
        others = facet_filter(choices, skip=facet)
        for value in values.values:
            aggregates[f"{facet}__{value}"] = Count("pk", filter=Q(**{field_name: value}) & others)
    years = facet_filter(choices, skip="year")
    aggregates["year__first"] = Min("year_issued", filter=years)
    aggregates["year__last"] = Max("year_issued", filter=years)
    counts = items.order_by().aggregate(**aggregates)

    subject_items = items.filter(facet_filter(choices, skip="subject")).values("pk")
    subject_counts = dict(
        SubjectLink.objects.filter(libraryitempage_id__in=subject_items)
        .values("subject_id")
        .annotate(n=Count("libraryitempage_id"))
        .values_list("subject_id", "n")
    )
    return counts, subject_counts


def build_facets(choices, counts, subject_counts, subjects, language):
    """The facets for the template: options with a count, or chosen, in a sensible order."""
    chosen = {
        "type": set(choices.types),
        "language": set(choices.languages),
        "access": set(choices.access),
    }
    legends = {"type": _("Type"), "language": _("Language"), "access": _("Access")}
    facets = {}
    for name, enum in (("type", ItemType), ("language", ItemLanguage), ("access", Access)):
        options = [
            FacetOption(value, label, counts[f"{name}__{value}"], value in chosen[name])
            for value, label in enum.choices
            if counts[f"{name}__{value}"] or value in chosen[name]
        ]
        facets[name] = Facet(name, legends[name], options)

    chosen_subjects = {subject.pk for subject in choices.subjects}
    subject_options = [
        FacetOption(
            str(subject.pk),
            subject.display_name(language),
            subject_counts.get(subject.pk, 0),
            subject.pk in chosen_subjects,
        )
        for subject in subjects
        if subject_counts.get(subject.pk) or subject.pk in chosen_subjects
    ]
    subject_options = thai_sorted(subject_options, key=lambda option: option.label.casefold())
    subject_options.sort(key=lambda option: (not option.selected, -option.count))
    facets["subject"] = Facet(
        "subject", _("Subject"), subject_options[:SUBJECTS_SHOWN], subject_options[SUBJECTS_SHOWN:]
    )
    return facets


# --- Links that change one choice


def url_without(params, name, value=None):
    """The query string (with its "?", or "" for none) of ``params`` without ``name`` (or only its ``value``)."""
    params = params.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        remaining = [v for v in params.getlist(name) if v != value]
        if remaining:
            params.setlist(name, remaining)
        else:
            params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    remove_query: str


def active_filters(params, choices, facets, language):
    """One entry per choice the visitor made, each with the query string that removes only it."""
    labels = {option.value: option.label for name in ("type", "language", "access") for option in facets[name].options}
    found = []
    if choices.words:
        found.append(ActiveFilter(gettext("Words: %(words)s") % {"words": choices.q}, url_without(params, "q")))
    for name, values in (("type", choices.types), ("language", choices.languages), ("access", choices.access)):
        for value in values:
            found.append(
                ActiveFilter(f"{facets[name].legend}: {labels.get(value, value)}", url_without(params, name, value))
            )
    for subject in choices.subjects:
        found.append(
            ActiveFilter(
                gettext("Subject: %(subject)s") % {"subject": subject.display_name(language)},
                url_without(params, "subject", str(subject.pk)),
            )
        )
    if choices.year_from:
        found.append(
            ActiveFilter(
                gettext("From %(year)s") % {"year": format_year(choices.year_from, language)},
                url_without(params, "year_from"),
            )
        )
    if choices.year_to:
        found.append(
            ActiveFilter(
                gettext("Until %(year)s") % {"year": format_year(choices.year_to, language)},
                url_without(params, "year_to"),
            )
        )
    return found


def keyboard_alternative(choices, items):
    """The query as typed with the other keyboard layout (``ราชการ`` typed on an English layout), when it finds items.

    A Thai visitor who forgets to switch layouts types ``ik=dki`` for ``ราชการ``: the no-results
    page offers the words they meant, but only when those words find something (and the
    other way round for English typed on the Thai layout).
    """
    from pythainlp.util import eng_to_thai, thai_to_eng

    q = choices.q
    if THAI_CHARS.search(q):
        alternative = thai_to_eng(q)
    elif re.search(r"[A-Za-z]", q):
        alternative = eng_to_thai(q)
    else:
        return ""
    alternative = " ".join(alternative.split())
    words = prepare_query(alternative).strip()
    if not words or alternative == q:
        return ""
    ids = search_item_ids(words)
    if ids and items.filter(pk__in=ids).exists():
        return alternative
    return ""


# --- The whole page


def browse(request, items, per_page):
    """The index page's context: ``form``, ``choices``, one page of ``items``, ``facets``, ``active_filters``,
    ``notes`` (messages about the query) and, when nothing is found, ``alternative`` words to try.

    ``items`` are the items the library lists (live, public children of the index).
    """
    language = get_language() or "th"
    subjects = list(Subject.objects.all())
    form = LibrarySearchForm(request.GET, subjects=subjects)
    form.is_valid()
    choices = form.choices

    notes = []
    if form.q_was_cut:
        notes.append(
            gettext("Only the first %(count)s characters of your search were used.") % {"count": MAX_QUERY_LENGTH}
        )
    if choices.q and not choices.words:
        notes.append(gettext("Your search had no letters or numbers to look for, so every item is shown."))

    listed = items
    relevance_ids = []
    if choices.words:
        relevance_ids = search_item_ids(choices.words)
        items = items.filter(pk__in=relevance_ids)
    counts, subject_counts = facet_counts(items, choices)
    found = order_items(items.filter(facet_filter(choices)), choices, relevance_ids)

    page = paginate(request, found if isinstance(found, list) else with_card_data(found), per_page)
    if isinstance(found, list):
        page.object_list = load_cards(list(page.object_list))
    else:
        page.object_list = list(page.object_list)
    describe_cards(page.object_list, language)

    facets = build_facets(choices, counts, subject_counts, subjects, language)
    context = {
        "form": form,
        "choices": choices,
        "items": page,
        "facets": [facets["type"], facets["subject"], facets["language"], facets["access"]],
        "year_range": {
            "first": format_year(counts["year__first"], language),
            "last": format_year(counts["year__last"], language),
        },
        "active_filters": active_filters(request.GET, choices, facets, language),
        "notes": notes,
        "max_query_length": MAX_QUERY_LENGTH,
        "alternative": None,
    }
    if not page.paginator.count and choices.words:
        alternative = keyboard_alternative(choices, listed.filter(facet_filter(choices)))
        if alternative:
            context["alternative"] = {"text": alternative, "lang": "th" if THAI_CHARS.search(alternative) else "en"}
    return context


# --- The item page

# Short names for the file formats the library takes (``file_format`` holds the media type).
FORMAT_LABELS = {
    "application/pdf": "PDF",
    "application/epub+zip": "EPUB",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "video/mp4": "MP4",
    "audio/mpeg": "MP3",
}


def file_details(item):
    """What the page says about the item's file: ``document``, ``label`` (PDF, MP4...), ``size``, ``is_pdf``."""
    document = item.document
    if document is None:
        return None
    extension = (document.file_extension or "").lower()
    label = FORMAT_LABELS.get(item.file_format) or extension.upper() or item.file_format
    return {
        "document": document,
        "label": label,
        "size": document.file_size,
        "is_pdf": item.file_format == "application/pdf" or extension == "pdf",
    }


def identifier_details(item):
    """``{"kind", "label", "value", "url"}`` for the identifier: a DOI or handle links to its resolver."""
    from .citation import doi_of, identifier_link, isbn_of

    kind = item.identifier_kind
    labels = {"doi": "DOI", "isbn": "ISBN", "handle": "Handle", "local": gettext("Library number")}
    value = {"doi": doi_of(item), "isbn": isbn_of(item)}.get(kind) or item.identifier
    return {"kind": kind, "label": labels[kind], "value": value, "url": identifier_link(item)}


def visitor_access(request, item):
    """``(may_open, reason)``: whether this visitor may preview and download the file, and if not, why."""
    try:
        from .access import may_open, refusal_reason
    except ImportError:  # pragma: no cover - library.access arrives with the files part
        allowed = item.access == Access.OPEN
        return allowed, "" if allowed else gettext("This file is not open to everyone.")
    if may_open(request.user, item, request):
        return True, ""
    return False, refusal_reason(request.user, item, request)


def item_page_context(request, item):
    """The item page's context beyond ``page``: creators, subjects, file and access, usage, citation."""
    from django.urls import reverse

    from .citation import citation_context
    from .models import ItemUsageTotal

    language = get_language() or "th"
    if not getattr(request, "is_preview", False):
        from .usage import record_view

        record_view(request, item)

    creators = list(item.creators.all())
    index = item.get_parent()
    subjects = [
        {"name": subject.display_name(language), "url": f"{index.url}?subject={subject.pk}"}
        for subject in thai_sorted(item.subjects.all(), key=lambda subject: subject.display_name(language))
    ]
    totals = ItemUsageTotal.objects.filter(item_id=item.pk).first() if item.pk else None
    may_open, refusal = visitor_access(request, item)
    file = file_details(item)
    if file and item.pk:
        file["download_url"] = reverse("library:download", args=[item.pk])
        file["preview_url"] = reverse("library:preview", args=[item.pk]) if file["is_pdf"] else ""
    # An address without a file goes through the download view, which counts it as a download.
    external_link = item.external_url
    if item.external_url and not file and item.pk:
        external_link = reverse("library:download", args=[item.pk])
    return {
        "creators": [creator.name for creator in creators],
        "external_link": external_link,
        "subjects": subjects,
        "date_issued_display": format_date_issued(item.date_issued, language),
        "identifier": identifier_details(item) if item.identifier else None,
        "file": file,
        "may_open": may_open,
        "refusal_reason": refusal,
        "usage": {"views": totals.views if totals else 0, "downloads": totals.downloads if totals else 0},
        "related_courses": [course for course in item.related_courses.all() if course.live],
        "citation": citation_context(item, [creator.name for creator in creators], request),
        "login_url": f"{reverse('account:login')}?{QueryDict.fromkeys(['next'], item.url or '').urlencode()}",
    }
