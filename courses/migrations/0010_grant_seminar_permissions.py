"""Give training officers and administrators the seminar registrations' permissions in the editor.

Training officers see registrations (the approvals screen shows only their agency's staff);
administrators see and change any (approve, decline, mark attendance, cancel sessions).
Instructors organise the seminars they own or are listed on, which needs no model
permission. Frozen here as it stood when written; ``lms/roles.py`` describes the same.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lms.roles import grant

TRAINING_OFFICERS = "Training officers"
ADMINISTRATORS = "Administrators"
SEMINAR_PERMISSIONS = {
    TRAINING_OFFICERS: ("courses.view_registration",),
    ADMINISTRATORS: ("courses.view_registration", "courses.change_registration"),
}


def grant_seminar_permissions(apps, schema_editor):
    # Django creates permissions after all migrations have run; these are needed now.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group_name, permissions in SEMINAR_PERMISSIONS.items():
        grant(apps, group_name, permissions)


def revoke_seminar_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in SEMINAR_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [name.split(".", 1)[1] for name in permissions]
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="courses", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0009_seminars"),
        ("lms", "0003_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_seminar_permissions, revoke_seminar_permissions)]
