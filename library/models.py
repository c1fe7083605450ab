"""The e-library. The index page lives here; items, search and OAI-PMH arrive with their issue."""

from django.utils.translation import gettext_lazy as _

from home.index_pages import CatalogueIndexPage


class LibraryIndexPage(CatalogueIndexPage):
    """The e-library (``/library/``): lists the items beneath it."""

    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("e-library")
