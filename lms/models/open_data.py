"""Where the open data sets' latest files are, and what they cover.

The data sets themselves are described in code (``lms.open_data``: title, description,
licence, period, update frequency, columns); each build writes the CSV and JSON files to
media storage and records them here, one row per data set, replaced by the next build.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def open_data_upload_to(instance, filename):
    return f"open-data/{filename}"


class OpenDataFile(models.Model):
    """The latest build of one open data set (``slug`` names it in ``lms.open_data``)."""

    slug = models.SlugField(_("data set"), max_length=80, unique=True)
    built_at = models.DateTimeField(_("built"), default=timezone.now)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    suppressed_count = models.PositiveIntegerField(
        _("figures suppressed"), default=0, help_text=_("Figures counting fewer than five people, left out.")
    )
    csv_file = models.FileField(_("CSV file"), upload_to=open_data_upload_to, max_length=255, blank=True)
    json_file = models.FileField(_("JSON file"), upload_to=open_data_upload_to, max_length=255, blank=True)

    class Meta:
        verbose_name = _("open data file")
        verbose_name_plural = _("open data files")
        ordering = ["slug"]

    def __str__(self):
        return self.slug
