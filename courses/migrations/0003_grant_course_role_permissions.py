"""Give the role groups their permissions on course categories, enrolments and lesson progress.

Administrators manage categories and enrolments and read lesson progress; training officers
view enrolments and add them (bulk enrolment of their agency's staff); instructors view
enrolments (only of their own courses: the views enforce that). The lists are frozen here,
as they stood when this migration was written; ``lms/roles.py`` describes the same.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lms.roles import grant

INSTRUCTORS = "Instructors"
TRAINING_OFFICERS = "Training officers"
ADMINISTRATORS = "Administrators"

COURSE_PERMISSIONS = {
    INSTRUCTORS: ("courses.view_enrolment",),
    TRAINING_OFFICERS: ("courses.view_enrolment", "courses.add_enrolment"),
    ADMINISTRATORS: (
        "courses.add_coursecategory", "courses.change_coursecategory",
        "courses.delete_coursecategory", "courses.view_coursecategory",
        "courses.add_enrolment", "courses.change_enrolment", "courses.delete_enrolment", "courses.view_enrolment",
        "courses.view_lessonprogress",
    ),
}


def grant_course_permissions(apps, schema_editor):
    # Django creates permissions after all migrations have run; these are needed now.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    for group_name, permissions in COURSE_PERMISSIONS.items():
        grant(apps, group_name, permissions)


def revoke_course_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in COURSE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        codenames = [name.split(".", 1)[1] for name in permissions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_course_lesson_enrolment_progress"),
        ("lms", "0003_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_course_permissions, revoke_course_permissions)]
