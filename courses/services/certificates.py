"""Issuing, revoking and regenerating certificates.

- ``issue_for_enrolment`` gives a learner the certificate of a course they completed, when
  the course awards one: one per completion (``Certificate.source_key`` is unique, so a
  second call, or two at once, give the same certificate), and none while the learner
  holds a valid certificate of that course (a new one only after the old one expired or
  was revoked and the course was completed again). Connected to
  ``courses.signals.course_completed`` through a task (``courses.tasks``).
- ``issue_certificate`` is the general form the seminars issue calls for attendance.
- The PDF is made once, at issue, and kept in media storage; ``regenerate_pdf`` makes it
  again from the holder's current names (after a correction), keeping the code. The row is
  committed before the PDF is drawn: a PDF that fails (storage down, a broken image) leaves
  the certificate without one, logged, and ``ensure_pdf`` (called again by every later
  issue and by ``manage.py make_missing_certificate_pdfs``) makes it then.
- ``revoke`` needs a reason; revocations and regenerations go to Wagtail's audit log.
- ``renew`` lets a learner whose certificate of a course expired take the course again: a
  new round of the same enrolment (``Enrolment.round_started_at``), counted from zero,
  whose completion issues a new certificate with a new code. The expired one stays as it
  was, with the hours of the first round.

Every function runs in one transaction and raises ``CertificateError`` (``code``,
``message``) for what cannot be done.
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..certificate_pdf import render_certificate
from ..models import Certificate, CertificateStatus, Enrolment, EnrolmentStatus

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """Why a certificate action cannot be done: ``code`` for code, ``message`` for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def expiry_date(issued_on, months):
    """The last day a certificate issued on ``issued_on`` and valid for ``months`` is valid.

    Valid for 12 months from 24 November 2026 means up to and including 23 November 2027.
    """
    return add_months(issued_on, months) - datetime.timedelta(days=1)


def add_months(day, months):
    """``day`` plus ``months`` calendar months (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def site_settings():
    """The default site's ``home.SiteSettings`` (issuer names, logo, signatories), from the shared cache.

    A fresh copy for reading (``home.site_cache``); never saved from here.
    """
    from home import site_cache
    from home.models import SiteSettings

    sites = site_cache.cached_sites()
    site = next((site for site in sites if site.is_default_site), sites[0] if sites else None)
    return site_cache.settings_for_site(site) if site is not None else SiteSettings()


def verification_url(certificate):
    """The absolute address of the certificate's public verification page (printed and in the QR code).

    ``/certificates/verify/<code>/`` is a public contract (docs DESIGN.md): printed
    certificates carry it for years, so it is written out here rather than looked up.
    """
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/certificates/verify/{certificate.grouped_code}/"


def signatories_for(course, settings_row=None):
    """The one or two signatories of ``course``'s certificates: the course's own, else the site's."""
    if course is not None and (course.certificate_signatory_id or course.certificate_signatory_2_id):
        chosen = [course.certificate_signatory, course.certificate_signatory_2]
    else:
        settings_row = settings_row or site_settings()
        chosen = [settings_row.certificate_signatory, settings_row.certificate_signatory_2]
    return [signatory for signatory in chosen if signatory is not None]


def _store_pdf(certificate, settings_row=None, now=None):
    settings_row = settings_row or site_settings()
    course = certificate.course.specific if certificate.course_id else None
    content = render_certificate(
        certificate,
        verification_url(certificate),
        signatories=signatories_for(course, settings_row),
        logo=settings_row.logo,
    )
    old_name = certificate.pdf.name if certificate.pdf else ""
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
    certificate.pdf_generated_at = now or timezone.now()
    certificate.save(update_fields=["pdf", "pdf_generated_at"])
    if old_name and old_name != certificate.pdf.name:
        transaction.on_commit(lambda: certificate.pdf.storage.delete(old_name))
    return content


def issue_certificate(
    *, user, source_key, title_th, title_en="", hours, course=None, valid_months=None, now=None, make_pdf=True, **extra
):
    """Issue (or find) the certificate for ``source_key``: ``(certificate, created)``.

    The holder's names and the issuer are taken as they are now. ``extra`` are further
    ``Certificate`` fields (the seminars issue passes its seminar).
    """
    now = now or timezone.now()
    existing = Certificate.objects.filter(source_key=source_key).first()
    if existing is not None:
        if make_pdf:
            ensure_pdf(existing)
        return existing, False
    settings_row = site_settings()
    certificate = Certificate(
        user=user,
        course=course,
        source_key=source_key,
        title_th=title_th,
        title_en=title_en,
        # Never the e-mail address: the name is shown on the public verification page.
        holder_name_th=user.get_full_name() or user.get_full_name_en(),
        holder_name_en=user.get_full_name_en(),
        hours=hours or 0,
        issuer_name_th=settings_row.organisation_name_th,
        issuer_name_en=settings_row.organisation_name_en,
        issued_at=now,
        expires_on=expiry_date(timezone.localdate(now), valid_months) if valid_months else None,
        **extra,
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        # The same completion issued by a request racing this one (or, once in 2^140, a code
        # drawn twice): the unique source key says which.
        existing = Certificate.objects.filter(source_key=source_key).first()
        if existing is None:
            raise
        return existing, False
    if make_pdf:
        ensure_pdf(certificate)
    return certificate, True


def ensure_pdf(certificate):
    """Draw and store the certificate's PDF if it has none; True when it has one afterwards.

    A failure is logged, not raised: the certificate stays valid without its PDF, and the
    next call (a later issue, ``make_missing_certificate_pdfs``) tries again.
    """
    if certificate.pdf:
        return True
    try:
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if not locked.pdf:
                _store_pdf(locked)
            certificate.pdf, certificate.pdf_generated_at = locked.pdf, locked.pdf_generated_at
        return True
    except Exception:  # noqa: BLE001 - a broken image or storage must not cost the learner the certificate
        logger.exception("The PDF of certificate %s could not be made; it will be tried again.", certificate.pk)
        return False


def issue_for_enrolment(enrolment, now=None):
    """The certificate of a completed enrolment: ``(certificate, created)``, or ``(None, False)``.

    None when the course does not award one, the enrolment is not completed, or the
    learner already holds a valid certificate of the course (that one is returned). The
    row is made under the enrolment's lock; the PDF is drawn after, outside it.
    """
    certificate, created = _issue_row_for_enrolment(enrolment, now)
    if certificate is not None:
        ensure_pdf(certificate)
    return certificate, created


@transaction.atomic
def _issue_row_for_enrolment(enrolment, now=None):
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("course", "user").get(pk=enrolment.pk)
    course = enrolment.course.specific
    if enrolment.completed_at is None or not course.awards_certificate:
        return None, False
    source_key = f"course:{enrolment.pk}:{enrolment.completed_at:%Y%m%dT%H%M%S.%f}"
    same = Certificate.objects.filter(source_key=source_key).first()
    if same is not None:
        return same, False
    current = Certificate.objects.filter(user=enrolment.user, course=course).valid().first()
    if current is not None:
        return current, False
    return issue_certificate(
        user=enrolment.user,
        course=course,
        source_key=source_key,
        title_th=course.title,
        title_en=course.title_en,
        hours=enrolment.credited_hours,
        valid_months=course.certificate_valid_months,
        now=now,
        make_pdf=False,
    )


@transaction.atomic
def revoke(certificate, reason, by_user=None, now=None):
    """Revoke ``certificate`` with a reason (required); revoking twice changes nothing. Returns it."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("reason_required", _("Give the reason for revoking this certificate."))
    if len(reason) > 1000:
        raise CertificateError("reason_too_long", _("Keep the reason to 1,000 characters or fewer."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = now or timezone.now()
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    log(instance=certificate, action="courses.certificate.revoke", user=by_user, data={"reason": reason})
    return certificate


@transaction.atomic
def regenerate_pdf(certificate, by_user=None, now=None):
    """Make the certificate's PDF again with the holder's current names; the code and dates stay."""
    certificate = Certificate.objects.select_for_update().select_related("user").get(pk=certificate.pk)
    certificate.holder_name_th = certificate.user.get_full_name() or certificate.user.get_full_name_en()
    certificate.holder_name_en = certificate.user.get_full_name_en()
    certificate.save(update_fields=["holder_name_th", "holder_name_en"])
    _store_pdf(certificate, now=now)
    log(instance=certificate, action="courses.certificate.regenerate", user=by_user)
    return certificate


def renewal_refusal(enrolment, latest_certificate, today=None):
    """Why the learner may not renew this course now (a sentence), or "" when they may.

    Renewing is for a completed course whose certificates expire, once the learner's newest
    certificate of it has expired (a revoked one is a decision for an administrator).
    """
    course = enrolment.course.specific if enrolment is not None else None
    if enrolment is None or enrolment.status == EnrolmentStatus.WITHDRAWN:
        return _("Enrol in this course first.")
    if not (course.awards_certificate and course.certificate_valid_months):
        return _("This course's certificates do not expire, so there is nothing to renew.")
    if enrolment.completed_at is None:
        return _("You are taking this course now: complete it to receive your certificate.")
    if latest_certificate is None:
        return _("Your certificate of this course has not been issued yet.")
    status = latest_certificate.status(today)
    if status == CertificateStatus.REVOKED:
        return _("Your certificate of this course was revoked. Ask the training centre about taking it again.")
    if status != CertificateStatus.EXPIRED:
        return _("Your certificate of this course is still valid. You can renew it once it has expired.")
    return ""


@transaction.atomic
def renew(user, course, now=None):
    """Start a new round of ``course`` for ``user`` after their certificate expired; returns the enrolment.

    The enrolment becomes active again with no progress: lessons, quizzes (with their
    attempts again) and the completion rule count from now, and completing the course
    issues a new certificate. Raises ``CertificateError`` when renewing is not possible.
    """
    now = now or timezone.now()
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("course").filter(user=user, course=course)
    ).first()
    latest = Certificate.objects.filter(user=user, course=course).order_by("-issued_at", "-pk").first()
    refusal = renewal_refusal(enrolment, latest, today=timezone.localdate(now))
    if refusal:
        raise CertificateError("cannot_renew", refusal)
    enrolment.round_started_at = now
    enrolment.completed_at = None
    enrolment.hours_credited = None
    enrolment.status = EnrolmentStatus.ACTIVE
    enrolment.progress = 0.0
    enrolment.last_lesson = None
    enrolment.last_activity_at = now
    enrolment.save(
        update_fields=[
            "round_started_at",
            "completed_at",
            "hours_credited",
            "status",
            "progress",
            "last_lesson",
            "last_activity_at",
        ]
    )
    log(instance=latest, action="courses.certificate.renew", user=user, data={"enrolment": enrolment.pk})
    return enrolment
