"""Forget the cached sites (``home.site_cache``) whenever what they hold changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import site_cache


def forget_sites(**kwargs):
    # Now, and again once the change is committed: a request between the two may have cached
    # the rows as they were before the transaction.
    site_cache.forget_sites()
    transaction.on_commit(site_cache.forget_sites)


def connect():
    from wagtail.images import get_image_model
    from wagtail.models import Page, Site

    from home.models import SiteSettings

    for model in (Site, SiteSettings, get_image_model()):
        post_save.connect(forget_sites, sender=model, dispatch_uid=f"home-sites-saved-{model._meta.label_lower}")
        post_delete.connect(forget_sites, sender=model, dispatch_uid=f"home-sites-deleted-{model._meta.label_lower}")
    # The cached root pages: a site's home page published, withdrawn, moved or deleted.
    page_published.connect(forget_sites, dispatch_uid="home-sites-page-published")
    page_unpublished.connect(forget_sites, dispatch_uid="home-sites-page-unpublished")
    post_page_move.connect(forget_sites, dispatch_uid="home-sites-page-moved")
    post_delete.connect(forget_sites, sender=Page, dispatch_uid="home-sites-page-deleted")
