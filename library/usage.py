"""Counting views and downloads of library items: once per visitor, item, kind and day; no bots.

- A **view** is the item's page served to a visitor (``record_view``, called by the page).
  The inline preview of the file counts as a view too (it is reading, not taking a copy),
  once a day like the page: whoever opens the page and its preview counts once.
- A **download** is the file sent by the download view, or the visitor sent on to the
  item's external address (``record_download``).

The day is the calendar day in Asia/Bangkok. The visitor is a keyed hash (HMAC-SHA256 with
the site's secret key) of the user's id, or of the client's address and browser for a
visitor who is not signed in; the address itself is never stored, and the hashes of old
days are deleted by ``manage.py prune_library_visits``. Requests from known robots (by
their User-Agent; an empty one counts as a robot) are not counted at all.

Writing is one transaction: an ``ItemVisit`` row first (its unique constraint turns a second
visit of the day into an ``IntegrityError``, which means "already counted"), then the day's
and the all-time figures are raised with ``F()`` expressions, creating their rows when they
are missing. Concurrent requests on PostgreSQL neither lose a count nor fail.
"""

import datetime
import hashlib
import hmac
import logging
import re
import zoneinfo

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from lms.services.login_throttle import client_address

from .models import ItemUsageDay, ItemUsageTotal, ItemVisit, UsageKind

logger = logging.getLogger(__name__)

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")

# Crawlers, link previewers, monitors and command-line clients. Headless Chrome is a person's
# browser as often as a robot's (and the site's own browser tests use it): it is counted.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|robot|crawl|spider|slurp|facebookexternalhit|facebookcatalog|embedly|preview|"
    r"python-requests|python-urllib|python-httpx|aiohttp|curl/|wget/|libwww-perl|go-http-client|"
    r"java/|okhttp|scrapy|httpclient|headlesssearch|lighthouse|pingdom|uptime|monitor|feedfetcher|"
    r"archive\.org_bot|ia_archiver|sickle|oai-harvester",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """True for a robot's User-Agent (or none at all); people's browsers, headless Chrome included, are False."""
    user_agent = (user_agent or "").strip()
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def visitor_key(request):
    """The visitor's keyed hash (64 hex digits): their user id, or their address and browser."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        who = f"anonymous:{client_address(request)}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hmac.new(settings.SECRET_KEY.encode(), who.encode(), hashlib.sha256).hexdigest()


def today():
    """The current day in Asia/Bangkok, the day a visit counts on."""
    return timezone.localdate(timezone=BANGKOK)


def record_view(request, item):
    """Count a view of ``item``'s page (or its file's preview) by this request's visitor.

    Call it when the page is served to a GET request. Previews of drafts, other methods and
    robots are not counted. Returns True when the view was counted, False when it was not
    (already counted today, a robot, or the database refused; counting never breaks the page).
    """
    return _record(request, item, UsageKind.VIEW)


def record_download(request, item):
    """Count a download of ``item``'s file (or a visit to its external address) by this request's visitor.

    Same rules as ``record_view``: once a visitor a day, robots left out.
    """
    return _record(request, item, UsageKind.DOWNLOAD)


def _record(request, item, kind):
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    if is_bot(request.META.get("HTTP_USER_AGENT")):
        return False
    try:
        return count_visit(item.pk, kind, visitor_key(request), today())
    except DatabaseError:
        logger.exception("The %s of library item %s could not be counted.", kind, item.pk)
        return False


def count_visit(item_id, kind, visitor, day):
    """Count one ``kind`` of use of item ``item_id`` by ``visitor`` on ``day``, unless already counted.

    Returns True when counted. Safe when several requests count at once: the visit's unique
    constraint lets one of them through; the figures are raised in the database, not in Python.
    """
    field = "views" if kind == UsageKind.VIEW else "downloads"
    with transaction.atomic():
        try:
            with transaction.atomic():
                ItemVisit.objects.create(item_id=item_id, day=day, kind=kind, visitor=visitor)
        except IntegrityError:
            return False
        _increment(ItemUsageDay, {"item_id": item_id, "day": day}, field)
        _increment(ItemUsageTotal, {"item_id": item_id}, field)
    return True


def _increment(model, key, field):
    """Add one to ``field`` of the ``model`` row at ``key``, creating the row when it is missing."""
    if model.objects.filter(**key).update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **{field: 1})
    except IntegrityError:
        # Another request created the row in the meantime (and has committed: the insert waited for it).
        model.objects.filter(**key).update(**{field: F(field) + 1})


def prune_visits(older_than_days):
    """Delete the visits (visitor hashes) of days more than ``older_than_days`` ago; returns how many.

    The daily and total figures stay: only the means of telling one visitor from another goes.
    """
    cutoff = today() - datetime.timedelta(days=older_than_days)
    deleted, _by_model = ItemVisit.objects.filter(day__lt=cutoff).delete()
    return deleted
