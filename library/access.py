"""Who may open a library item's file. One function decides, for every address that serves it.

``may_open(user, item, request=None)`` is asked by the item page (to show or hide the
preview and download), by ``library.file_views`` (download, preview) and by the
``before_serve_document`` hook on Wagtail's own ``/documents/<id>/<name>`` (``check_document``
below), so no address reaches a file past the rules:

- the item's page privacy (Wagtail's "Privacy" setting on the item or the library above it:
  signed-in users, some groups, or a password) must admit the visitor;
- then the item's ``access``: ``OPEN`` anyone; ``SIGNED_IN`` any signed-in user;
  ``CIVIL_SERVANTS`` users whose learner type is civil servant, staff and superusers, and
  anyone who may edit the item in Wagtail (its authors check their own uploads).

``refusal_reason`` says why not, in a sentence for the visitor; ``check_access`` answers a
refused request: a visitor who is not signed in goes to the login page (and comes back), a
signed-in visitor (or one whom logging in would not help) gets the site's 403 page with the reason.
"""

from types import SimpleNamespace

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext as _

from lms.models import LearnerType

from .models import Access, LibraryFile, LibraryItemPage


def _request_for(user):
    """What Wagtail's view restrictions read from a request, for a user without one (no password passed)."""
    return SimpleNamespace(user=user, session={})


def _privacy_refusal(item, request):
    """``(reason, login_helps)`` when the item's privacy setting does not admit ``request``, else None."""
    for restriction in item.get_view_restrictions():
        if restriction.accept_request(request):
            continue
        if restriction.restriction_type == restriction.PASSWORD:
            return _("This item is protected by a password. Open its page and enter the password first."), False
        reason = _("This item is private. Only the people its privacy setting names may open it.")
        return reason, not request.user.is_authenticated
    return None


def _may_edit(user, item):
    return item.permissions_for_user(user).can_edit()


def _refusal(user, item, request):
    """``(reason, login_helps)``: why ``user`` may not open the file and whether logging in could change that."""
    privacy = _privacy_refusal(item, request or _request_for(user))
    if privacy:
        return privacy
    if item.access == Access.OPEN:
        return "", False
    if not user.is_authenticated:
        if item.access == Access.CIVIL_SERVANTS:
            return _("This file is for civil servants only. Log in with your account to open it."), True
        return _("This file is for signed-in users. Log in to open it."), True
    if item.access == Access.SIGNED_IN:
        return "", False
    if user.learner_type == LearnerType.CIVIL_SERVANT or user.is_staff or user.is_superuser:
        return "", False
    if _may_edit(user, item):
        return "", False
    reason = _(
        "This file is for civil servants only, and your account is not registered as a civil servant's. "
        "If you are a civil servant, change your learner type in your profile."
    )
    return reason, False


def refusal_reason(user, item, request=None):
    """Why ``user`` may not open ``item``'s file, as a sentence; "" when they may.

    Pass the ``request`` where there is one: a password given for the page's privacy
    setting is remembered in its session. Without it, a password-protected item is refused.
    """
    return _refusal(user, item, request)[0]


def may_open(user, item, request=None):
    """True when ``user`` may preview and download ``item``'s file (see the module's docstring)."""
    return not refusal_reason(user, item, request)


def is_restricted(item):
    """True when not everyone may open the item's file (its responses must not be kept by shared caches)."""
    return item.access != Access.OPEN or item.get_view_restrictions().exists()


def check_access(request, item):
    """None when the requester may open ``item``'s file; otherwise the answer to give them.

    A visitor who is not signed in, where logging in could help, goes to the login page and
    comes back to the same address; anyone else gets the 403 page with the reason.
    """
    reason, login_helps = _refusal(request.user, item, request)
    if not reason:
        return None
    if login_helps:
        return redirect_to_login(request.get_full_path())
    return render(request, "library/file_refused.html", {"item": item, "reason": reason}, status=403)


def check_document(document, request):
    """The ``before_serve_document`` hook: a library item's file obeys the strictest of its items.

    Every item that has the document as its file now counts, published or not (an
    unpublished item's restricted file stays restricted). A document that was an item's file
    once (an earlier or a draft version, or an item since deleted: ``LibraryFile``) and is
    no item's file now goes only to those who may change it in the editor. Returns the
    refusal, or None to let Wagtail (and the other hooks, such as the lessons' in
    ``courses.documents``) decide.
    """
    items = list(LibraryItemPage.objects.filter(document_id=document.pk).order_by("pk"))
    for item in items:
        refusal = check_access(request, item)
        if refusal is not None:
            return refusal
    if items or not LibraryFile.objects.filter(document_id=document.pk).exists():
        return None
    if _may_change_document(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reason = _("This file is no longer part of the library.")
    return render(request, "library/file_refused.html", {"item": None, "reason": reason}, status=403)


def _may_change_document(user, document):
    if not user.is_authenticated:
        return False
    from wagtail.documents.permissions import permission_policy

    return permission_policy.user_has_permission_for_instance(user, "change", document)
