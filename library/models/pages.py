"""The e-library's pages: the index (``/library/``) and its items, catalogued in Dublin Core.

``LibraryItemPage`` holds one item's Dublin Core record (title, English title, creators in
order, subjects, description, publisher, date issued, type, format, language, identifier,
rights, access), its file (a Wagtail document) and/or external address, a cover (uploaded,
or drawn from the PDF's first page) and the courses it relates to. What the file holds as
text is kept in ``full_text`` for the search index. Listing, facets and search are in
``library.catalogue``; files and access in ``library.access``; OAI-PMH in ``library.oai``.
"""

import datetime
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.index_pages import CatalogueIndexPage
from lms.search import SegmentedSearchMixin

DESCRIPTION_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ItemType(models.TextChoices):
    BOOK = "book", _("Book")
    EBOOK = "ebook", _("E-book")
    REPORT = "report", _("Report")
    MANUAL = "manual", _("Manual or guide")
    RESEARCH = "research", _("Research")
    LAW = "law", _("Law and regulation")
    INFOGRAPHIC = "infographic", _("Infographic")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    COURSE_MATERIAL = "course_material", _("Course material")


# The DCMI Type Vocabulary term of each type, for dc:type in OAI-PMH beside the local term.
DCMI_TYPES = {
    ItemType.BOOK: "Text",
    ItemType.EBOOK: "Text",
    ItemType.REPORT: "Text",
    ItemType.MANUAL: "Text",
    ItemType.RESEARCH: "Text",
    ItemType.LAW: "Text",
    ItemType.INFOGRAPHIC: "StillImage",
    ItemType.VIDEO: "MovingImage",
    ItemType.AUDIO: "Sound",
    ItemType.COURSE_MATERIAL: "Text",
}


class ItemLanguage(models.TextChoices):
    """The item's language as a BCP 47 tag (``dc:language``)."""

    THAI = "th", _("Thai")
    ENGLISH = "en", _("English")
    MULTIPLE = "mul", _("Thai and English")


class Access(models.TextChoices):
    """Who may open the item's file: anyone, anyone signed in, or civil servants only."""

    OPEN = "open", _("Open to everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants only")


YEAR = re.compile(r"^[0-9]{4}$")
FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A year of 2400 or later is taken as a Buddhist Era year (Thai documents give พ.ศ.).
BUDDHIST_ERA_FROM = 2400
BUDDHIST_ERA_OFFSET = 543


def normalise_date_issued(value, today=None):
    """``value`` ("2024", "2024-05-01", or the same in the Buddhist Era) as ISO ``YYYY`` or ``YYYY-MM-DD``.

    Thai digits are read as digits. Empty gives "". Raises ``ValidationError`` with a
    sentence for people otherwise.
    """
    value = (value or "").strip().translate(THAI_DIGITS)
    if not value:
        return ""
    today = today or timezone.localdate()
    if YEAR.match(value):
        year = int(value)
        if year >= BUDDHIST_ERA_FROM:
            year -= BUDDHIST_ERA_OFFSET
        if not 1000 <= year <= today.year + 1:
            raise ValidationError(
                _("The year %(year)s is not possible."), code="impossible_year", params={"year": value}
            )
        return f"{year:04d}"
    if FULL_DATE.match(value):
        year, month, day = (int(part) for part in value.split("-"))
        if year >= BUDDHIST_ERA_FROM:
            year -= BUDDHIST_ERA_OFFSET
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("%(date)s is not a date."), code="impossible_date", params={"date": value}
            ) from None
        if not 1000 <= date.year or date > today + datetime.timedelta(days=366):
            raise ValidationError(
                _("The date %(date)s is not possible."), code="impossible_date", params={"date": value}
            )
        return date.isoformat()
    raise ValidationError(
        _("Give the date issued as a year (2024 or 2567) or a full date (2024-05-01)."),
        code="invalid_date",
    )


def new_local_identifier():
    """A local identifier for an item that has none of its own (no ISBN, DOI or handle)."""
    return f"local:{uuid.uuid4().hex[:16]}"


IDENTIFIER_KINDS = (
    ("doi", re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)),
    ("isbn", re.compile(r"^(?:isbn:?\s*)?(?:97[89][- ]?)?(?:\d[- ]?){9}[\dxX]$", re.I)),
    ("handle", re.compile(r"^(?:hdl:|https?://hdl\.handle\.net/)\S+/\S+$", re.I)),
)


def identifier_kind(identifier):
    """``"doi"``, ``"isbn"``, ``"handle"`` or ``"local"``: what sort of identifier this is."""
    for kind, pattern in IDENTIFIER_KINDS:
        if pattern.match(identifier or ""):
            return kind
    return "local"


class Subject(models.Model):
    """A subject heading (``dc:subject``), shared by items; a facet and an OAI-PMH set."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)

    panels = [FieldPanel("name"), FieldPanel("name_en")]

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]
        # Librarians' right to the CSV import (``manage.py import_library`` and its admin form).
        permissions = [("import_items", _("Can import library items from a CSV file"))]

    def __str__(self):
        return self.name

    def display_name(self, language="th"):
        return self.name_en if (language or "th").startswith("en") and self.name_en else self.name


class LibraryIndexPage(CatalogueIndexPage):
    """The e-library (``/library/``): facets, search and sorting over the items beneath it."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["library.LibraryItemPage"]
    max_count = 1
    items_per_page = 20

    class Meta:
        verbose_name = _("e-library")

    def get_items(self, request):
        """The items the library lists: its live, public item pages, newest first (see ``library.catalogue``)."""
        from library.catalogue import NEWEST_FIRST

        return LibraryItemPage.objects.child_of(self).live().public().defer("full_text").order_by(*NEWEST_FIRST)

    def get_context(self, request, *args, **kwargs):
        from library.catalogue import browse

        # The generic index's listing is replaced, not refined: skip CatalogueIndexPage.get_context.
        context = super(CatalogueIndexPage, self).get_context(request, *args, **kwargs)
        context.update(browse(request, self.get_items(request), self.items_per_page))
        return context


class LibraryItemPage(SegmentedSearchMixin, Page):
    """One item of the e-library with its Dublin Core record, file and cover."""

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    title_en = models.CharField(_("English title"), max_length=255, blank=True)
    subjects = ParentalManyToManyField(Subject, verbose_name=_("subjects"), blank=True, related_name="items")
    description = RichTextField(_("description"), features=DESCRIPTION_FEATURES, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    date_issued = models.CharField(
        _("date issued"),
        max_length=10,
        blank=True,
        help_text=_("A year (2024, or 2567 in the Buddhist Era) or a full date (2024-05-01)."),
    )
    # The Common Era year of ``date_issued``, for the year facet and sorting (kept by ``clean``/``save``).
    year_issued = models.PositiveSmallIntegerField(_("year issued"), null=True, blank=True, editable=False)
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices, default=ItemType.BOOK)
    language = models.CharField(_("language"), max_length=3, choices=ItemLanguage.choices, default=ItemLanguage.THAI)
    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("ISBN, DOI, handle or the library's own number. Left empty, the library gives one."),
    )
    rights = models.CharField(
        _("licence"), max_length=255, blank=True, help_text=_("E.g. CC BY 4.0, or All rights reserved.")
    )
    rights_url = models.URLField(_("licence address"), blank=True)
    access = models.CharField(_("access"), max_length=20, choices=Access.choices, default=Access.OPEN)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("PDF, EPUB, DOCX, MP4 or MP3."),
    )
    external_url = models.URLField(_("external address"), blank=True, max_length=500)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Left empty, a cover is drawn from the first page of the PDF."),
    )
    # The cover was drawn from the PDF, not chosen: it is drawn again when the file changes.
    cover_generated = models.BooleanField(default=False, editable=False)
    related_courses = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("related courses"), blank=True, related_name="library_items"
    )
    # The file's media type (dc:format) and the text extracted from it, kept with the document they came from.
    file_format = models.CharField(_("format"), max_length=100, blank=True, editable=False)
    full_text = models.TextField(_("full text"), blank=True, editable=False)
    extracted_document_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_en"),
        InlinePanel("creators", label=_("Creators"), heading=_("Creators (in the order they are credited)")),
        FieldPanel("description"),
        FieldPanel("subjects"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("item_type"), FieldPanel("language")]),
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("date_issued")]),
                FieldPanel("identifier"),
            ],
            heading=_("Catalogue record"),
        ),
        MultiFieldPanel(
            [FieldPanel("document"), FieldPanel("external_url"), FieldPanel("cover"), FieldPanel("access")],
            heading=_("File and access"),
        ),
        MultiFieldPanel([FieldPanel("rights"), FieldPanel("rights_url")], heading=_("Rights")),
        FieldPanel("related_courses"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text_segmented"),
        index.FilterField("item_type"),
        index.FilterField("language"),
        index.FilterField("access"),
        index.FilterField("year_issued"),
    ]

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [models.Index(fields=["item_type"]), models.Index(fields=["year_issued"])]

    def get_context(self, request, *args, **kwargs):
        from library.catalogue import item_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(item_page_context(request, self))
        return context

    def get_search_parts(self):
        parts = [self.title_en, self.description, self.publisher, self.identifier]
        parts.extend(creator.name for creator in self.creators.all())
        for subject in self.subjects.all():
            parts.extend([subject.name, subject.name_en])
        if self.access == Access.OPEN:
            # A restricted file's words would tell anyone what it holds: only open files' text is searched.
            parts.append(self.full_text)
        return parts

    def clean(self):
        super().clean()
        errors = {}
        try:
            self.date_issued = normalise_date_issued(self.date_issued)
        except ValidationError as error:
            errors["date_issued"] = error.messages
        if not self.document_id and not self.external_url:
            errors["document"] = _("Give the item a file, an external address, or both.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.identifier:
            self.identifier = new_local_identifier()
        try:
            # Saved from code without ``full_clean`` (an import, the demo): the same Common Era date.
            self.date_issued = normalise_date_issued(self.date_issued)
        except ValidationError:
            pass  # kept as typed; the editor's form refuses it with the reason
        self.year_issued = int(self.date_issued[:4]) if self.date_issued[:4].isdigit() else None
        update_fields = kwargs.get("update_fields")
        if self.document_id != self.extracted_document_id and (update_fields is None or "document" in update_fields):
            # A new or changed file: its format, its text for the search index and, when no
            # cover was chosen, a cover drawn from its first page (``library.files``).
            from library.files import refresh_from_document

            refresh_from_document(self)
        else:
            from library.files import drop_restricted_cover

            drop_restricted_cover(self)
        result = super().save(*args, **kwargs)
        if self.document_id:
            # Remembered for good, drafts included (``save_revision`` saves the page too).
            from library.models.usage import LibraryFile

            LibraryFile.objects.get_or_create(document_id=self.document_id, item_id=self.pk)
        return result

    @property
    def identifier_kind(self):
        return identifier_kind(self.identifier)

    @property
    def dcmi_type(self):
        return DCMI_TYPES.get(self.item_type, "Text")

    def creator_names(self):
        return [creator.name for creator in self.creators.all()]

    def display_title(self, language="th"):
        return self.title_en if (language or "th").startswith("en") and self.title_en else self.title


class LibraryItemCreator(Orderable):
    """One creator of an item (``dc:creator``): a person or an agency, in the order they are credited."""

    page = ParentalKey(LibraryItemPage, on_delete=models.CASCADE, related_name="creators")
    name = models.CharField(_("name"), max_length=255)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("creator")
        verbose_name_plural = _("creators")

    def __str__(self):
        return self.name
