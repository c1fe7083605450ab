"""Give administrators the permissions of the "Certificates" screens in the editor.

``view_certificate`` opens the list, each certificate's page, its PDF and the exports;
``change_certificate`` revokes a certificate and makes its PDF again
(``courses.certificate_admin``). Nobody else holds either: instructors and training
officers are refused. Frozen here as it stood when written; ``lms/roles.py`` describes the
same.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lms.roles import grant

ADMINISTRATORS = "Administrators"

CERTIFICATE_PERMISSIONS = {ADMINISTRATORS: ("courses.view_certificate", "courses.change_certificate")}


def grant_certificate_permissions(apps, schema_editor):
    # Django creates permissions after all migrations have run; these are needed now.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group_name, permissions in CERTIFICATE_PERMISSIONS.items():
        grant(apps, group_name, permissions)


def revoke_certificate_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in CERTIFICATE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [name.split(".", 1)[1] for name in permissions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_certificates"),
        ("lms", "0003_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_certificate_permissions, revoke_certificate_permissions)]
