"""The read API at ``/api/v2/`` (Wagtail API v2): the public catalogue for other systems.

Every request is answered as for an anonymous visitor (no session or password login
through the API), in JSON, from live pages that no privacy setting restricts, with the
fields their public pages show. The endpoints (fields, filters and examples in the
README, "Read API"):

- ``courses``, ``library``, ``seminars``: one page type each, with its public fields
  (``lms.api_fields``) and named filters (``?category=``, ``?type=``, ``?starts_after=``...).
  A library item's file address and cover are given only when its file is open to
  everyone; a seminar's sessions never carry the meeting link, the check-in code or
  anything about the registrants.
- ``pages``: Wagtail's generic endpoint over every live, public page, with the fields
  every page has (title, slug, addresses, dates) and never a page type's own fields.
- ``images``: only images the public pages show as covers and photos (the covers of
  open library items, of courses and seminars; instructors' and speakers' photos).
- ``documents``: only files anyone may download: those of open library items that no
  lesson, quiz, attendees-only seminar material, restricted item or restricted
  collection also holds.

Listings take a fixed number of queries whatever their length.
"""

import datetime
import re
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Prefetch, Q
from django.db.models.functions import Cast
from django.utils import timezone
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, get_restricted_collection_ids
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

from courses.models import (
    Audience,
    CourseCategory,
    CourseInstructor,
    CourseLanguage,
    CoursePage,
    LessonPage,
    Level,
    QuizPage,
    RegistrationStatus,
    SeminarFormat,
    SeminarMaterial,
    SeminarPage,
    SeminarSession,
    SeminarSpeaker,
)
from library.models import Access, ItemLanguage, ItemType, LibraryItemPage, Subject
from library.models.pages import BUDDHIST_ERA_FROM, BUDDHIST_ERA_OFFSET
from lms import api_fields
from lms.search import prepare_query

# What Wagtail's privacy checks read from a request, for a visitor who is nobody: the API
# answers everyone alike, so a password someone typed on the site opens nothing here.
ANONYMOUS = SimpleNamespace(user=AnonymousUser(), session={})
MAX_SEARCH_LENGTH = 200
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_OR_DATE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?$")
# Years a date filter may name (conversions to UTC fail at the ends of the calendar).
FIRST_YEAR, LAST_YEAR = 1000, 9998
SEAT_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)


# --- Query parameters


def choice_param(params, name, choices):
    """The value of ``?name=`` when it is one of ``choices`` (a TextChoices), None when absent; 400 otherwise."""
    value = params.get(name)
    if value is None:
        return None
    if value not in choices.values:
        raise BadRequestError(f"{name} must be one of: {', '.join(choices.values)}")
    return value


def date_param(params, name):
    """The date of ``?name=YYYY-MM-DD``, None when absent; 400 for anything else."""
    value = params.get(name)
    if value is None:
        return None
    try:
        if not DATE.match(value):
            raise ValueError
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise BadRequestError(f"{name} must be a date written YYYY-MM-DD") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise BadRequestError(f"{name} must be a date between the years {FIRST_YEAR} and {LAST_YEAR}")
    return date


def start_of_day(date):
    """Midnight at the start of ``date`` in the site's time zone (Asia/Bangkok)."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


def end_of_day(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.max))


def issued_param(params, name, end=False):
    """``(year, ISO date)`` of ``?name=`` given as a year or a full date, in the Common or Buddhist Era.

    A year stands for its first day (``end=False``) or its last (``end=True``). None when absent.
    """
    value = params.get(name)
    if value is None:
        return None
    match = YEAR_OR_DATE.match(value)
    if not match:
        raise BadRequestError(f"{name} must be a year (2024 or 2567) or a date written YYYY-MM-DD")
    year = int(match.group(1))
    if year >= BUDDHIST_ERA_FROM:
        year -= BUDDHIST_ERA_OFFSET
    if match.group(2) is None:
        month, day = (12, 31) if end else (1, 1)
    else:
        month, day = int(match.group(2)), int(match.group(3))
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise BadRequestError(f"{name} is not a date: {value}") from None
    return year, date.isoformat()


def id_or(value, *text_lookups):
    """A lookup for ``value`` as a numeric id, or else as text matched by any of ``text_lookups``."""
    if "\x00" in value:
        # PostgreSQL refuses such a string outright: a 400, not a 500.
        raise BadRequestError("a filter value may not contain a null character")
    if value.isascii() and value.isdigit():
        return Q(pk=int(value))
    query = Q(pk__in=[])
    for lookup in text_lookups:
        query |= Q(**{lookup: value})
    return query


class ThaiSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, with the query segmented into Thai words as the index is (``lms.search``)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        params = request.GET.copy()
        params["search"] = prepare_query(params["search"][:MAX_SEARCH_LENGTH])
        return super().filter_queryset(SimpleNamespace(GET=params), queryset, view)


# --- What the public may see


def public_page_ids():
    """The ids of live pages that no privacy setting (on them or above them) restricts, as a subquery."""
    return Page.objects.live().public().values("pk")


def public_image_ids():
    """Images the public pages show: covers of courses, seminars and open library items; instructors' and speakers' photos."""
    pages = public_page_ids()
    return (
        Q(pk__in=CoursePage.objects.filter(pk__in=pages).values("cover_image_id"))
        | Q(pk__in=SeminarPage.objects.filter(pk__in=pages).values("cover_image_id"))
        | Q(pk__in=LibraryItemPage.objects.filter(pk__in=pages, access=Access.OPEN).values("cover_id"))
        | Q(pk__in=CourseInstructor.objects.filter(course_id__in=pages).values("photo_id"))
        | Q(pk__in=SeminarSpeaker.objects.filter(page_id__in=pages).values("photo_id"))
    )


def public_documents(documents):
    """``documents`` narrowed to the files anyone may download (see the module's docstring).

    Stricter than the download checks themselves (``library.access``, ``courses.documents``,
    ``courses.seminar_documents``): a file any of them might refuse someone is left out.
    """
    open_items = LibraryItemPage.objects.filter(pk__in=public_page_ids(), access=Access.OPEN)
    other_items = LibraryItemPage.objects.exclude(pk__in=open_items.values("pk")).filter(document__isnull=False)
    syllabus_types = ContentType.objects.get_for_models(LessonPage, QuizPage).values()
    in_syllabus = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(documents.model),
        content_type__in=[content_type.pk for content_type in syllabus_types],
    ).values("to_object_id")
    allowed = (
        documents.model.objects.filter(pk__in=open_items.values("document_id"))
        .exclude(pk__in=other_items.values("document_id"))
        .exclude(pk__in=SeminarMaterial.objects.filter(attendees_only=True).values("document_id"))
        .annotate(id_text=Cast("pk", CharField()))
        .exclude(id_text__in=in_syllabus)
        .exclude(collection__in=get_restricted_collection_ids(ANONYMOUS))
    )
    # A subquery: the search backends cannot take the annotation on the queryset they search.
    return documents.filter(pk__in=allowed.values("pk"))


# --- Endpoints


class AlwaysJSON(BaseContentNegotiation):
    """Every answer in JSON, whatever the Accept header; ``?format=`` is the seminars' filter, not a renderer."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class BoundedPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset`` pagination, refusing an offset the database could not take."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if not (offset.isascii() and offset.isdigit() and len(offset) <= 9):
            raise BadRequestError("offset must be a whole number below 1,000,000,000")
        return super().paginate_queryset(queryset, request, view)


class PublicAPIMixin:
    """Anonymous and JSON only: no login through the API (nor a password guessed with Basic auth)."""

    authentication_classes = []
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON
    pagination_class = BoundedPagination


class PublicPagesAPIViewSet(PublicAPIMixin, PagesAPIViewSet):
    """Wagtail's ``pages`` endpoint over live, public pages, with only the fields every page has.

    Wagtail's own hides the pages the requester's session may not see; this one hides every
    page behind a privacy setting from everyone, and ignores a page type's ``api_fields``,
    so no page type's own fields (a lesson's body, a quiz's questions) are ever served.
    ``alias_of`` could name a private page: it is left out.
    """

    filter_backends = [
        ThaiSearchFilter if backend is SearchFilter else backend for backend in PagesAPIViewSet.filter_backends
    ]
    meta_fields = [name for name in PagesAPIViewSet.meta_fields if name != "alias_of"]

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields)

    @classmethod
    def get_meta_fields(cls, model):
        return cls._convert_api_fields(cls.meta_fields)

    def get_base_queryset(self):
        return super().get_base_queryset().public()

    def find_object(self, queryset, request):
        # A NUL in ``html_path`` cannot be looked up (PostgreSQL refuses it): nothing is found.
        if "\x00" in request.GET.get("html_path", ""):
            return None
        return super().find_object(queryset, request)


class CatalogueAPIViewSet(PublicPagesAPIViewSet):
    """One page type's endpoint: its public fields (``body_fields``) and its named filters (``filter_names``).

    Subclasses set ``model``, ``name``, the fields, ``filter_names`` and implement
    ``apply_filters`` and ``with_related`` (what the fields read, fetched for the whole listing).
    """

    filter_backends = [OrderingFilter, ThaiSearchFilter]
    meta_fields = ["type", "detail_url", "html_url", "slug", "first_published_at"]
    nested_default_fields = ["id", "type", "detail_url", "title"]
    detail_only_fields = []
    filter_names = ()
    default_order = ("-first_published_at", "-pk")

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    @classmethod
    def get_listing_default_fields(cls, model):
        return cls.listing_default_fields[:]

    @classmethod
    def known_parameters(cls):
        return BaseAPIViewSet.known_query_parameters | set(cls.filter_names)

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_parameters()
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a filter of this endpoint: " + ", ".join(sorted(unknown))
            )

    def get_queryset(self):
        # Filtered first, then fetched by id: the search backend may only filter on indexed fields.
        matching = self.apply_filters(
            self.model.objects.filter(pk__in=self.get_base_queryset().values("pk")), self.request.GET
        )
        return self.with_related(self.model.objects.filter(pk__in=matching.values("pk"))).order_by(*self.default_order)

    def apply_filters(self, queryset, params):
        return queryset

    def with_related(self, queryset):
        return queryset

    @staticmethod
    def cover_images(filter_spec):
        return get_image_model().objects.prefetch_renditions(filter_spec)


class CoursesAPIViewSet(CatalogueAPIViewSet):
    """Live, public courses: ``?category=<slug or id>&level=&language=&audience=&published_after=&published_before=``."""

    name = "courses"
    model = CoursePage
    body_fields = [
        "id",
        "title",
        "title_en",
        "summary",
        APIField("description", serializer=api_fields.RichTextHTMLField()),
        APIField("objectives", serializer=serializers.ListField(child=serializers.CharField(), read_only=True)),
        APIField("category", serializer=api_fields.CategoryField()),
        "level",
        "language",
        "audience",
        APIField("training_hours", serializer=api_fields.HoursField()),
        "awards_certificate",
        "enrolment_opens_at",
        "enrolment_closes_at",
        APIField("cover", serializer=api_fields.CoverField("cover_image", api_fields.COURSE_COVER)),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "title_en",
        "summary",
        "category",
        "level",
        "language",
        "audience",
        "training_hours",
        "first_published_at",
    ]
    filter_names = ("category", "level", "language", "audience", "published_after", "published_before")

    def apply_filters(self, queryset, params):
        if "category" in params:
            queryset = queryset.filter(category__in=CourseCategory.objects.filter(id_or(params["category"], "slug")))
        for name, choices in (("level", Level), ("language", CourseLanguage), ("audience", Audience)):
            value = choice_param(params, name, choices)
            if value is not None:
                queryset = queryset.filter(**{name: value})
        after = date_param(params, "published_after")
        if after is not None:
            queryset = queryset.filter(first_published_at__gte=start_of_day(after))
        before = date_param(params, "published_before")
        if before is not None:
            queryset = queryset.filter(first_published_at__lte=end_of_day(before))
        return queryset

    def with_related(self, queryset):
        return queryset.select_related("category").prefetch_related(
            Prefetch("cover_image", queryset=self.cover_images(api_fields.COURSE_COVER))
        )


class LibraryAPIViewSet(CatalogueAPIViewSet):
    """Live, public library items: ``?type=&subject=<id or name>&language=&access=&date_from=&date_to=``.

    ``date_from``/``date_to`` compare the date issued (a year or a full date, Common or
    Buddhist Era); an item issued in a year only counts as issued through that whole year.
    """

    name = "library"
    model = LibraryItemPage
    body_fields = [
        "id",
        "title",
        "title_en",
        APIField("creators", serializer=api_fields.CreatorsField()),
        APIField("subjects", serializer=api_fields.SubjectsField()),
        APIField("description", serializer=api_fields.RichTextHTMLField()),
        "publisher",
        "date_issued",
        "item_type",
        APIField("dcmi_type", serializer=serializers.CharField(read_only=True)),
        "language",
        "identifier",
        "rights",
        "rights_url",
        "access",
        APIField("file", serializer=api_fields.LibraryFileField()),
        APIField("external_url", serializer=api_fields.ExternalUrlField()),
        APIField("cover", serializer=api_fields.LibraryCoverField("cover", api_fields.LIBRARY_COVER)),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "title_en",
        "creators",
        "item_type",
        "language",
        "date_issued",
        "access",
        "file",
        "first_published_at",
    ]
    filter_names = ("type", "subject", "language", "access", "date_from", "date_to")

    def apply_filters(self, queryset, params):
        for name, field, choices in (
            ("type", "item_type", ItemType),
            ("language", "language", ItemLanguage),
            ("access", "access", Access),
        ):
            value = choice_param(params, name, choices)
            if value is not None:
                queryset = queryset.filter(**{field: value})
        if "subject" in params:
            subjects = Subject.objects.filter(id_or(params["subject"], "name__iexact", "name_en__iexact"))
            queryset = queryset.filter(subjects__in=subjects)
        issued_from = issued_param(params, "date_from")
        if issued_from is not None:
            year, date = issued_from
            # Issued on or after the date, or in its year with the year alone given.
            queryset = queryset.filter(
                Q(year_issued__gt=year) | Q(year_issued=year, date_issued=str(year)) | Q(date_issued__gte=date)
            )
        issued_to = issued_param(params, "date_to", end=True)
        if issued_to is not None:
            year, date = issued_to
            queryset = queryset.filter(
                Q(year_issued__lt=year) | Q(year_issued=year, date_issued=str(year)) | Q(date_issued__lte=date)
            ).exclude(date_issued="")
        return queryset.distinct()

    def with_related(self, queryset):
        return (
            queryset.defer("full_text")
            .select_related("document")
            .prefetch_related(
                "creators",
                "subjects",
                Prefetch("cover", queryset=self.cover_images(api_fields.LIBRARY_COVER)),
            )
        )


class SeminarsAPIViewSet(CatalogueAPIViewSet):
    """Live, public seminars: ``?format=&audience=&starts_after=&starts_before=``.

    ``starts_after``/``starts_before`` (dates, Asia/Bangkok) keep the seminars with a session,
    not cancelled, that starts on or after / on or before the day (both: the same session).
    """

    name = "seminars"
    model = SeminarPage
    body_fields = [
        "id",
        "title",
        "title_en",
        "summary",
        APIField("description", serializer=api_fields.RichTextHTMLField()),
        "format",
        "audience",
        APIField("training_hours", serializer=api_fields.HoursField()),
        "requires_approval",
        "awards_certificate",
        APIField("speakers", serializer=api_fields.SpeakersField()),
        APIField("sessions", serializer=api_fields.SessionsField()),
        APIField("cover", serializer=api_fields.CoverField("cover_image", api_fields.SEMINAR_COVER)),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "title",
        "title_en",
        "summary",
        "format",
        "audience",
        "training_hours",
        "sessions",
        "first_published_at",
    ]
    filter_names = ("format", "audience", "starts_after", "starts_before")

    def apply_filters(self, queryset, params):
        for name, choices in (("format", SeminarFormat), ("audience", Audience)):
            value = choice_param(params, name, choices)
            if value is not None:
                queryset = queryset.filter(**{name: value})
        after = date_param(params, "starts_after")
        before = date_param(params, "starts_before")
        if after is not None or before is not None:
            sessions = SeminarSession.objects.not_cancelled()
            if after is not None:
                sessions = sessions.filter(starts_at__gte=start_of_day(after))
            if before is not None:
                sessions = sessions.filter(starts_at__lte=end_of_day(before))
            queryset = queryset.filter(pk__in=sessions.values("page_id"))
        return queryset

    def with_related(self, queryset):
        sessions = SeminarSession.objects.annotate(
            seats_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_STATUSES))
        ).order_by("starts_at", "pk")
        return queryset.prefetch_related(
            "speakers",
            Prefetch("sessions", queryset=sessions),
            Prefetch("cover_image", queryset=self.cover_images(api_fields.SEMINAR_COVER)),
        )


class PublicImagesAPIViewSet(PublicAPIMixin, ImagesAPIViewSet):
    """The images public pages show as covers and photos (``public_image_ids``), nothing else of the image library."""

    filter_backends = [FieldsFilter, OrderingFilter, ThaiSearchFilter]

    def get_queryset(self):
        return (
            self.model.objects.filter(public_image_ids())
            .exclude(collection__in=get_restricted_collection_ids(ANONYMOUS))
            .order_by("id")
        )


class PublicDocumentsAPIViewSet(PublicAPIMixin, DocumentsAPIViewSet):
    """The files anyone may download (``public_documents``): open library items' files."""

    filter_backends = [FieldsFilter, OrderingFilter, ThaiSearchFilter]

    def get_queryset(self):
        return public_documents(get_document_model().objects.all()).order_by("id")


api_router = WagtailAPIRouter("wagtailapi")
# The page types' own endpoints first: a course's, item's or seminar's ``detail_url`` leads to them.
api_router.register_endpoint("courses", CoursesAPIViewSet)
api_router.register_endpoint("library", LibraryAPIViewSet)
api_router.register_endpoint("seminars", SeminarsAPIViewSet)
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
