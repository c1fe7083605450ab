"""Behaviour shared by the catalogue index pages (courses, library, seminars)."""

import html

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.search import SegmentedSearchMixin

SUMMARY_FIELDS = ("search_description", "summary", "introduction", "intro")


def card_summary(page, words=30):
    """The plain text a card shows for a page: its search description, else its summary or introduction.

    Rich text loses its tags and entities (``<p>Who &amp; why</p>`` gives ``Who & why``);
    the template escapes the result like any other text.
    """
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, "")
        if value:
            return Truncator(html.unescape(strip_tags(str(value))).strip()).words(words)
    return ""


def with_card_summaries(pages):
    """Give each page a ``card_summary`` attribute for ``includes/blocks/page_card.html``; returns the pages."""
    for page in pages:
        page.card_summary = card_summary(page)
    return pages


def paginate(request, items, per_page):
    """One page of ``items`` for the ``page`` query parameter; out-of-range numbers give the last page.

    The page carries ``elided_range`` (numbers with "…" gaps) for the pagination include.
    """
    paginator = Paginator(items, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


class CatalogueIndexPage(SegmentedSearchMixin, Page):
    """An index page listing its live child pages, newest first, a page at a time."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    items_per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("search_text_segmented")]

    class Meta:
        abstract = True

    def get_search_parts(self):
        return [self.introduction]

    def get_items(self, request):
        """The pages this index lists; later issues narrow it to what the visitor may see."""
        return (
            self.get_children()
            .live()
            .public()
            .specific()
            .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        )

    def home_items(self, request, limit):
        """Up to ``limit`` of the newest items, for the home page's section."""
        return list(self.get_items(request)[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = with_card_summaries(paginate(request, self.get_items(request), self.items_per_page))
        return context
