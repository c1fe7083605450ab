"""A library item's file, behind the access check: download and inline preview.

- ``download`` (``/library/items/<id>/download/``) sends the file as an attachment, named
  after the item's title (RFC 5987 ``filename*`` for Thai, with an ASCII ``filename`` for
  old clients), streamed from the storage, and counts a download. An item with only an
  external address sends the visitor there (302), counted as a download too.
- ``preview`` (``/library/items/<id>/preview/``) shows a PDF in the browser's own viewer, or
  plays an MP4 or MP3, inline; it counts as a view of the item (``library.usage``). Any other
  file goes to the download.

Both ask ``library.access.check_access`` first (the same rules as Wagtail's own document
address, see ``library.wagtail_hooks``); an unpublished item is not found. Files are served
with the type their extension says only when it is one the library allows; anything else
(HTML, SVG, scripts, an unknown type) goes out as an ``application/octet-stream``
attachment, never inline. Every file response has ``X-Content-Type-Options: nosniff`` and
``Content-Security-Policy: sandbox`` (a file shown in the browser runs no script in the
site's origin); a restricted item's file is ``Cache-Control: private``.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .access import check_access, is_restricted
from .files import MEDIA_TYPES
from .models import LibraryItemPage
from .usage import record_download, record_view

# What may be shown in the browser rather than saved: the browser's PDF viewer, audio and video.
INLINE_TYPES = {"application/pdf", "video/mp4", "audio/mpeg"}
# Never sent with their own type, whatever the allow-list says (it does not list them today).
NEVER_OWN_TYPE = {"html", "htm", "xhtml", "svg", "svgz", "xml", "js", "mjs"}
FILE_CSP = "sandbox; frame-ancestors 'self'"
UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


def served_type(document):
    """The Content-Type ``document`` is sent with: its own when the library allows it, else octet-stream."""
    extension = document.file_extension.lower()
    if extension in NEVER_OWN_TYPE:
        return "application/octet-stream"
    return MEDIA_TYPES.get(extension, "application/octet-stream")


def download_filename(item, document):
    """The name a downloaded file is saved under: the item's title with the file's extension."""
    extension = document.file_extension.lower()
    stem = " ".join(UNSAFE_IN_FILENAME.sub(" ", item.title or "").split())[:120].strip(" .")
    if not stem:
        return document.filename
    return f"{stem}.{extension}" if extension else stem


def content_disposition(disposition, filename, fallback):
    """``attachment`` or ``inline`` with ``filename`` for every client: RFC 5987 ``filename*`` and an ASCII one."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-.")
    if "." not in ascii_name or ascii_name.startswith("."):
        ascii_name = fallback
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _open_for_streaming(document):
    """``(file-like, size or None)``: the document's bytes as a stream from its storage.

    On S3 the object's body is streamed as it arrives (django-storages' own file would
    first copy the whole object into memory); elsewhere the storage's file is used.
    """
    handle = document.file.storage.open(document.file.name, "rb")
    s3_object = getattr(handle, "obj", None)
    if s3_object is not None and hasattr(s3_object, "get"):
        answer = s3_object.get()
        return answer["Body"], answer.get("ContentLength")
    return handle, None


def file_response(request, item, inline):
    """The item's document as a streamed response (see the module's docstring for the headers)."""
    document = item.document
    media_type = served_type(document)
    inline = inline and media_type in INLINE_TYPES
    try:
        handle, size = _open_for_streaming(document)
    except FileNotFoundError:
        raise Http404("The file is missing from the storage.") from None
    response = FileResponse(handle, content_type=media_type)
    if size is not None:
        response["Content-Length"] = str(size)
    extension = document.file_extension.lower() or "bin"
    response["Content-Disposition"] = content_disposition(
        "inline" if inline else "attachment",
        download_filename(item, document),
        fallback=f"library-item-{item.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if is_restricted(item):
        patch_cache_control(response, private=True)
    return response


MAX_ID = 2**31 - 1  # a larger number is no page's id (and overflows the database's integer)


def _live_item(item_id):
    if item_id > MAX_ID:
        raise Http404("No such item.")
    return get_object_or_404(LibraryItemPage.objects.live().select_related("document"), pk=item_id)


@require_safe
def download(request, item_id):
    """The item's file as an attachment, or its external address; counts a download."""
    item = _live_item(item_id)
    refusal = check_access(request, item)
    if refusal is not None:
        return refusal
    if item.document is None:
        if not item.external_url:
            raise Http404("This item has no file.")
        record_download(request, item)
        return HttpResponseRedirect(item.external_url)
    response = file_response(request, item, inline=False)
    record_download(request, item)
    return response


@require_safe
def preview(request, item_id):
    """The item's PDF, video or audio shown in the browser; anything else goes to the download. Counts a view."""
    item = _live_item(item_id)
    refusal = check_access(request, item)
    if refusal is not None:
        return refusal
    if item.document is None or served_type(item.document) not in INLINE_TYPES:
        return redirect("library:download", item_id=item.pk)
    response = file_response(request, item, inline=True)
    record_view(request, item)
    return response
