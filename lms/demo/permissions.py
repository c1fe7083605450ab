"""Demo builders: the instructors' page permissions and the course review workflow.

``build_page_permissions`` grants ``roles.INSTRUCTOR_INDEX_PAGE_PERMISSIONS`` to the
Instructors group on the index pages ``build_pages`` put on ``demo.pages``, and takes back
the grants listed in ``roles.WITHDRAWN_INSTRUCTOR_INDEX_PAGE_PERMISSIONS`` that an older demo
made (instructors adding pages anywhere under the course catalogue). Other permissions are
left as they are. ``build_course_review_workflow`` makes changes under the course catalogue
go through an administrator's approval, and ``build_course_editors`` gives each course's
instructors their course (publishing a course does that too; this catches courses published
before). A second run of any of them changes nothing.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from courses.permissions import ensure_course_review_workflow, sync_every_course_editors
from lms import roles


def build_page_permissions(demo):
    """Let instructors add and edit pages under the library and seminar indexes (not the course catalogue)."""
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
    for key, page_codenames in roles.WITHDRAWN_INSTRUCTOR_INDEX_PAGE_PERMISSIONS.items():
        page = demo.pages[key]
        deleted, _by_model = GroupPagePermission.objects.filter(
            group=group,
            page=page,
            permission__content_type__app_label="wagtailcore",
            permission__codename__in=page_codenames,
        ).delete()
        if deleted:
            demo.changed(f"took back the instructors' {', '.join(page_codenames)} under {page.url_path}")
    return group


def build_course_review_workflow(demo):
    """Send instructors' changes to courses to an administrator for approval (the "Course review" workflow)."""
    workflow, changes = ensure_course_review_workflow(demo.pages["courses"])
    for change in changes:
        demo.changed(change)
    return workflow


def build_course_editors(demo):
    """Let each demo course's listed instructors edit it (``courses.permissions``)."""
    changed = sync_every_course_editors()
    if changed:
        demo.changed(f"updated the editors of {changed} course(s)")
