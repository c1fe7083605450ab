"""The platform's roles as Django groups, and the permissions each one needs.

The data migration ``0002_create_role_groups`` creates the groups; later issues add the
permissions for their own models in migrations of their own, through ``grant``.
"""

INSTRUCTORS = "Instructors"
TRAINING_OFFICERS = "Training officers"
ADMINISTRATORS = "Administrators"
ROLE_GROUPS = (INSTRUCTORS, TRAINING_OFFICERS, ADMINISTRATORS)

# "add" lets a user edit and delete what they uploaded themselves; "change"/"delete" reach everyone's.
IMAGE_DOC_EDITOR = ("add_image", "choose_image", "add_document", "choose_document")
IMAGE_DOC_ALL = (*IMAGE_DOC_EDITOR, "change_image", "change_document", "delete_image", "delete_document")
PAGE_ALL = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")

# Model permissions per role, as "app_label.codename".
MODEL_PERMISSIONS = {
    INSTRUCTORS: ("wagtailadmin.access_admin",),
    TRAINING_OFFICERS: ("wagtailadmin.access_admin", "lms.view_user", "lms.view_agency"),
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
    ),
}  # fmt: skip
# Image and document permissions, granted on the root collection.
COLLECTION_PERMISSIONS = {INSTRUCTORS: IMAGE_DOC_EDITOR, TRAINING_OFFICERS: (), ADMINISTRATORS: IMAGE_DOC_ALL}
# Page permissions granted on the root of the page tree (instructors get theirs per course).
ROOT_PAGE_PERMISSIONS = {INSTRUCTORS: (), TRAINING_OFFICERS: (), ADMINISTRATORS: PAGE_ALL}


def grant(apps, group_name, permissions):
    """Give ``group_name`` the model permissions named "app_label.codename" (missing ones are an error)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    for name in permissions:
        app_label, codename = name.split(".", 1)
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group
