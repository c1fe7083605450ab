"""Create the Instructors, Training officers and Administrators groups with their permissions.

The permission lists are frozen here, as they stood when this migration was written, so
that a later edit of ``lms/roles.py`` cannot change what this migration does: a change to
a role's permissions belongs in a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTORS = "Instructors"
TRAINING_OFFICERS = "Training officers"
ADMINISTRATORS = "Administrators"
ROLE_GROUPS = (INSTRUCTORS, TRAINING_OFFICERS, ADMINISTRATORS)

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
}
# Image and document permissions, granted on the root collection.
COLLECTION_PERMISSIONS = {INSTRUCTORS: IMAGE_DOC_EDITOR, TRAINING_OFFICERS: (), ADMINISTRATORS: IMAGE_DOC_ALL}
# Page permissions granted on the root of the page tree.
ROOT_PAGE_PERMISSIONS = {INSTRUCTORS: (), TRAINING_OFFICERS: (), ADMINISTRATORS: PAGE_ALL}


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root_collection = Collection.objects.filter(depth=1).first()
    root_page = Page.objects.filter(depth=1).first()

    for name in ROLE_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        for permission_name in MODEL_PERMISSIONS[name]:
            app_label, codename = permission_name.split(".", 1)
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        for codename in COLLECTION_PERMISSIONS[name]:
            permission = Permission.objects.get(content_type__app_label__in=("wagtailimages", "wagtaildocs"), codename=codename)
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
        for codename in ROOT_PAGE_PERMISSIONS[name]:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_consent_records"),
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
