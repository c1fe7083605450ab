"""Behaviour shared by the catalogue index pages (courses, library, seminars)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.thai import segment_for_search


class CatalogueIndexPage(Page):
    """An index page listing its live child pages, newest first, a page at a time."""

    introduction = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    items_per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("search_text_segmented")]

    class Meta:
        abstract = True

    def search_text_segmented(self):
        return segment_for_search(f"{self.title} {self.introduction}")

    def get_items(self, request):
        """The pages this index lists; later issues narrow it to what the visitor may see."""
        return self.get_children().live().public().specific().order_by("-first_published_at")

    def home_items(self, request, limit):
        return list(self.get_items(request)[:limit])

    def paginate(self, request, items):
        paginator = Paginator(items, self.items_per_page)
        try:
            return paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            return paginator.page(1)
        except EmptyPage:
            return paginator.page(paginator.num_pages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = self.paginate(request, self.get_items(request))
        return context


__all__ = ["CatalogueIndexPage", "models"]
