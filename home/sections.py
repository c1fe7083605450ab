"""The home page's sections, each fed by another app's index page.

Each index page offers ``home_items(request, limit)``; as the courses, library and
seminars issues land, their index pages return real courses, items and sessions here.
"""

from courses.models import CourseIndexPage, SeminarIndexPage
from library.models import LibraryIndexPage

SECTIONS = [
    ("courses", CourseIndexPage),
    ("library", LibraryIndexPage),
    ("seminars", SeminarIndexPage),
]


def home_sections(request, limit=3):
    """A list of dicts: the section key, its index page and up to ``limit`` items."""
    sections = []
    for key, model in SECTIONS:
        index_page = model.objects.live().first()
        if index_page is None:
            continue
        sections.append({"key": key, "index": index_page, "items": index_page.home_items(request, limit)})
    return sections
