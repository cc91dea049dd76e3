"""Programme administrators manage cohorts and read enrolments in the admin.

Trainers get nothing here: they work with their own cohorts in the trainer screens.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROGRAMME_ADMINISTRATOR = "Programme administrator"
PERMISSIONS = ["add_cohort", "change_cohort", "delete_cohort", "view_cohort", "view_enrolment"]


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations; make them now to use them here."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="courses", codename__in=PERMISSIONS)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    _ensure_permissions(apps)
    group, _created = Group.objects.get_or_create(name=PROGRAMME_ADMINISTRATOR)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=PROGRAMME_ADMINISTRATOR).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
