"""Government agencies: a ministry > department > division tree that users belong to."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class AgencyQuerySet(models.QuerySet):
    """Queries over the agency tree.

    Example: ``Agency.objects.ministries()`` or ``Agency.objects.within(ocsc)`` for an
    agency and everything under it (used by training officers' reports).
    """

    def ministries(self):
        return self.filter(parent__isnull=True)

    def within(self, agency):
        """The agency (an ``Agency`` or its id) and all its descendants (at most three levels deep)."""
        root_id = getattr(agency, "pk", agency)
        ids = {root_id}
        frontier = {root_id}
        while frontier:
            frontier = set(self.model.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return self.filter(pk__in=ids)


class Agency(models.Model):
    """A government body: a ministry, a department under it, or a division under that.

    Users (``lms.User``) belong to one agency; training officers act for an agency and
    its sub-agencies.
    """

    class Level(models.TextChoices):
        MINISTRY = "ministry", _("Ministry or equivalent")
        DEPARTMENT = "department", _("Department or equivalent")
        DIVISION = "division", _("Division")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.MINISTRY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_state_enterprise = models.BooleanField(_("state enterprise"), default=False)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the visitor's language, falling back to Thai."""
        if (get_language() or "th").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id:
            node, depth = self.parent, 1
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("An agency cannot be placed under itself.")})
                node, depth = node.parent, depth + 1
            if depth > 3:
                raise ValidationError({"parent": _("The agency tree has at most three levels.")})
