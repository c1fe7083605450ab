"""The platform's user: e-mail login, Thai and English names, learner type and agency."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class NamePrefix(models.TextChoices):
    MR = "นาย", _("Mr (นาย)")
    MRS = "นาง", _("Mrs (นาง)")
    MISS = "นางสาว", _("Miss (นางสาว)")
    DR = "ดร.", _("Dr (ดร.)")
    ASST_PROF = "ผศ.", _("Asst. Prof. (ผศ.)")
    ASSOC_PROF = "รศ.", _("Assoc. Prof. (รศ.)")
    PROF = "ศ.", _("Prof. (ศ.)")


ENGLISH_PREFIX = {
    "นาย": "Mr",
    "นาง": "Mrs",
    "นางสาว": "Miss",
    "ดร.": "Dr",
    "ผศ.": "Asst. Prof.",
    "รศ.": "Assoc. Prof.",
    "ศ.": "Prof.",
}


class LearnerType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    STATE_ENTERPRISE = "state_enterprise", _("State-enterprise employee")
    CITIZEN = "citizen", _("Citizen")


def normalise_email(email):
    """E-mail addresses are compared without regard to case, so they are stored lower-cased."""
    return (email or "").strip().lower()


class EmailUserManager(UserManager):
    """Creates users keyed by e-mail and finds them whatever the letter case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Addresses are stored lower-cased, so an exact match is a case-insensitive one.
        # (Not ``iexact``: PostgreSQL's UPPER() maps look-alikes such as "ı" onto "I", which
        # would let "admın@…" reach "admin@…" under a throttle key of its own.)
        return self.get(email=normalise_email(username))


class User(AbstractUser):
    """A person with an account: a civil servant, state-enterprise employee or citizen.

    ``first_name``/``last_name`` hold the Thai name; the English name is printed on
    certificates. Civil servants and state-enterprise staff belong to an ``Agency``.
    Learner records in ``courses`` point here.
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    name_prefix = models.CharField(_("name prefix"), max_length=16, choices=NamePrefix.choices, blank=True)
    first_name = models.CharField(_("first name (Thai)"), max_length=150, blank=True)
    last_name = models.CharField(_("last name (Thai)"), max_length=150, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=150, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=150, blank=True)
    learner_type = models.CharField(
        _("learner type"), max_length=32, choices=LearnerType.choices, default=LearnerType.CITIZEN
    )
    agency = models.ForeignKey(
        "lms.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("th", "ไทย"), ("en", "English")], default="th"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="lms_user_email_case_insensitive_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)
        if self.needs_agency and not self.agency_id:
            raise ValidationError({"agency": _("Civil servants and state-enterprise staff must choose their agency.")})
        if self.email and User.objects.filter(email=self.email).exclude(pk=self.pk).exists():
            raise ValidationError({"email": _("An account with this e-mail address already exists.")})

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def needs_agency(self):
        return self.learner_type in (LearnerType.CIVIL_SERVANT, LearnerType.STATE_ENTERPRISE)

    def get_full_name(self):
        """The Thai full name as Thai writes it: the prefix joined to the first name."""
        name = f"{self.first_name} {self.last_name}".strip()
        if name and self.name_prefix:
            return f"{self.name_prefix}{name}"
        return name

    def get_short_name(self):
        return self.first_name or self.email

    def get_full_name_en(self):
        """The English name for certificates, e.g. "Miss Suda Rakthai"."""
        name = f"{self.first_name_en} {self.last_name_en}".strip()
        prefix = ENGLISH_PREFIX.get(self.name_prefix, "")
        return f"{prefix} {name}".strip() if name else ""
