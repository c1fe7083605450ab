"""What OAI-PMH harvesters see change: one row per item identifier, kept after unpublishing or deletion.

``OaiRecord`` carries the datestamp (the last time the item's public record changed:
published, edited and published, unpublished, deleted), whether it is deleted (unpublished
or gone: harvesters are told, ``deletedRecord`` is ``persistent``), and the set specs it
belonged to. It is kept by signals (``library.oai``), so ``from``/``until`` and resumption
work on one indexed table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OaiRecord(models.Model):
    identifier = models.CharField(_("identifier"), max_length=255, unique=True)
    page = models.ForeignKey(
        "library.LibraryItemPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    datestamp = models.DateTimeField(_("datestamp"), db_index=True)
    deleted = models.BooleanField(_("deleted"), default=False)
    # Space-separated setSpecs ("type:book subject:12") the record belongs to (kept for deleted records too).
    set_specs = models.TextField(_("sets"), blank=True)

    class Meta:
        verbose_name = _("OAI-PMH record")
        verbose_name_plural = _("OAI-PMH records")
        ordering = ["datestamp", "pk"]

    def __str__(self):
        return self.identifier
