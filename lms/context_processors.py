"""Template context shared by every page: the main navigation and the privacy notice."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

NAV_CACHE_KEY = "lms:navigation"
NAV_CACHE_SECONDS = 300


def load_navigation(request):
    """The home page's live children that are shown in menus: a list of ``{"title", "url", "id"}``.

    Cached for every process in the shared cache; ``lms.signals`` forgets it whenever a
    page is published, unpublished, moved or deleted.
    """
    nav = cache.get(NAV_CACHE_KEY)
    if nav is None:
        from wagtail.models import Site

        site = Site.find_for_request(request) if request is not None else None
        nav = []
        if site is not None:
            pages = site.root_page.get_children().live().public().in_menu().only("id", "title", "url_path")
            nav = [{"title": page.title, "url": page.get_url(request=request), "id": page.pk} for page in pages]
        cache.set(NAV_CACHE_KEY, nav, NAV_CACHE_SECONDS)
    return nav


def _privacy_notice_url(request):
    from lms.middleware import current_privacy_notice

    notice = current_privacy_notice(request)
    return notice[2] if notice else ""


def site_navigation(request):
    """``main_navigation`` and ``privacy_notice_url``, each looked up once per request and only if used."""
    return {
        "main_navigation": SimpleLazyObject(lambda: load_navigation(request)),
        "privacy_notice_url": SimpleLazyObject(lambda: _privacy_notice_url(request)),
    }
