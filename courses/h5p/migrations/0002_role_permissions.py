"""Who may use the H5P library in the admin (DESIGN.md, H5P).

Programme administrators: everything, including installing content types. Trainers: reach
the admin (behind MFA), see the library and the installed content types, and upload content
that uses installed content types. Students and partner editors: nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINER = "Trainer"
PROGRAMME_ADMINISTRATOR = "Programme administrator"

PERMISSIONS = {
    PROGRAMME_ADMINISTRATOR: [
        ("h5p", "add_h5pcontent"),
        ("h5p", "change_h5pcontent"),
        ("h5p", "delete_h5pcontent"),
        ("h5p", "view_h5pcontent"),
        ("h5p", "view_h5plibrary"),
        ("h5p", "install_h5p_content_types"),
        ("h5p", "view_h5pupload"),
    ],
    TRAINER: [
        ("wagtailadmin", "access_admin"),
        ("h5p", "add_h5pcontent"),
        ("h5p", "view_h5pcontent"),
        ("h5p", "view_h5plibrary"),
    ],
}


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations; make them now to use them here."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions(apps)
    for name, permissions in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in permissions
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="h5p",
                codename__in=[codename for app_label, codename in permissions if app_label == "h5p"],
            )
        )
        if name == TRAINER:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("h5p", "0001_initial"),
        ("accounts", "0002_roles"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
