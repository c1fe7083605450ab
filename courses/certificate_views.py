"""Public verification of certificates, for anyone who holds a code: people and machines.

- ``verify_form`` (``/certificates/verify/``): one field, the code as printed under the QR
  code, in any case, with or without spaces and dashes; it only redirects to the code's
  page, so bad input is answered (400) without touching the database.
- ``verify`` (``/certificates/verify/<code>/``): the status in words (valid, expired,
  revoked with date and reason), the holder's name, the training, hours, dates and issuer;
  nothing else about the holder. Another spelling of a code redirects (301) to the grouped
  form; an unknown or impossible code gets a 404 page with the form.
- ``certificate_pdf``: the PDF kept in media storage, streamed through the site (never a
  media URL), whatever the status: the page beside it says the status.
- ``credential``: the certificate as an Open Badges 3.0 credential signed as VC-JWT
  (``courses.credentials``): the compact JWS alone to a client that asks for
  ``application/vc+jwt``, else JSON ``{"credential", "jwt", "status", ...}``.
- ``jwks`` (``/.well-known/jwks.json``) and ``issuer``: the public key that verifies the
  signatures, and the issuer's profile.

Every look-up of a code (found or not) counts against the client address
(``CERTIFICATE_VERIFY_RATE_LIMIT`` per ``CERTIFICATE_VERIFY_RATE_WINDOW_SECONDS``, in the
shared cache): 140-bit codes cannot be guessed, and a burst gets 429 all the same. Every
answer carries ``X-Robots-Tag: noindex``: a holder's name is found by its code, never by a
search engine.
"""

import logging

from django import forms
from django.conf import settings
from django.http import FileResponse, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lms.services import rate_limit
from lms.services.login_throttle import client_address

from . import credentials
from .models import Certificate, CertificateStatus
from .models.certificates import grouped_code, normalise_code
from .services.certificates import site_settings

logger = logging.getLogger(__name__)

RATE_SCOPE = "certificate-verify"
JSON_TYPE = "application/json"
# What a code as typed may be at most: 28 characters, six dashes, spaces to spare.
CODE_INPUT_MAX = 64


class VerifyForm(forms.Form):
    """The code to look up, as someone typed it."""

    code = forms.CharField(
        label=_("Certificate code"),
        help_text=_(
            "The 28-character code printed under the QR code, e.g. 7QKM-3TXA-9PRW-… "
            "Upper or lower case, with or without dashes and spaces."
        ),
        strip=True,
        widget=forms.TextInput(
            attrs={
                "maxlength": CODE_INPUT_MAX,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "certificate-lookup__input",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                gettext(
                    "This is not a certificate code. A code has 28 letters and digits, "
                    "printed in groups of four under the QR code."
                ),
                code="invalid_code",
            )
        return code


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def _public(response):
    """Let a verifier's web page read the answer: it is public and carries no cookie."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def lookup_allowed(request):
    """Count one look-up by the client's address; False once the window's allowance is used up."""
    return rate_limit.hit(
        RATE_SCOPE,
        client_address(request) or "unknown",
        limit=settings.CERTIFICATE_VERIFY_RATE_LIMIT,
        window_seconds=settings.CERTIFICATE_VERIFY_RATE_WINDOW_SECONDS,
    )


def _retry_after():
    return str(max(1, settings.CERTIFICATE_VERIFY_RATE_WINDOW_SECONDS))


def _render_form(request, *, form=None, status=200, not_found=False, rate_limited=False):
    context = {
        "form": form or VerifyForm(),
        "not_found": not_found,
        "rate_limited": rate_limited,
    }
    response = render(request, "courses/certificate_verify_form.html", context, status=status)
    return _noindex(response)


def _not_found_page(request, code):
    """The 404 page with the form, holding what was typed when it is short enough to correct."""
    initial = code if isinstance(code, str) and len(code) <= CODE_INPUT_MAX else ""
    return _render_form(request, form=VerifyForm(initial={"code": initial}), status=404, not_found=True)


def _too_many_page(request):
    response = _render_form(request, status=429, rate_limited=True)
    response["Retry-After"] = _retry_after()
    return response


def _json(body, status=200):
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return _public(_noindex(response))


def _find(code):
    """The certificate with the stored form of ``code``, or None."""
    return Certificate.objects.filter(code=code).first()


@never_cache
@require_safe
def verify_form(request):
    """The look-up form; a code that can be one redirects to its page, anything else gets the form back (400)."""
    if "code" not in request.GET:
        return _render_form(request)
    form = VerifyForm(request.GET)
    if form.is_valid():
        return redirect("certificates:verify", grouped_code(form.cleaned_data["code"]))
    return _render_form(request, form=form, status=400)


@never_cache
@require_safe
def verify(request, code):
    """The verification page of one certificate (≤ 5 queries with the site's header and footer)."""
    stored = normalise_code(code)
    if stored is None:
        return _not_found_page(request, code)
    if code != grouped_code(stored):
        return HttpResponsePermanentRedirect(reverse("certificates:verify", args=[grouped_code(stored)]))
    if not lookup_allowed(request):
        return _too_many_page(request)
    certificate = _find(stored)
    if certificate is None:
        return _not_found_page(request, code)
    status = certificate.status()
    context = {
        "certificate": certificate,
        "status": status,
        "status_label": CertificateStatus(status).label,
        "Status": CertificateStatus,
        "holder_name_th": credentials.public_holder_name(certificate.holder_name_th),
        "holder_name_en": credentials.public_holder_name(certificate.holder_name_en),
        "pdf_url": reverse("certificates:pdf", args=[certificate.grouped_code]) if certificate.pdf else "",
        "credential_url": reverse("certificates:credential", args=[certificate.grouped_code]),
        "form": VerifyForm(),
    }
    return _noindex(render(request, "courses/certificate_verify.html", context))


@never_cache
@require_safe
def certificate_pdf(request, code):
    """The stored PDF, inline, named after the grouped code; 404 when the code or the file is unknown."""
    stored = normalise_code(code)
    if stored is None:
        return _not_found_page(request, code)
    if not lookup_allowed(request):
        return _too_many_page(request)
    certificate = _find(stored)
    if certificate is None or not certificate.pdf:
        return _not_found_page(request, code)
    try:
        handle = certificate.pdf.open("rb")
    except OSError:
        logger.exception("The PDF of certificate %s cannot be read from storage", certificate.pk)
        return _not_found_page(request, code)
    response = FileResponse(
        handle, content_type="application/pdf", filename=f"certificate-{certificate.grouped_code}.pdf"
    )
    return _noindex(response)


@never_cache
@require_safe
def credential(request, code):
    """The Open Badges 3.0 credential: the VC-JWT alone (``Accept: application/vc+jwt``) or JSON with it.

    The JSON form is ``{"credential": <unsigned credential>, "jwt": <compact JWS>, "status":
    "valid" | "expired" | "revoked"}``, plus ``revokedAt`` and ``revocationReason`` once revoked.
    503 while no signing key is configured.
    """
    stored = normalise_code(code)
    if stored is None:
        return _json({"error": "not_found", "message": gettext("No certificate has this code.")}, status=404)
    if not lookup_allowed(request):
        response = _json(
            {"error": "rate_limited", "message": gettext("Too many look-ups from your address. Try again later.")},
            status=429,
        )
        response["Retry-After"] = _retry_after()
        return response
    certificate = _find(stored)
    if certificate is None:
        return _json({"error": "not_found", "message": gettext("No certificate has this code.")}, status=404)
    key = credentials.signing_key()
    if key is None:
        message = gettext("Signed credentials are not available yet: the site has no signing key. Try again later.")
        return _json({"error": "signing_key_missing", "message": message}, status=503)
    unsigned = credentials.credential_for(certificate)
    token = credentials.sign(unsigned, key)
    if request.get_preferred_type([JSON_TYPE, credentials.VC_JWT_MEDIA_TYPE]) == credentials.VC_JWT_MEDIA_TYPE:
        response = _public(_noindex(HttpResponse(token, content_type=credentials.VC_JWT_MEDIA_TYPE)))
    else:
        body = {"credential": unsigned, "jwt": token, "status": str(certificate.status())}
        if certificate.revoked_at is not None:
            body["revokedAt"] = unsigned["credentialStatus"]["revokedAt"]
            body["revocationReason"] = certificate.revocation_reason
        response = _json(body)
    patch_vary_headers(response, ["Accept"])
    return response


@require_safe
def jwks(request):
    """``/.well-known/jwks.json``: the public key that verifies credentials (no keys while none is set)."""
    response = _public(JsonResponse(credentials.jwks()))
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def issuer(request):
    """The issuer's Open Badges profile (the ``issuer.id`` of every credential), with today's names."""
    row = site_settings()
    profile = {"@context": list(credentials.CONTEXT)}
    profile.update(credentials.issuer_profile(row.organisation_name_th, row.organisation_name_en))
    response = _public(_noindex(JsonResponse(profile, json_dumps_params={"ensure_ascii": False})))
    patch_cache_control(response, public=True, max_age=300)
    return response
