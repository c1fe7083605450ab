"""The course catalogue's filters, keyword search and sort orders (``/courses/``).

The visitor's query string is read through ``CatalogueForm``: a value the form does not
know (a deleted category, a hand-edited link) is dropped, never an error, so a stale
bookmark still shows the catalogue. ``find_courses`` turns the cleaned choices into the
courses to list, in a number of SQL queries that does not depend on how many courses
there are.

Usage in a page's ``get_context``::

    form = CatalogueForm.from_params(request.GET, CourseCategory.objects.all())
    courses = find_courses(CoursePage.objects.child_of(self).live().public(), form.choices)
"""

from dataclasses import dataclass

from django import forms
from django.db.models import F, Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from home.index_pages import paginate
from lms.search import prepare_query
from lms.thai import thai_sorted

from .models.course import Audience, CourseLanguage, CoursePage, Level
from .models.indexes import NEWEST_FIRST

MAX_QUERY_LENGTH = 200
# The renditions a card uses (see templates/courses/includes/course_card.html): fetched in one
# query for every card on the page rather than one query per card.
COVER_RENDITIONS = ("fill-320x180", "fill-640x360")


class Sort:
    NEWEST = "newest"
    POPULAR = "popular"
    TITLE = "title"

    CHOICES = [(NEWEST, _("Newest first")), (POPULAR, _("Most learners")), (TITLE, _("Title (A–Z, ก–ฮ)"))]


@dataclass(frozen=True)
class CatalogueChoices:
    """What the visitor asked for, every value already checked; empty means "any"."""

    q: str = ""
    category: object = None  # a CourseCategory, or None
    audience: str = ""
    level: str = ""
    language: str = ""
    sort: str = Sort.NEWEST

    @property
    def has_filters(self):
        """True when a filter (category, audience, level or language) narrows the list."""
        return bool(self.category or self.audience or self.level or self.language)

    @property
    def is_filtered(self):
        """True when the search words or a filter narrow the list (the sort order does not)."""
        return bool(self.q) or self.has_filters


class CatalogueForm(forms.Form):
    """The catalogue's GET form: search words, four filters and the sort order."""

    q = forms.CharField(
        label=_("Search courses"),
        required=False,
        widget=forms.SearchInput(attrs={"maxlength": MAX_QUERY_LENGTH, "aria-describedby": "catalogue-q-help"}),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    audience = forms.ChoiceField(
        label=_("Who may enrol"), required=False, choices=[("", _("Anyone")), *Audience.choices]
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices])
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *CourseLanguage.choices]
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.CHOICES)

    def __init__(self, data=None, *, categories=(), **kwargs):
        kwargs.setdefault("auto_id", "catalogue-%s")
        super().__init__(data, **kwargs)
        self.categories = {category.slug: category for category in categories}
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((slug, category.display_name) for slug, category in self.categories.items()),
        ]

    @classmethod
    def from_params(cls, params, categories):
        """A valid form for the query parameters ``params``, without the values it does not accept.

        ``categories`` is evaluated once, so the form costs one query however it is used.
        """
        categories = list(categories)
        form = cls(params, categories=categories)
        if not form.is_valid():
            # Drop only the unknown values: the other filters the visitor chose still apply.
            params = params.copy()
            for name in form.errors:
                params.pop(name, None)
            form = cls(params, categories=categories)
            form.is_valid()
        return form

    def clean_q(self):
        # A pasted paragraph is cut rather than refused: the first words are what the visitor meant.
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]

    @property
    def choices(self):
        """The cleaned values as ``CatalogueChoices`` (call after ``is_valid``)."""
        data = self.cleaned_data
        return CatalogueChoices(
            q=data.get("q", ""),
            category=self.categories.get(data.get("category") or ""),
            audience=data.get("audience", ""),
            level=data.get("level", ""),
            language=data.get("language", ""),
            sort=data.get("sort") or Sort.NEWEST,
        )


def matching_course_ids(words):
    """The ids of the live courses whose text holds every word of ``words`` (Thai segmented).

    The search backend returns ids only; the catalogue filters, counts and sorts them in the
    database, so search, filters and sort combine in a fixed number of queries.
    """
    query = prepare_query(words)
    if not query:
        return []
    results = CoursePage.objects.live().search(query, operator="and", order_by_relevance=False)
    return [course.pk for course in results]


def find_courses(courses, choices):
    """The courses among ``courses`` that match ``choices``, in the chosen order.

    Returns a queryset, or for the title order a list of course ids in Thai dictionary
    order (the database's own collation does not know Thai): ``load_cards`` turns one page
    of ids into courses.
    """
    if choices.category:
        courses = courses.filter(category=choices.category)
    for name in ("audience", "level", "language"):
        if getattr(choices, name):
            courses = courses.filter(**{name: getattr(choices, name)})
    if choices.q:
        courses = courses.filter(pk__in=matching_course_ids(choices.q))
    if choices.sort == Sort.TITLE:
        rows = courses.order_by("pk").values_list("pk", "title")
        return [pk for pk, _title in thai_sorted(rows, key=lambda row: row[1].casefold())]
    courses = with_card_data(courses)
    if choices.sort == Sort.POPULAR:
        return courses.order_by(F("learner_count").desc(), *NEWEST_FIRST)
    return courses.order_by(*NEWEST_FIRST)


def with_card_data(courses):
    """``courses`` with what a card shows fetched in a fixed number of queries: learner counts,
    the category, and the cover image with its card renditions."""
    images = get_image_model().objects.prefetch_renditions(*COVER_RENDITIONS)
    return (
        courses.with_learner_counts()
        .select_related("category")
        .prefetch_related(Prefetch("cover_image", queryset=images))
    )


def load_cards(course_ids):
    """The courses with ``course_ids``, ready for cards, in the order of ``course_ids``."""
    by_id = {course.pk: course for course in with_card_data(CoursePage.objects.filter(pk__in=course_ids))}
    return [by_id[pk] for pk in course_ids if pk in by_id]


def paginate_courses(request, found, per_page):
    """One page of what ``find_courses`` returned (``home.index_pages.paginate``), as courses ready for cards."""
    page = paginate(request, found, per_page)
    if isinstance(found, list):
        page.object_list = load_cards(list(page.object_list))
    return page
