"""Give administrators the permissions to add, change and delete certificate signatories.

Signatories (``home.Signatory``) are edited as a snippet under Settings
(``home/wagtail_hooks.py``). Instructors may choose one for a course (a chooser needs no
permission) but not add, change or delete one. Frozen here as it stood when written;
``lms/roles.py`` describes the same.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lms.roles import grant

ADMINISTRATORS = "Administrators"

SIGNATORY_PERMISSIONS = {
    ADMINISTRATORS: ("home.add_signatory", "home.change_signatory", "home.delete_signatory", "home.view_signatory"),
}


def grant_signatory_permissions(apps, schema_editor):
    # Django creates permissions after all migrations have run; these are needed now.
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group_name, permissions in SIGNATORY_PERMISSIONS.items():
        grant(apps, group_name, permissions)


def revoke_signatory_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in SIGNATORY_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [name.split(".", 1)[1] for name in permissions]
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="home", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_signatories"),
        ("lms", "0003_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_signatory_permissions, revoke_signatory_permissions)]
