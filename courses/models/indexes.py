"""The catalogue index pages for courses (``/courses/``) and seminars (``/seminars/``)."""

from django.utils.translation import gettext_lazy as _

from home.index_pages import CatalogueIndexPage


class CourseIndexPage(CatalogueIndexPage):
    """The course catalogue (``/courses/``): lists the courses beneath it."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")


class SeminarIndexPage(CatalogueIndexPage):
    """The seminar index (``/seminars/``): lists the seminars beneath it."""

    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("seminar index")
