"""Certificates: what a learner shows an employer, and what anyone can check by its code.

A ``Certificate`` is issued by ``courses.services.certificates`` when a learner completes
a course that awards one (and, with the seminars issue, for attending a seminar). It keeps
what it certified as it was at issue: the holder's Thai and English names, the training's
title, the hours and the issuer, so a later edit of the course or the account does not
change a certificate already given. Its ``code`` is the public key to it: 28 characters
drawn with ``secrets`` from a 32-letter alphabet (140 bits), shown in groups of four
("7QKM-3TXA-…"); anyone who has it sees the verification page. Who signs certificates is
chosen in the site settings (``home.Signatory``); a course may choose its own.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper is not misread.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 28  # 28 × 5 bits = 140 bits
CODE_GROUP = 4
# What people type for the letters the alphabet leaves out.
CODE_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code():
    """A fresh certificate code (28 characters, 140 bits from ``secrets``)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value):
    """The stored form of a code as someone typed it, or None when it cannot be one.

    Any case, with or without spaces and dashes; O, I and L read as 0, 1 and 1. At most
    200 characters are looked at, so a very long input is refused without work.
    """
    if not isinstance(value, str) or len(value) > 200:
        return None
    text = "".join(value.split()).replace("-", "").replace("\u2010", "").replace("\u2013", "").upper()
    text = text.translate(CODE_LOOKALIKES)
    if len(text) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in text):
        return None
    return text


def grouped_code(code):
    """The code as printed and shown: groups of four joined by dashes."""
    return "-".join(code[position : position + CODE_GROUP] for position in range(0, len(code), CODE_GROUP))


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def expired(self, today=None):
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True, expires_on__lt=today)

    def valid(self, today=None):
        """Neither revoked nor past its expiry date."""
        today = today or timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


def certificate_upload_to(certificate, filename):
    return f"certificates/{certificate.issued_at:%Y}/{certificate.code}.pdf"


class Certificate(models.Model):
    """A certificate given to one learner for one completed course (or attended seminar).

    ``source_key`` names what it was issued for ("course:<enrolment id>:<completion time>"):
    unique, so issuing twice for the same completion gives one certificate. ``pdf`` is made
    once, at issue, and kept in media storage; an administrator may make it again (after a
    name correction), and the code stays.
    """

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    seminar = models.ForeignKey(
        "courses.SeminarPage",
        verbose_name=_("seminar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    source_key = models.CharField(_("issued for"), max_length=120, unique=True, editable=False)
    title_th = models.CharField(_("training (Thai)"), max_length=255)
    title_en = models.CharField(_("training (English)"), max_length=255, blank=True)
    holder_name_th = models.CharField(_("holder's name (Thai)"), max_length=255)
    holder_name_en = models.CharField(_("holder's name (English)"), max_length=255, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    issuer_name_th = models.CharField(_("issuer (Thai)"), max_length=255)
    issuer_name_en = models.CharField(_("issuer (English)"), max_length=255, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), max_length=1000, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=certificate_upload_to, blank=True, max_length=255)
    pdf_generated_at = models.DateTimeField(_("PDF made"), null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["user", "course"]), models.Index(fields=["issued_at"])]

    def __str__(self):
        return f"{self.grouped_code} · {self.holder_name_th}"

    @property
    def grouped_code(self):
        return grouped_code(self.code)

    def status(self, today=None):
        """``CertificateStatus`` today: revoked, expired (after ``expires_on``) or valid."""
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        today = today or timezone.localdate()
        if self.expires_on is not None and self.expires_on < today:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def is_valid(self):
        return self.status() == CertificateStatus.VALID
