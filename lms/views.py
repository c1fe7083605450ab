"""Site-wide views: health check, robots.txt, the language switch and error pages."""

import logging
import os
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lms.middleware import remember_language

logger = logging.getLogger(__name__)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value it was given")
    cache.delete(key)


def _check_storage():
    bucket_name = getattr(default_storage, "bucket_name", None)
    if bucket_name:
        # S3-compatible storage: HEAD on the bucket proves the endpoint answers, the bucket
        # exists and the credentials reach it. (A lookup of a missing object would not: S3
        # answers 404 for a missing bucket too, which the storage reads as "no such file".)
        default_storage.connection.meta.client.head_bucket(Bucket=bucket_name)
    else:
        # Local folder: it must exist (the storage would make it at the first upload, so
        # may this check) and be writable, or uploads would fail.
        location = getattr(default_storage, "location", None)
        if location is not None:
            os.makedirs(location, exist_ok=True)
            if not os.access(location, os.W_OK | os.X_OK):
                raise RuntimeError("media folder is not writable")
        default_storage.exists("healthz/probe-never-written")


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "storage": _check_storage}


@never_cache
@require_GET
def healthz(request):
    """200 with each part's status when database, cache and storage answer; 503 naming what failed.

    Errors are logged, never echoed: the response names the part, not the exception,
    which could carry a host name or a credential.
    """
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception:  # noqa: BLE001  (any failure of a dependency makes it unhealthy)
            logger.exception("Health check failed: %s", name)
            checks[name] = "error"
        else:
            checks[name] = "ok"
    failed = [name for name, value in checks.items() if value != "ok"]
    body = {"status": "error" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)


@require_GET
def robots_txt(request):
    """Keep crawlers out of the editor, accounts, certificates and search results; point them at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /certificates/verify/",
        "Disallow: /i18n/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_POST
def set_language(request):
    """Switch the interface language; remembered in a cookie and on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        remember_language(response, language)
        if request.user.is_authenticated and request.user.preferred_language != language:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
    return response


def page_not_found(request, exception=None):
    """The 404 page, with a search box and a way home."""
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    """The 403 page; offers a log-in link to visitors who are not signed in."""
    return render(request, "403.html", status=403)


def server_error(request):
    # Rendered without context processors: the page must not fail while reporting a failure.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({"request": request}), status=500)
