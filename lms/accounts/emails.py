"""Account e-mails: rendered in the recipient's language, as plain text with an HTML alternative."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.accounts.tokens import email_verification_token

logger = logging.getLogger(__name__)

TEMPLATE_DIR = "lms/email"


def organisation_name(request, language):
    """The organisation's name from the site settings, in ``language``; the site name as a fallback."""
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    site_settings = SiteSettings.for_site(site)
    if language == "en" and site_settings.organisation_name_en:
        return site_settings.organisation_name_en
    return site_settings.organisation_name_th or settings.WAGTAIL_SITE_NAME


def send_account_email(user, name, context, request=None):
    """Send ``templates/lms/email/<name>_subject.txt``, ``<name>.txt`` and ``<name>.html`` to ``user``.

    Rendered in the user's preferred language, whatever language the current request
    uses. Returns True when the message was handed to the mail server; a failure is
    logged, not raised, so the page can still answer (the user can ask for a new link).
    """
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "organisation_name": organisation_name(request, language),
            "LANGUAGE_CODE": language,
            **context,
        }
        subject = render_to_string(f"{TEMPLATE_DIR}/{name}_subject.txt", context)
        subject = " ".join(subject.split())  # a header: one line
        text_body = render_to_string(f"{TEMPLATE_DIR}/{name}.txt", context)
        html_body = render_to_string(f"{TEMPLATE_DIR}/{name}.html", context)
    message = EmailMultiAlternatives(subject, text_body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html_body, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the %s e-mail to user %s", name, user.pk)
        return False
    return True


def uid_for(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def send_verification_email(user, request):
    """Send the "confirm your e-mail address" message with an absolute link to the confirmation page."""
    path = reverse(
        "account:verify-email",
        kwargs={"uidb64": uid_for(user), "token": email_verification_token.make_token(user)},
    )
    context = {
        "link": request.build_absolute_uri(path),
        "valid_days": max(1, settings.EMAIL_VERIFICATION_TIMEOUT // 86400),
    }
    return send_account_email(user, "verify_email", context, request=request)


def send_password_reset_email(user, link, request=None):
    """Send the password-reset message with its absolute, one-use link."""
    context = {"link": link, "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
    return send_account_email(user, "password_reset", context, request=request)
