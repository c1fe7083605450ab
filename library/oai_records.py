"""Keeping ``OaiRecord`` (what OAI-PMH harvesters see change) in step with the library's items.

One row per item identifier. Its datestamp moves whenever the item's public record changes
(published, edited and published again, unpublished, deleted, moved, put behind or taken out
of a Wagtail privacy restriction, one of its subjects renamed), so harvesters asking
``from=<their last harvest>`` get exactly what changed. Rows are never removed: an item that
is unpublished, deleted or restricted stays as a *deleted* record (``deletedRecord`` is
``persistent``), so harvesters learn to drop it.

Items behind a Wagtail privacy restriction (a password, signed-in users, groups: "view
restrictions" on the item or an ancestor) are not harvestable: they are reported as
deleted, the same as an unpublished item, because an aggregator that harvested them before
the restriction must be told to withdraw them. The item's own ``access`` level (signed-in
users, civil servants) is different: it guards the file, the metadata stays public and is
harvested.

The signal handlers are connected in ``LibraryConfig.ready``; ``sync_all()`` (and
``manage.py rebuild_oai_records``) rebuilds the table from the pages, for data loaded
without signals.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from library.models import LibraryItemPage, OaiRecord, Subject


def set_specs_for(item):
    """The setSpecs ``item`` belongs to: its type and each of its subjects (``type:book subject:12``)."""
    specs = [f"type:{item.item_type}"]
    specs.extend(f"subject:{pk}" for pk in sorted(subject.pk for subject in item.subjects.all()))
    return specs


def restricted_paths():
    """The tree paths of every page with a Wagtail view restriction (one query)."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_restricted(item, paths):
    """Whether ``item`` is behind a view restriction on itself or an ancestor (``paths`` from ``restricted_paths``)."""
    return any(item.path.startswith(path) for path in paths)


def is_harvestable(item, paths):
    """Whether ``item``'s metadata may be given to harvesters: live, and not behind a view restriction."""
    return bool(item.live) and not is_restricted(item, paths)


def sync_item(item, paths=None, now=None):
    """Bring ``item``'s record up to date after a change to its public record; returns the record or None.

    The datestamp becomes ``now``. An item never published has no record (harvesters never
    saw it). When the item's identifier was changed, the record under the old identifier is
    reported deleted and a new one starts.
    """
    if item.alias_of_id:
        return None
    paths = restricted_paths() if paths is None else paths
    now = now or timezone.now()
    harvestable = is_harvestable(item, paths)
    for stale in OaiRecord.objects.filter(page=item).exclude(identifier=item.identifier):
        stale.page = None
        stale.deleted = True
        stale.datestamp = now
        stale.save(update_fields=["page", "deleted", "datestamp"])
    record = OaiRecord.objects.filter(identifier=item.identifier).first()
    if record is None and not harvestable and not item.first_published_at:
        return None
    record = record or OaiRecord(identifier=item.identifier)
    record.page = item
    record.deleted = not harvestable
    record.set_specs = " ".join(set_specs_for(item))
    record.datestamp = now
    record.save()
    return record


def withdraw_item(item, now=None):
    """Report ``item`` deleted (it is being deleted itself); a never-published item leaves nothing."""
    now = now or timezone.now()
    updated = OaiRecord.objects.filter(identifier=item.identifier).update(page=None, deleted=True, datestamp=now)
    if not updated and item.first_published_at and not item.alias_of_id:
        OaiRecord.objects.create(
            identifier=item.identifier, deleted=True, datestamp=now, set_specs=" ".join(set_specs_for(item))
        )


def sync_all():
    """Rebuild the records from the pages; returns counts ``{"created", "updated", "withdrawn"}``.

    Records whose state (deleted or not, sets, page) is already right keep their datestamp,
    so running it again does not make harvesters fetch everything anew. A new record is
    dated from the item's last publication.
    """
    now = timezone.now()
    paths = restricted_paths()
    records = {record.identifier: record for record in OaiRecord.objects.all()}
    counts = {"created": 0, "updated": 0, "withdrawn": 0}
    seen = set()
    items = LibraryItemPage.objects.filter(alias_of__isnull=True).prefetch_related("subjects").order_by("pk")
    for item in items:
        seen.add(item.identifier)
        harvestable = is_harvestable(item, paths)
        specs = " ".join(set_specs_for(item))
        record = records.get(item.identifier)
        if record is None:
            if not harvestable and not item.first_published_at:
                continue
            OaiRecord.objects.create(
                identifier=item.identifier,
                page=item,
                deleted=not harvestable,
                set_specs=specs,
                datestamp=item.last_published_at or item.first_published_at or now,
            )
            counts["created"] += 1
        elif (record.page_id, record.deleted, record.set_specs) != (item.pk, not harvestable, specs):
            record.page = item
            record.deleted = not harvestable
            record.set_specs = specs
            record.datestamp = now
            record.save()
            counts["updated"] += 1
    # Records whose item is gone (or now has another identifier) are reported deleted.
    for identifier, record in records.items():
        if identifier not in seen and not record.deleted:
            record.page = None
            record.deleted = True
            record.datestamp = now
            record.save()
            counts["withdrawn"] += 1
    return counts


def _items_under(page_id):
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if path is None:
        return LibraryItemPage.objects.none()
    return LibraryItemPage.objects.filter(path__startswith=path).prefetch_related("subjects")


# --- Signal handlers -------------------------------------------------------------------


def _on_published_or_unpublished(sender, instance, **kwargs):
    sync_item(instance)


def _on_item_deleted(sender, instance, **kwargs):
    withdraw_item(instance)


def _on_page_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    # The addresses (a dc:identifier) of the items at or under the page changed.
    if url_path_before == url_path_after:
        return
    for item in _items_under(instance.pk):
        if OaiRecord.objects.filter(identifier=item.identifier).exists():
            sync_item(item)


def _on_view_restriction_changed(sender, instance, **kwargs):
    paths = restricted_paths()
    for item in _items_under(instance.page_id):
        sync_item(item, paths=paths)


def _on_subject_saved(sender, instance, created, **kwargs):
    if not created:
        # The subject's name is in the records' dc:subject: the records changed.
        OaiRecord.objects.filter(page__subjects=instance).update(datestamp=timezone.now())


def _remember_subject_items(sender, instance, **kwargs):
    instance._oai_item_ids = list(instance.items.values_list("pk", flat=True))


def _on_subject_deleted(sender, instance, **kwargs):
    paths = restricted_paths()
    items = LibraryItemPage.objects.filter(pk__in=getattr(instance, "_oai_item_ids", [])).prefetch_related("subjects")
    for item in items:
        if OaiRecord.objects.filter(identifier=item.identifier).exists():
            sync_item(item, paths=paths)


def connect_signals():
    """Connect the handlers that keep the records up to date (``LibraryConfig.ready``)."""
    page_published.connect(_on_published_or_unpublished, sender=LibraryItemPage, dispatch_uid="library_oai_published")
    page_unpublished.connect(
        _on_published_or_unpublished, sender=LibraryItemPage, dispatch_uid="library_oai_unpublished"
    )
    post_delete.connect(_on_item_deleted, sender=LibraryItemPage, dispatch_uid="library_oai_deleted")
    # Any page: moving the library (or an item) changes the items' addresses.
    post_page_move.connect(_on_page_moved, dispatch_uid="library_oai_moved")
    post_save.connect(_on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="library_oai_restricted")
    post_delete.connect(
        _on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="library_oai_unrestricted"
    )
    post_save.connect(_on_subject_saved, sender=Subject, dispatch_uid="library_oai_subject_saved")
    pre_delete.connect(_remember_subject_items, sender=Subject, dispatch_uid="library_oai_subject_deleting")
    post_delete.connect(_on_subject_deleted, sender=Subject, dispatch_uid="library_oai_subject_deleted")
