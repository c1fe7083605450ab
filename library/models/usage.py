"""How often each library item is viewed and downloaded, per day and in all.

A visitor counts once per item, kind and day (``ItemVisit`` remembers a keyed hash of who,
never the address itself); known bots are left out before anything is written
(``library.usage``). ``ItemUsageDay`` gives the figures per day (the admin and open data),
``ItemUsageTotal`` the running totals (the item page and the "most downloaded" order).
The totals live outside the page so that publishing a revision never rewinds them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageKind(models.TextChoices):
    VIEW = "view", _("View")
    DOWNLOAD = "download", _("Download")


class ItemVisit(models.Model):
    """One visitor's view or download of one item on one day (kept for a while, to count each once)."""

    item = models.ForeignKey("library.LibraryItemPage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=UsageKind.choices)
    visitor = models.CharField(_("visitor"), max_length=64)

    class Meta:
        verbose_name = _("item visit")
        verbose_name_plural = _("item visits")
        constraints = [
            models.UniqueConstraint(fields=["item", "day", "kind", "visitor"], name="library_itemvisit_once_a_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.item_id} {self.kind} {self.day}"


class ItemUsageDay(models.Model):
    """Views and downloads of one item on one day (Asia/Bangkok)."""

    item = models.ForeignKey("library.LibraryItemPage", on_delete=models.CASCADE, related_name="usage_days")
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("daily usage")
        verbose_name_plural = _("daily usage")
        constraints = [models.UniqueConstraint(fields=["item", "day"], name="library_itemusageday_one_per_day")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.item_id} {self.day}: {self.views}/{self.downloads}"


class ItemUsageTotal(models.Model):
    """All views and downloads of one item."""

    item = models.OneToOneField(
        "library.LibraryItemPage", on_delete=models.CASCADE, primary_key=True, related_name="usage_total"
    )
    views = models.PositiveIntegerField(_("views"), default=0)
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("usage total")
        verbose_name_plural = _("usage totals")
        indexes = [models.Index(fields=["-downloads"])]

    def __str__(self):
        return f"{self.item_id}: {self.views}/{self.downloads}"


class LibraryFile(models.Model):
    """A document that has been the file of a library item, in a draft or a published version.

    Kept after the item changes its file or is deleted (``item_id`` is a plain number), so
    that ``library.access.check_document`` knows an old, draft or orphaned file is a library
    file and keeps it behind the rules instead of letting Wagtail serve it to anyone.
    """

    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    item_id = models.PositiveIntegerField(_("item"))

    class Meta:
        verbose_name = _("library file")
        verbose_name_plural = _("library files")
        constraints = [models.UniqueConstraint(fields=["document", "item_id"], name="library_libraryfile_once")]

    def __str__(self):
        return f"document {self.document_id} of item {self.item_id}"
