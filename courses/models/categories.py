"""Course categories: a snippet editors pick from (digital skills, law and regulation, ...)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class CourseCategory(models.Model):
    """A subject area a ``CoursePage`` belongs to; the catalogue filters by it."""

    name = models.CharField(_("name (Thai)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in catalogue filter links, e.g. digital-skills.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("course category")
        verbose_name_plural = _("course categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the visitor's language (Thai when no English name is given)."""
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name
