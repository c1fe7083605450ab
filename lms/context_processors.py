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
        from home.site_cache import site_for_request

        site = site_for_request(request)
        nav = []
        if site is not None:
            pages = menu_pages(site.root_page).only("id", "title", "url_path")
            nav = [{"title": page.title, "url": page.get_url(request=request), "id": page.pk} for page in pages]
        cache.set(NAV_CACHE_KEY, nav, NAV_CACHE_SECONDS)
    return nav


def menu_pages(root):
    """The live children of ``root`` shown in menus and open to everyone, in one query.

    What ``root.get_children().live().in_menu().public()`` finds, but Wagtail's ``public()``
    first reads every view restriction of the site: a child is left out here when it, the
    root or an ancestor of the root is restricted.
    """
    from django.db.models import Exists, OuterRef, Q
    from wagtail.models import PageViewRestriction

    root_and_ancestors = [root.path[:end] for end in range(root.steplen, len(root.path) + 1, root.steplen)]
    restricted = PageViewRestriction.objects.filter(Q(page=OuterRef("pk")) | Q(page__path__in=root_and_ancestors))
    return root.get_children().live().in_menu().exclude(Exists(restricted))


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
