"""The request's Wagtail site and its ``SiteSettings``, read from the shared cache.

Every page shows the organisation's name, logo and contacts (``SiteSettings``) and the
menu under the site's root page. Wagtail would look the site up by host name and read its
settings from the database on every request: two queries. Here both come from one cache
entry holding every ``Site`` row with its root page, settings and logo (a handful of rows),
filled by one query and forgotten whenever one of them changes (``home.signals``).

Usage::

    site = site_cache.site_for_request(request)  # also what Site.find_for_request(request) returns next
    organisation = site_cache.settings_for_site(site).organisation_name("en")
"""

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

from home.models import SiteSettings

# Bump the suffix when the cached rows change shape (a new select_related, say).
CACHE_KEY = "home:sites:v1"
# Invalidation is by signal; the timeout only bounds a change made behind the ORM's back.
CACHE_SECONDS = 3600


def cached_sites():
    """Every site with its root page, ``SiteSettings`` (None when not created yet) and logo."""
    sites = cache.get(CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.select_related("root_page", "sitesettings", "sitesettings__logo").order_by("pk"))
        cache.set(CACHE_KEY, sites, CACHE_SECONDS)
    return sites


def forget_sites():
    """Drop the cached sites; ``home.signals`` calls this when a site, its settings, root page or logo changes."""
    cache.delete(CACHE_KEY)


def find_site(hostname, port):
    """The site Wagtail picks for ``hostname:port`` (``wagtail.models.sites.get_site_for_hostname``), or None.

    Exact host and port first, then the host on the default site, then a unique match of
    the host on another port, then the default site.
    """
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None  # garbage in a forwarded port matches no site's port
    sites = cached_sites()
    for site in sites:
        if site.hostname == hostname and site.port == port:
            return site
    for site in sites:
        if site.hostname == hostname and site.is_default_site:
            return site
    same_host = [site for site in sites if site.hostname == hostname]
    if len(same_host) == 1:
        return same_host[0]
    return next((site for site in sites if site.is_default_site), None)


def site_for_request(request):
    """The request's site, as ``Site.find_for_request`` finds it, kept on the request for Wagtail too."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        # The raw host, as Wagtail reads it: checking ALLOWED_HOSTS is Django's business.
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = find_site(hostname, request.get_port())
    return request._wagtail_site


def settings_for_site(site):
    """The site's ``SiteSettings`` from the cache; created with the defaults the first time (a query then)."""
    if site is None:
        raise SiteSettings.DoesNotExist("SiteSettings does not exist for site None.")
    cached = next((row for row in cached_sites() if row.pk == site.pk), None)
    if cached is not None:
        try:
            return cached.sitesettings
        except SiteSettings.DoesNotExist:
            pass
    # Not created yet, or a site newer than the cache: creating the row forgets the cache.
    return SiteSettings.for_site(site)
