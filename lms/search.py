"""Thai-aware search for pages, the same on every search backend.

Backends split text on spaces; Thai has none between words. A page indexes a segmented
copy of its text (``search_text_segmented``, with compound words also split into their
parts), and queries are segmented the same way before they reach the backend.

Usage on a page model::

    class CoursePage(SegmentedSearchMixin, Page):
        search_fields = [*Page.search_fields, index.SearchField("search_text_segmented")]

        def get_search_parts(self):
            return [self.summary, self.description]
"""

import re

from django.utils.html import strip_tags

from lms.thai import segment_for_index, segment_for_search


class SegmentedSearchMixin:
    """Gives a page a Thai-segmented text field for the search index."""

    def get_search_parts(self):
        """Texts (plain or HTML) to index besides the title and search description."""
        return []

    def search_text_segmented(self):
        parts = [self.title, getattr(self, "search_description", "")]
        parts.extend(self.get_search_parts())
        text = " ".join(strip_tags(str(p)) for p in parts if p)
        return segment_for_index(text)


# Anything but letters, digits and Thai (Thai vowel and tone marks are not \w): quotes and
# operators would otherwise reach the backend's query parser (SQLite FTS5 fails on a stray
# double quote).
NOT_A_WORD = re.compile(r"[^\w\u0E00-\u0E7F]+")


def prepare_query(query):
    """The visitor's query without punctuation, segmented like the index."""
    return segment_for_search(NOT_A_WORD.sub(" ", query or ""))
