"""The catalogue index pages for courses (``/courses/``) and seminars (``/seminars/``)."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from home.index_pages import CatalogueIndexPage

from .categories import CourseCategory
from .course import CoursePage

# Newest first; courses published at the same moment (or never, for imported ones) by id.
NEWEST_FIRST = (F("first_published_at").desc(nulls_last=True), "-pk")


class CourseIndexPage(CatalogueIndexPage):
    """The course catalogue (``/courses/``): cards for the live, public courses beneath it,
    with filters, a Thai-aware keyword search, sort orders and pages (see ``courses.catalogue``)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course catalogue")

    def courses(self):
        """The courses this catalogue lists: its live, public ``CoursePage`` children."""
        return CoursePage.objects.child_of(self).live().public()

    def get_items(self, request):
        """The listed courses before any filter: newest first, with what their cards show."""
        # Imported here: courses.catalogue imports the course models, which import this module.
        from courses.catalogue import CatalogueChoices, find_courses

        return find_courses(self.courses(), CatalogueChoices())

    def home_items(self, request, limit):
        """The newest courses for the home page's section, which shows only their titles and summaries."""
        return list(self.courses().order_by(*NEWEST_FIRST)[:limit])

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import CatalogueForm, find_courses, paginate_courses

        # The generic index's listing is replaced, not refined: skip CatalogueIndexPage.get_context.
        context = super(CatalogueIndexPage, self).get_context(request, *args, **kwargs)
        form = CatalogueForm.from_params(request.GET, CourseCategory.objects.all())
        choices = form.choices
        items = paginate_courses(request, find_courses(self.courses(), choices), self.items_per_page)
        context.update({"items": items, "form": form, "choices": choices})
        return context


class SeminarIndexPage(CatalogueIndexPage):
    """The seminar index (``/seminars/``): upcoming sessions by default, past ones on request,
    filters by month, format and audience, and a month calendar (see ``courses.seminar_catalogue``)."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.SeminarPage"]
    max_count = 1

    class Meta:
        verbose_name = _("seminar index")

    def seminars(self):
        """The seminars this index lists: its live, public ``SeminarPage`` children."""
        from .seminars import SeminarPage

        return SeminarPage.objects.child_of(self).live().public()

    def get_items(self, request):
        return self.seminars().order_by(*NEWEST_FIRST)

    def home_items(self, request, limit):
        """The seminars with the soonest upcoming sessions (cancelled ones aside), for the home page's section.

        Each seminar comes once, with ``next_session_at``; the section shows its title and summary.
        """
        from django.db.models import Min, Q
        from django.utils import timezone

        upcoming = Q(sessions__ends_at__gt=timezone.now(), sessions__cancelled_at__isnull=True)
        return list(
            self.seminars()
            .annotate(next_session_at=Min("sessions__starts_at", filter=upcoming))
            .filter(next_session_at__isnull=False)
            .order_by("next_session_at", "pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        from courses.seminar_catalogue import seminar_index_context

        # The generic index's listing is replaced, not refined: skip CatalogueIndexPage.get_context.
        context = super(CatalogueIndexPage, self).get_context(request, *args, **kwargs)
        context.update(seminar_index_context(request, self.seminars(), self.items_per_page))
        return context
