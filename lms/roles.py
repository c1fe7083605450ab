"""The platform's roles as Django groups, and the permissions each one needs.

This is the live description of the roles (the tests check the groups against it). The
data migration ``lms/migrations/0003_create_role_groups.py`` created the groups from a
frozen copy of these lists, so editing them here changes nothing in a database: a change
to a role's permissions needs a new data migration (which can call ``grant``), and the
lists here should be updated to match. Later issues add the permissions for their own
models the same way (``courses/migrations/0003_grant_course_role_permissions.py`` for
categories, enrolments and lesson progress). Page permissions below the home page
(instructors on the catalogue index pages, ``INSTRUCTOR_INDEX_PAGE_PERMISSIONS``) are
granted by ``load_demo``, since those pages are content; instructors' rights on courses
come from each course's own editors group (``courses.permissions``).
"""

INSTRUCTORS = "Instructors"
TRAINING_OFFICERS = "Training officers"
ADMINISTRATORS = "Administrators"
ROLE_GROUPS = (INSTRUCTORS, TRAINING_OFFICERS, ADMINISTRATORS)

# "add" lets a user edit and delete what they uploaded themselves; "change"/"delete" reach everyone's.
IMAGE_DOC_EDITOR = ("add_image", "choose_image", "add_document", "choose_document")
IMAGE_DOC_ALL = (*IMAGE_DOC_EDITOR, "change_image", "change_document", "delete_image", "delete_document")
PAGE_ALL = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")

# Model permissions per role, as "app_label.codename". Changing these needs a new migration.
MODEL_PERMISSIONS = {
    # "view_enrolment": the learners of the courses they teach (the views enforce "their own").
    # The library's subjects and CSV import (library/migrations/0003).
    INSTRUCTORS: (
        "wagtailadmin.access_admin", "courses.view_enrolment",
        "library.add_subject", "library.change_subject", "library.view_subject", "library.import_items",
    ),
    # "add_enrolment": bulk enrolment of their agency's staff.
    TRAINING_OFFICERS: (
        "wagtailadmin.access_admin", "lms.view_user", "lms.view_agency",
        "courses.view_enrolment", "courses.add_enrolment",
        # Seminar approvals of their agency's staff (courses/migrations/0010).
        "courses.view_registration",
    ),
    ADMINISTRATORS: (
        "wagtailadmin.access_admin",
        "lms.add_user", "lms.change_user", "lms.delete_user", "lms.view_user",
        "lms.add_agency", "lms.change_agency", "lms.delete_agency", "lms.view_agency",
        "lms.view_consentrecord",
        "auth.add_group", "auth.change_group", "auth.delete_group", "auth.view_group",
        "home.change_sitesettings", "home.view_sitesettings",
        "wagtailcore.add_site", "wagtailcore.change_site", "wagtailcore.delete_site", "wagtailcore.view_site",
        "wagtailcore.add_collection", "wagtailcore.change_collection", "wagtailcore.delete_collection",
        "wagtailcore.add_workflow", "wagtailcore.change_workflow", "wagtailcore.delete_workflow",
        "wagtailcore.add_task", "wagtailcore.change_task", "wagtailcore.delete_task",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
        "courses.add_coursecategory", "courses.change_coursecategory",
        "courses.delete_coursecategory", "courses.view_coursecategory",
        "courses.add_enrolment", "courses.change_enrolment", "courses.delete_enrolment", "courses.view_enrolment",
        "courses.view_lessonprogress",
        # Certificates (courses/migrations/0007): see them, revoke them, make their PDF again;
        # who signs them (home/migrations/0003).
        "courses.view_certificate", "courses.change_certificate",
        "home.add_signatory", "home.change_signatory", "home.delete_signatory", "home.view_signatory",
        # The e-library (library/migrations/0003): subjects, the CSV import, usage figures.
        "library.add_subject", "library.change_subject", "library.view_subject", "library.import_items",
        "library.delete_subject", "library.view_itemusageday",
        # Seminar registrations (courses/migrations/0010): approvals, attendance, cancelled sessions.
        "courses.view_registration", "courses.change_registration",
    ),
}  # fmt: skip
# Image and document permissions, granted on the root collection.
COLLECTION_PERMISSIONS = {INSTRUCTORS: IMAGE_DOC_EDITOR, TRAINING_OFFICERS: (), ADMINISTRATORS: IMAGE_DOC_ALL}
# Page permissions granted on the root of the page tree (instructors get theirs per course).
ROOT_PAGE_PERMISSIONS = {INSTRUCTORS: (), TRAINING_OFFICERS: (), ADMINISTRATORS: PAGE_ALL}
# Page permissions instructors hold on the catalogue index pages, by the pages' keys in
# ``lms.demo`` (``demo.pages``). The pages are content, not schema, so ``load_demo``
# grants these rather than a migration: instructors write library items and seminar
# pages. Nothing on the course catalogue: an administrator creates a course and lists its
# instructors, who then edit that course and its lessons only (``courses.permissions``).
INSTRUCTOR_INDEX_PAGE_PERMISSIONS = {
    "library": ("add_page", "change_page"),
    "seminars": ("add_page", "change_page"),
}
# Grants earlier versions of the demo made and ``load_demo`` now takes back.
WITHDRAWN_INSTRUCTOR_INDEX_PAGE_PERMISSIONS = {"courses": ("add_page",)}


def grant(apps, group_name, permissions):
    """Give ``group_name`` the model permissions named "app_label.codename" (missing ones are an error)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    for name in permissions:
        app_label, codename = name.split(".", 1)
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group
