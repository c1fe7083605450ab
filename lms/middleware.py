"""Request middleware: the visitor's language, and the privacy-notice consent gate."""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class PreferredLanguageMiddleware:
    """Activate the language the visitor chose: the cookie, then the account's preference, then Thai.

    The browser's Accept-Language is deliberately not consulted: this is a Thai
    government site, Thai unless the visitor asks for English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            language = getattr(user, "preferred_language", None) if user and user.is_authenticated else None
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def remember_language(response, language):
    """Set the cookie that keeps the visitor's language (read by ``PreferredLanguageMiddleware``)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        httponly=True,
    )
    return response


PRIVACY_CACHE_KEY = "lms:privacy-notice-current"
SESSION_KEY = "privacy_consent_version"
EXEMPT_PREFIXES = (
    "/account/privacy/",
    "/account/logout/",
    "/static/",
    "/media/",
    "/healthz",
    "/i18n/",
    "/api/",
    "/documents/",
    # Public certificate verification and the issuer's keys: read by employers and machines.
    "/certificates/",
    "/.well-known/",
    "/images/",
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
)


def current_privacy_notice(request=None):
    """(page id, version, url path) of the live privacy notice, or None; cached until republished.

    Given the request, the answer is kept on it, so the consent gate and the footer's
    link share one cache look-up.
    """
    if request is not None and hasattr(request, "_privacy_notice"):
        return request._privacy_notice
    cached = cache.get(PRIVACY_CACHE_KEY)
    if cached is None:
        from home.models import PrivacyNoticePage

        page = PrivacyNoticePage.current()
        cached = (page.pk, page.version, page.url) if page else ()
        cache.set(PRIVACY_CACHE_KEY, cached, 3600)
    notice = cached or None
    if request is not None:
        request._privacy_notice = notice
    return notice


def forget_current_privacy_notice():
    cache.delete(PRIVACY_CACHE_KEY)


def has_consented(request, version):
    """True when the signed-in user accepted ``version``; remembered in the session."""
    if request.session.get(SESSION_KEY) == version:
        return True
    if request.user.consents.filter(version=version).exists():
        request.session[SESSION_KEY] = version
        return True
    return False


class PrivacyConsentMiddleware:
    """Ask a signed-in user to accept the current privacy notice before going on.

    Pages (GET) redirect to the consent page and come back afterwards; any other request
    is refused the same way (or with a 403 JSON answer to a script), so nothing can be
    changed before the current notice is accepted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_ask(request):
            return self._ask(request)
        return self.get_response(request)

    def _ask(self, request):
        """Send the user to the consent page; a refused POST changes nothing."""
        consent_url = reverse("account:privacy-consent")
        if request.method in ("GET", "HEAD"):
            next_url = request.get_full_path()
        elif "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json":
            return JsonResponse({"error": "privacy_consent_required", "consent_url": consent_url}, status=403)
        else:
            # Back to the page the form was on, once the notice is accepted.
            referer = request.headers.get("Referer", "")
            next_url = urlsplit(referer).path if url_has_allowed_host_and_scheme(referer, {request.get_host()}) else "/"
        return redirect(f"{consent_url}?{urlencode({'next': next_url or '/'})}")

    def _must_ask(self, request):
        if not request.user.is_authenticated:
            return False
        if request.path.startswith(EXEMPT_PREFIXES):
            return False
        notice = current_privacy_notice(request)
        if notice is None:
            return False
        _pk, version, url = notice
        if url and request.path == url:
            return False
        return not has_consented(request, version)
