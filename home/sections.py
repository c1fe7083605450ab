"""The home page's sections, each fed by another app's index page.

Each index page offers ``home_items(request, limit)``; as the courses, library and
seminars issues land, their index pages return real courses, items and sessions here.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from courses.models import CourseIndexPage, SeminarIndexPage
from home.index_pages import with_card_summaries
from library.models import LibraryIndexPage


@dataclass(frozen=True)
class Section:
    """What the home page says about one index page: its link text and its empty state."""

    key: str
    model: type
    more_text: Promise
    empty_text: Promise


SECTIONS = [
    Section("courses", CourseIndexPage, _("All courses"), _("No courses yet.")),
    Section("library", LibraryIndexPage, _("The whole library"), _("No library items yet.")),
    Section("seminars", SeminarIndexPage, _("All seminars"), _("No seminars yet.")),
]


def home_sections(request, limit=3):
    """A list of dicts, one per live index page: ``key``, ``index``, up to ``limit`` ``items``,
    and the texts ``more_text`` and ``empty_text``."""
    sections = []
    for section in SECTIONS:
        index_page = section.model.objects.live().public().first()
        if index_page is None:
            continue
        sections.append(
            {
                "key": section.key,
                "index": index_page,
                "items": with_card_summaries(index_page.home_items(request, limit)),
                "more_text": section.more_text,
                "empty_text": section.empty_text,
            }
        )
    return sections
