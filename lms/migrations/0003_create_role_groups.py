"""Create the Instructors, Training officers and Administrators groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lms import roles


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root_collection = Collection.objects.filter(depth=1).first()
    root_page = Page.objects.filter(depth=1).first()

    for name in roles.ROLE_GROUPS:
        group = roles.grant(apps, name, roles.MODEL_PERMISSIONS[name])
        for codename in roles.COLLECTION_PERMISSIONS[name]:
            permission = Permission.objects.get(content_type__app_label__in=("wagtailimages", "wagtaildocs"), codename=codename)
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
        for codename in roles.ROOT_PAGE_PERMISSIONS[name]:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0002_consent_records"),
        ("home", "0001_initial"),
        ("wagtailcore", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("wagtailredirects", "__latest__"),
        ("auth", "__latest__"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
