"""Cache invalidation when pages are published, unpublished, moved, deleted or restricted."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from lms.context_processors import NAV_CACHE_KEY
from lms.middleware import forget_current_privacy_notice


def forget_page_caches(**kwargs):
    cache.delete(NAV_CACHE_KEY)
    forget_current_privacy_notice()


def connect():
    from wagtail.models import Page, PageViewRestriction

    page_published.connect(forget_page_caches, dispatch_uid="lms-page-published")
    page_unpublished.connect(forget_page_caches, dispatch_uid="lms-page-unpublished")
    post_page_move.connect(forget_page_caches, dispatch_uid="lms-page-moved")
    post_delete.connect(forget_page_caches, sender=Page, dispatch_uid="lms-page-deleted")
    # A page made private (or public again) leaves (or rejoins) the menu.
    post_save.connect(forget_page_caches, sender=PageViewRestriction, dispatch_uid="lms-restriction-saved")
    post_delete.connect(forget_page_caches, sender=PageViewRestriction, dispatch_uid="lms-restriction-deleted")
