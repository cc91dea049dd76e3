"""Programme administrators and trainers write scenarios in the admin; only programme
administrators delete them (and never one with runs: the admin refuses that).

Both groups already reach the admin (accounts 0002, courses.h5p 0002).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER = "Trainer"
PROGRAMME_ADMINISTRATOR = "Programme administrator"
WRITE = ["add_scenario", "change_scenario", "view_scenario"]
GRANTS = {
    TRAINER: WRITE,
    PROGRAMME_ADMINISTRATOR: [*WRITE, "delete_scenario"],
}


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations; make them now to use them here."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="simulations", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    _ensure_permissions(apps)
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("simulations", "0002_setup"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
