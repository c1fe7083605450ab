"""Give instructors and administrators the e-library's permissions in the editor.

Instructors write library items (their page permissions on ``/library/`` come from
``load_demo``), so they also keep the subject headings and run the CSV import
(``library.import_items``). Administrators have all of that and the usage figures.
Frozen here as it stood when written; ``lms/roles.py`` describes the same.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lms.roles import grant

INSTRUCTORS = "Instructors"
ADMINISTRATORS = "Administrators"
LIBRARIAN = ("library.add_subject", "library.change_subject", "library.view_subject", "library.import_items")
LIBRARY_PERMISSIONS = {
    INSTRUCTORS: LIBRARIAN,
    ADMINISTRATORS: (*LIBRARIAN, "library.delete_subject", "library.view_itemusageday"),
}


def grant_library_permissions(apps, schema_editor):
    # Django creates permissions after all migrations have run; these are needed now.
    app_config = apps.get_app_config("library")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group_name, permissions in LIBRARY_PERMISSIONS.items():
        grant(apps, group_name, permissions)


def revoke_library_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in LIBRARY_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [name.split(".", 1)[1] for name in permissions]
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="library", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_library_items"),
        ("lms", "0003_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_library_permissions, revoke_library_permissions)]
