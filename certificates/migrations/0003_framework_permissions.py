"""Programme administrators manage the competency framework and read evidence and
assessments in the admin.

Trainers reach the admin for H5P uploads but get nothing here: the framework is the
programme's, and they assess through the trainer screens.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROGRAMME_ADMINISTRATOR = "Programme administrator"
MANAGED = ["proficiencylevel", "competency", "rubriccriterion", "certificatetype", "certificaterequirement"]
PERMISSIONS = [
    f"{action}_{model}" for model in MANAGED for action in ("add", "change", "delete", "view")
] + ["view_evidence", "view_assessment"]


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations; make them now to use them here."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="certificates", codename__in=PERMISSIONS
    )


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
        ("certificates", "0002_clusterable_framework"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
