"""Demo builder: the instructors' page permissions on the catalogue index pages.

Grants ``roles.INSTRUCTOR_INDEX_PAGE_PERMISSIONS`` to the Instructors group on the
index pages ``build_pages`` put on ``demo.pages``. Permissions already held are left as
they are and none is taken away, so a second run changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from lms import roles


def build_page_permissions(demo):
    """Let instructors add (and, where listed, edit) pages under the library, seminar and course indexes."""
    group, _created = Group.objects.get_or_create(name=roles.INSTRUCTORS)
    codenames = {codename for codenames in roles.INSTRUCTOR_INDEX_PAGE_PERMISSIONS.values() for codename in codenames}
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    }
    for key, page_codenames in roles.INSTRUCTOR_INDEX_PAGE_PERMISSIONS.items():
        page = demo.pages[key]
        for codename in page_codenames:
            _grant, created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permissions[codename]
            )
            if created:
                demo.changed(f"let instructors {codename.replace('_page', '')} pages under {page.url_path}")
    return group
