"""The e-library in the Wagtail editor and on Wagtail's own document addresses.

- ``before_serve_document``: a document that is a library item's file is served at
  ``/documents/<id>/<name>`` only to those who may open the item (``library.access``); with
  the lessons' own hook (``courses.wagtail_hooks``) both must agree, so the stricter wins.
- The "Library usage" report under Reports (``library.admin_usage``).
"""

from wagtail import hooks


@hooks.register("before_serve_document")
def check_library_document(document, request):
    from library.access import check_document

    return check_document(document, request)


@hooks.register("register_admin_urls")
def register_usage_report_urls():
    from library.admin_usage import admin_urls

    return admin_urls()


@hooks.register("register_reports_menu_item")
def register_usage_report_menu_item():
    from library.admin_usage import menu_item

    return menu_item()


from . import admin_import  # noqa: E402,F401  (registers the "Import library items" screen)
