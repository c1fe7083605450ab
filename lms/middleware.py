"""Request middleware: the visitor's language, and the privacy-notice consent gate."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

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
    "/images/",
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
)


def current_privacy_notice():
    """(page id, version, url path) of the live privacy notice, or None; cached until republished."""
    cached = cache.get(PRIVACY_CACHE_KEY)
    if cached is None:
        from home.models import PrivacyNoticePage

        notice = PrivacyNoticePage.current()
        cached = (notice.pk, notice.version, notice.url) if notice else ()
        cache.set(PRIVACY_CACHE_KEY, cached, 3600)
    return cached or None


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
    """Ask a signed-in user to accept the current privacy notice before going on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_ask(request):
            target = reverse("account:privacy-consent")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_ask(self, request):
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return False
        if request.path.startswith(EXEMPT_PREFIXES):
            return False
        notice = current_privacy_notice()
        if notice is None:
            return False
        _pk, version, url = notice
        if url and request.path == url:
            return False
        return not has_consented(request, version)
