"""Cache invalidation when pages are published, unpublished, moved or deleted."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from lms.context_processors import NAV_CACHE_KEY
from lms.middleware import forget_current_privacy_notice


def forget_page_caches(**kwargs):
    cache.delete(NAV_CACHE_KEY)
    forget_current_privacy_notice()


def connect():
    from wagtail.models import Page

    page_published.connect(forget_page_caches, dispatch_uid="lms-page-published")
    page_unpublished.connect(forget_page_caches, dispatch_uid="lms-page-unpublished")
    post_page_move.connect(forget_page_caches, dispatch_uid="lms-page-moved")
    post_delete.connect(forget_page_caches, sender=Page, dispatch_uid="lms-page-deleted")
