"""Template context shared by every page: the main navigation and the privacy notice."""

from django.core.cache import cache

NAV_CACHE_KEY = "lms:navigation"


def site_navigation(request):
    """The home page's live children that are shown in menus, cached until a page is published."""

    def load():
        nav = cache.get(NAV_CACHE_KEY)
        if nav is None:
            from wagtail.models import Site

            site = Site.find_for_request(request) if request else None
            nav = []
            if site is not None:
                for page in site.root_page.get_children().live().in_menu().only("id", "title", "url_path"):
                    nav.append({"title": page.title, "url": page.get_url(request=request), "id": page.pk})
            cache.set(NAV_CACHE_KEY, nav, 300)
        return nav

    return {"main_navigation": load}
