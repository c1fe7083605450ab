"""Who may download a seminar's attendees-only material (``before_serve_document``, registered in wagtail_hooks).

Wagtail serves every document at ``/documents/<id>/<filename>`` to anyone who has the
address. A document that a seminar lists as "for attendees only" is served only to:

- people with an attended registration for one of the seminars that list it so;
- those who organise one of those seminars, or may edit its page in Wagtail.

Everyone else gets the site's 403 page. A document listed as an open material of any live
seminar (the same file offered to everyone elsewhere) is left to the other checks, as is
a document no seminar restricts. The check takes a constant few queries.
"""

from lms.views import permission_denied

from .models import Registration, RegistrationStatus, SeminarMaterial


def may_download(document, request):
    """True when the requester may download ``document`` (see the module's docstring)."""
    materials = list(SeminarMaterial.objects.filter(document=document).select_related("page"))
    restricted = [material.page for material in materials if material.attendees_only]
    if not restricted:
        return True
    if any(not material.attendees_only and material.page.live for material in materials):
        return True
    user = request.user
    if not user.is_authenticated:
        return False
    seminar_ids = {seminar.pk for seminar in restricted}
    if Registration.objects.filter(
        user=user, session__page_id__in=seminar_ids, status=RegistrationStatus.ATTENDED
    ).exists():
        return True
    return any(seminar.may_organise(user) or seminar.permissions_for_user(user).can_edit() for seminar in restricted)


def check_seminar_document(document, request):
    """The ``before_serve_document`` hook: the site's 403 page when ``may_download`` says no, else None."""
    if may_download(document, request):
        return None
    return permission_denied(request)
