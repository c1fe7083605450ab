"""Consent to the privacy notice (PDPA): who accepted which version, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """One acceptance of one version of the privacy notice (``home.PrivacyNoticePage``).

    Records are never edited: a new version of the notice means a new record. The
    address and time are kept as evidence of consent.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="consents"
    )
    notice = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("privacy notice"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.CharField(_("version"), max_length=32)
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-accepted_at"]
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="lms_consent_once_per_version")]

    def __str__(self):
        return f"{self.user} — {self.version}"
