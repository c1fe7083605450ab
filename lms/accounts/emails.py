"""Account e-mails: rendered in the recipient's language, as plain text with an HTML alternative.

Pages never send these themselves: they queue ``lms.accounts.tasks.send_account_email``
(see ``lms.accounts.tasks.enqueue_account_email``), which calls ``send_account_email`` here.
The messages greet generically and never repeat the name typed at sign-up: anyone can
sign up with someone else's address, and the name would then be mailed to that person.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lms.accounts.tokens import email_verification_token

TEMPLATE_DIR = "lms/email"

VERIFY_EMAIL = "verify_email"
PASSWORD_RESET = "password_reset"  # noqa: S105 (a template name)
KINDS = (VERIFY_EMAIL, PASSWORD_RESET)


def organisation_name(language):
    """The organisation's name from the default site's settings, in ``language``; the site name as a fallback."""
    from wagtail.models import Site

    from home.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return SiteSettings.for_site(site).organisation_name(language) or settings.WAGTAIL_SITE_NAME


def email_language(language):
    """``language`` when the site offers it, else the site's default language."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def kind_context(kind):
    """What the templates of ``kind`` need besides the link: how long the link works."""
    if kind == VERIFY_EMAIL:
        return {"valid_days": max(1, settings.EMAIL_VERIFICATION_TIMEOUT // 86400)}
    if kind == PASSWORD_RESET:
        return {"valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)}
    raise ValueError(f"Unknown account e-mail: {kind!r}")


def send_account_email(user, kind, link, language):
    """Render ``templates/lms/email/<kind>_subject.txt``, ``<kind>.txt`` and ``<kind>.html`` and send them to ``user``.

    ``kind`` is one of ``KINDS``; ``link`` is the absolute link the message is about.
    A failure to reach the mail server is raised, so the task that calls this is
    recorded as failed (and logged by django-tasks).
    """
    language = email_language(language)
    context = {**kind_context(kind), "link": link}
    with translation.override(language):
        context["organisation_name"] = organisation_name(language)
        context["LANGUAGE_CODE"] = language
        subject = render_to_string(f"{TEMPLATE_DIR}/{kind}_subject.txt", context)
        subject = " ".join(subject.split())  # a header: one line
        text_body = render_to_string(f"{TEMPLATE_DIR}/{kind}.txt", context)
        html_body = render_to_string(f"{TEMPLATE_DIR}/{kind}.html", context)
    message = EmailMultiAlternatives(subject, text_body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html_body, "text/html")
    message.send()


def uid_for(user):
    return urlsafe_base64_encode(force_bytes(user.pk))


def site_url(request):
    """The site's address as the visitor reached it ("https://learn.example.go.th"), for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def account_link(user, kind, base_url):
    """The absolute link an e-mail of ``kind`` carries for ``user``, with a fresh token.

    Made when the e-mail is sent, inside the task: the token is never stored with the
    queued task.
    """
    if kind == VERIFY_EMAIL:
        name, token = "account:verify-email", email_verification_token.make_token(user)
    elif kind == PASSWORD_RESET:
        name, token = "account:password-reset-confirm", default_token_generator.make_token(user)
    else:
        raise ValueError(f"Unknown account e-mail: {kind!r}")
    return base_url.rstrip("/") + reverse(name, kwargs={"uidb64": uid_for(user), "token": token})
