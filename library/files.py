"""What the library learns from an item's file: its format, its text, its first page as a cover."""


def refresh_from_document(item):
    """Set ``item``'s ``file_format``, ``full_text`` and generated cover from its document (not saved)."""
    item.extracted_document_id = item.document_id
