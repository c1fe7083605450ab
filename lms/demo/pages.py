"""Demo builder: the home page as the default site's root, its children and the site settings.

Pages that already exist are left as they are (an editor may have changed them), so a
second run creates no page and no revision. The default site gets its host name and port
from ``settings.WAGTAILADMIN_BASE_URL`` only when the demo creates it (or takes over the
untouched site Wagtail made for its welcome page); an existing site keeps its host name,
port and name.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, SeminarIndexPage
from home.models import HomePage, PrivacyNoticePage, SiteSettings, StandardPage
from library.models import LibraryIndexPage
from lms.demo import content, sync


def build_pages(demo):
    """Create the home page, the catalogue index pages, the standard pages and the privacy notice."""
    home, home_created = ensure_home_page(demo)
    index_models = {"courses": CourseIndexPage, "library": LibraryIndexPage, "seminars": SeminarIndexPage}
    for key, fields in content.INDEX_PAGES:
        demo.pages[key] = ensure_child_page(demo, home, index_models[key], fields, unique_type=True)
    for key, fields in content.STANDARD_PAGES:
        demo.pages[key] = ensure_child_page(demo, home, StandardPage, fields)
    demo.pages["privacy"] = ensure_child_page(demo, home, PrivacyNoticePage, content.PRIVACY, unique_type=True)

    if home_created:
        # Published once its button can point at the course catalogue.
        home.hero_cta_link = demo.pages["courses"]
        home.save_revision().publish()
    build_site_settings(demo)


def ensure_home_page(demo):
    """The ``home.HomePage`` that is the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.first()
    created = False
    # The site Wagtail's first migration made for its welcome page: nobody has set it up yet.
    fresh_site = site is not None and is_wagtail_placeholder_site(site)
    if home is None:
        root = Page.get_first_root_node()
        if fresh_site:
            welcome = site.root_page
            # Deleting the site's root page would delete the site with it.
            site.root_page = root
            site.save(update_fields=["root_page"])
            welcome.delete()
            demo.changed("removed Wagtail's welcome page")
        fields = dict(content.HOME)
        if root.get_children().filter(slug=fields["slug"]).exists():
            fields["slug"] = "home-demo"
        home = HomePage(**fields)
        root.add_child(instance=home)
        created = True
        demo.changed(f"created the home page {home.title}")

    if site is None:
        site = Site.objects.create(
            **site_address(), site_name=content.ORGANISATION_TH, root_page=home.page_ptr, is_default_site=True
        )
        demo.changed(f"created the default site {site.hostname}:{site.port}")
    elif fresh_site:
        values = {**site_address(), "site_name": site.site_name or content.ORGANISATION_TH, "root_page": home.page_ptr}
        if sync(site, values):
            demo.changed(f"set up the default site as {site.hostname}:{site.port}")
    elif site.root_page_id != home.pk:
        # An existing site keeps its host name, port and name: only its root page is set.
        site.root_page = home.page_ptr
        site.save(update_fields=["root_page"])
        demo.changed("pointed the default site at the home page")
    demo.site = site
    demo.pages["home"] = home
    return home, created


def site_address():
    """The host name and port of ``settings.WAGTAILADMIN_BASE_URL``, for a site the demo sets up.

    ``http://127.0.0.1:8000`` gives ``127.0.0.1`` and 8000; a URL without a port gives
    the scheme's default (80, or 443 for https).
    """
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return {"hostname": url.hostname or "localhost", "port": url.port or (443 if url.scheme == "https" else 80)}


def is_wagtail_placeholder_site(site):
    """True for the site Wagtail's first migration creates: localhost:80 showing the welcome page."""
    return (site.hostname, site.port) == ("localhost", 80) and is_wagtail_welcome_page(site.root_page)


def is_wagtail_welcome_page(page):
    """True for the plain page Wagtail's first migration creates, when nothing was added under it."""
    return page.depth == 2 and page.specific_class is Page and not page.get_children().exists()


def ensure_child_page(demo, parent, model, fields, unique_type=False):
    """The child of ``parent`` with the slug in ``fields``, created and published when missing.

    ``unique_type`` looks for an existing page of that type anywhere first (for page
    types the site may hold only one of).
    """
    page = None
    if unique_type:
        page = model.objects.first()
    if page is None:
        page = parent.get_children().filter(slug=fields["slug"]).specific().first()
    if page is not None:
        return page
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    demo.changed(f"created the page {page.url_path}")
    return page


def build_site_settings(demo):
    """Fill the default site's ``SiteSettings`` with the demo organisation's details."""
    site_settings = SiteSettings.for_site(demo.site)
    # Only blanks and the model's defaults are filled in: an administrator's edits stay.
    missing = {
        name: value
        for name, value in content.SITE_SETTINGS.items()
        if getattr(site_settings, name) in ("", None, SiteSettings._meta.get_field(name).get_default())
    }
    if sync(site_settings, missing):
        demo.changed("filled in the site settings")
    return site_settings
