from .oai import OaiRecord
from .pages import (
    DCMI_TYPES,
    Access,
    ItemLanguage,
    ItemType,
    LibraryIndexPage,
    LibraryItemCreator,
    LibraryItemPage,
    Subject,
    identifier_kind,
    new_local_identifier,
    normalise_date_issued,
)
from .usage import ItemUsageDay, ItemUsageTotal, ItemVisit, LibraryFile, UsageKind

__all__ = [
    "DCMI_TYPES",
    "Access",
    "ItemLanguage",
    "ItemType",
    "ItemUsageDay",
    "ItemUsageTotal",
    "ItemVisit",
    "LibraryFile",
    "LibraryIndexPage",
    "LibraryItemCreator",
    "LibraryItemPage",
    "OaiRecord",
    "Subject",
    "UsageKind",
    "identifier_kind",
    "new_local_identifier",
    "normalise_date_issued",
]
