"""What the library learns from an item's file: its format, its text, its first page as a cover.

``refresh_from_document(item)`` runs when an item's document changes (``LibraryItemPage.save``):

- ``file_format``: the media type for ``dc:format``, from the file's extension (an item with
  only an external address has none; the Dublin Core output says ``text/html`` for it);
- ``full_text``: the text for the search index, from a PDF (pypdf), a DOCX or an EPUB (their
  XML, read from the zip), whitespace normalised, at most ``FULL_TEXT_LIMIT`` characters;
- a cover, when none was chosen (or the last one was drawn here too): the PDF's first page
  rendered by PDFium (pypdfium2) at ``COVER_HEIGHT`` pixels, saved as a Wagtail image.

A broken, encrypted or oversized file never stops the editor from saving: the problem is
logged and the text (or cover) is left empty. The file is read through the storage
(``document.file.open()``), so the same code works on the local folder and on S3.
"""

import hashlib
import html
import io
import logging
import re
import unicodedata
import zipfile

from django.core.files.images import ImageFile

logger = logging.getLogger(__name__)

# The media types of the files an item may have (``WAGTAILDOCS_EXTENSIONS`` allows a few more,
# which get their usual type too), by extension.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "mp4": "video/mp4",
    "mp3": "audio/mpeg",
    "vtt": "text/vtt",
    "csv": "text/csv",
    "txt": "text/plain",
    "zip": "application/zip",
}
FULL_TEXT_LIMIT = 200_000
# Files larger than this are not read for text or a cover (they are read into memory whole).
MAX_READ_BYTES = 100 * 1024 * 1024
# Past this many pages a PDF's text is not read further (the text limit is usually reached first).
MAX_PDF_PAGES = 2000
# A DOCX or EPUB part larger than this, once unzipped, is skipped (a "zip bomb" stays small here).
MAX_UNZIPPED_PART_BYTES = 50 * 1024 * 1024
COVER_HEIGHT = 600
MAX_COVER_WIDTH = 1200  # pixels
# Stored content, in the site's language like the rest of the catalogue (not an interface string).
COVER_TITLE = "ปก: {title}"


def media_type_of(document):
    """The media type of ``document`` from its extension, or "" when it is not one the library knows."""
    if document is None:
        return ""
    return MEDIA_TYPES.get(document.file_extension.lower(), "")


def refresh_from_document(item):
    """Set ``item``'s ``file_format``, ``full_text`` and generated cover from its document (not saved).

    Records the document's id in ``item.extracted_document_id``, so the work is done once per
    file. Never raises for a bad file; what went wrong is logged.
    """
    document = item.document
    item.extracted_document_id = item.document_id
    item.file_format = media_type_of(document)
    item.full_text = ""
    # A cover drawn from the file shows its first page to everyone (images are public): only
    # for an item whose file is open to everyone (``drop_restricted_cover`` below).
    may_draw_cover = (item.cover_generated or not item.cover_id) and is_open_to_everyone(item)
    if item.cover_generated:
        # The cover came from the previous file: it goes with it (and comes back below from a new PDF).
        item.cover = None
        item.cover_generated = False
    if document is None or item.file_format not in EXTRACTORS:
        return
    data = _read(document)
    if data is None:
        return
    item.full_text = _extract_text(item.file_format, data, document)
    if may_draw_cover and item.file_format == "application/pdf":
        cover = _cover_image(data, item, document)
        if cover is not None:
            item.cover = cover
            item.cover_generated = True


def is_open_to_everyone(item):
    from library.models import Access

    return item.access == Access.OPEN


def drop_restricted_cover(item):
    """Take away a cover drawn from the file of an item that is no longer open to everyone (not saved)."""
    if item.cover_generated and not is_open_to_everyone(item):
        item.cover = None
        item.cover_generated = False


def _read(document):
    """The document's bytes, or None when it cannot be read or is too large to read."""
    try:
        size = document.file.size
        if size > MAX_READ_BYTES:
            logger.warning("Document %s is %s bytes: too large to read for text or a cover.", document.pk, size)
            return None
        with document.file.open("rb") as handle:
            return handle.read(MAX_READ_BYTES + 1)[:MAX_READ_BYTES]
    except Exception:  # noqa: BLE001 - any storage failure (missing file, S3 error) only costs the text
        logger.warning("Document %s could not be read for text or a cover.", document.pk, exc_info=True)
        return None


def _extract_text(media_type, data, document):
    try:
        text = EXTRACTORS[media_type](data)
    except Exception:  # noqa: BLE001 - a malformed file of any sort must not stop the save
        logger.warning("No text could be extracted from document %s.", document.pk, exc_info=True)
        return ""
    return normalise_text(text)


# --- Text


def _pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        # Encrypted with a password nobody gave: nothing to read.
        logger.info("An encrypted PDF was left without text.")
        return ""
    parts, length = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or length > FULL_TEXT_LIMIT:
            break
        text = page.extract_text() or ""
        parts.append(text)
        length += len(text)
    return "\n".join(parts)


def _zip_part_text(archive, name):
    """The text inside one XML or XHTML part of a zip archive (tags dropped, entities decoded)."""
    info = archive.getinfo(name)
    if info.file_size > MAX_UNZIPPED_PART_BYTES:
        logger.info("Skipped %s in an archive: %s bytes unzipped.", name, info.file_size)
        return ""
    markup = archive.read(info).decode("utf-8", errors="replace")
    # Paragraph and line ends become new lines, so that words of two paragraphs stay apart.
    markup = re.sub(r"</w:p>|<w:br\s*/>|<w:tab\s*/>|</(?:p|div|h[1-6]|li|tr|title)>|<br\s*/?>", "\n", markup)
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def _docx_text(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _zip_part_text(archive, "word/document.xml")


def _epub_text(data):
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # The content documents in the order the archive holds them (usually the reading order).
        for name in archive.namelist():
            if name.lower().endswith((".xhtml", ".html", ".htm")):
                parts.append(_zip_part_text(archive, name))
                if sum(map(len, parts)) > FULL_TEXT_LIMIT:
                    break
    return "\n".join(parts)


EXTRACTORS = {
    "application/pdf": _pdf_text,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx_text,
    "application/epub+zip": _epub_text,
}

# Thai PDFs made by older word processors use a font's private-use glyphs for tone marks and
# vowels moved out of the way of tall letters; the text layer then holds those code points.
THAI_PRIVATE_USE = str.maketrans(
    {
        0xF700: "\u0e10",
        0xF701: "\u0e34",
        0xF702: "\u0e35",
        0xF703: "\u0e36",
        0xF704: "\u0e37",
        0xF705: "\u0e48",
        0xF706: "\u0e49",
        0xF707: "\u0e4a",
        0xF708: "\u0e4b",
        0xF709: "\u0e4c",
        0xF70A: "\u0e48",
        0xF70B: "\u0e49",
        0xF70C: "\u0e4a",
        0xF70D: "\u0e4b",
        0xF70E: "\u0e4c",
        0xF70F: "\u0e0d",
        0xF710: "\u0e31",
        0xF711: "\u0e4d",
        0xF712: "\u0e47",
        0xF713: "\u0e48",
        0xF714: "\u0e49",
        0xF715: "\u0e4a",
        0xF716: "\u0e4b",
        0xF717: "\u0e4c",
        0xF718: "\u0e38",
        0xF719: "\u0e39",
        0xF71A: "\u0e3a",
    }
)
# SARA AM drawn as NIKHAHIT + SARA AA (a tone mark may sit between them): one letter again.
SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")


def normalise_text(text):
    """``text`` fit for the search index: Thai glyph forms mended, control characters dropped,
    spaces collapsed, empty lines removed, at most ``FULL_TEXT_LIMIT`` characters."""
    text = (text or "").translate(THAI_PRIVATE_USE)
    text = SARA_AM.sub(lambda match: match.group(1) + "\u0e33", text)
    # Control characters (NUL cannot even be stored by PostgreSQL; PDFs leave stray ones behind).
    text = "".join(
        char if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cf", "Cs") else "" for char in text
    )
    lines = (HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    return text[:FULL_TEXT_LIMIT]


# --- Cover


def render_first_page(data, height=COVER_HEIGHT):
    """The first page of the PDF ``data`` as PNG bytes ``height`` pixels high."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[0]
        try:
            page_width, page_height = page.get_size()
            # A page far wider than tall would make a huge bitmap: the width is bounded too.
            scale = min(height / max(page_height, 1), MAX_COVER_WIDTH / max(page_width, 1))
            bitmap = page.render(scale=scale)
            try:
                picture = bitmap.to_pil()
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _cover_image(data, item, document):
    """A Wagtail image of the PDF's first page, or None when it cannot be drawn."""
    from wagtail.images import get_image_model

    try:
        png = render_first_page(data)
    except Exception:  # noqa: BLE001 - encrypted, empty or broken PDFs: no cover, never a failed save
        logger.warning("No cover could be drawn from document %s.", document.pk, exc_info=True)
        return None
    image_model = get_image_model()
    # The same PDF draws the same picture: a draft saved and then published, or an item saved
    # twice, finds the cover made the first time instead of adding another to the library.
    file_hash = hashlib.sha1(png).hexdigest()  # noqa: S324 - Wagtail's own file_hash is SHA-1
    title = COVER_TITLE.format(title=item.title)[:255]
    existing = image_model.objects.filter(file_hash=file_hash, title=title).order_by("pk").first()
    if existing is not None:
        return existing
    image = image_model(title=title, file_hash=file_hash, file_size=len(png))
    image.file = ImageFile(io.BytesIO(png), name=f"library-cover-{document.pk}.png")
    image.save()
    return image
