"""The course editor's form: checks that make a course impossible to enrol in are refused."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class CoursePageForm(WagtailAdminPageForm):
    """Refuses a course that nobody could ever enrol in.

    A course for "the listed agencies" needs at least one agency, and a course may not
    require itself, directly or through other courses' prerequisites.
    """

    def clean(self):
        cleaned = super().clean()
        from .models import Audience, CoursePage

        if cleaned.get("audience") == Audience.AGENCIES and not cleaned.get("audience_agencies"):
            self.add_error("audience_agencies", _("Choose the agencies whose staff may enrol."))
        prerequisites = cleaned.get("prerequisites")
        if prerequisites and self.instance.pk and self._requires_itself(CoursePage, prerequisites):
            self.add_error(
                "prerequisites",
                _("A course cannot require itself, directly or through the courses it requires."),
            )
        return cleaned

    def _requires_itself(self, course_model, prerequisites):
        through = course_model.prerequisites.through
        seen, frontier = set(), {course.pk for course in prerequisites}
        # Prerequisite chains are short; walk them one level per query.
        while frontier:
            if self.instance.pk in frontier:
                return True
            seen |= frontier
            frontier = (
                set(through.objects.filter(from_coursepage_id__in=frontier).values_list("to_coursepage_id", flat=True))
                - seen
            )
        return False
