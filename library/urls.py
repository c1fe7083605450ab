"""The e-library's own URLs under ``/library/`` (matched before Wagtail's page tree).

The index and item pages are Wagtail pages; these are the endpoints beside them: the
OAI-PMH base URL (``library.oai``), the item file's download and inline preview behind the
access check (``library.file_views``), and the citation downloads (``library.citation``).
"""

from django.urls import path  # noqa: F401 - each part adds its routes with path()

from . import citation, file_views, oai

app_name = "library"

urlpatterns: list = [
    # Each part adds its routes here.
    path("items/<int:item_id>/download/", file_views.download, name="download"),
    path("items/<int:item_id>/preview/", file_views.preview, name="preview"),
    path("items/<int:item_id>/cite.bib", citation.bibtex, name="bibtex"),
    path("items/<int:item_id>/cite.ris", citation.ris, name="ris"),
    path("oai/", oai.endpoint, name="oai"),
]
