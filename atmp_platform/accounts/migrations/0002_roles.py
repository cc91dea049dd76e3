"""Create the four roles as groups, with the permissions each needs and no more.

Partner editors get their page and collection permissions per partner, from
`atmp_platform.partners.services.add_partner_editor`; here they get only admin access and the
right to use images and documents. Programme administrators manage all content.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STUDENT = "Student"
TRAINER = "Trainer"
PARTNER_EDITOR = "Partner editor"
PROGRAMME_ADMINISTRATOR = "Programme administrator"

MODEL_PERMISSIONS = {
    STUDENT: [],
    TRAINER: [],
    PARTNER_EDITOR: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "choose_document"),
    ],
    PROGRAMME_ADMINISTRATOR: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtaildocs", "delete_document"),
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "view_user"),
        ("home", "change_sitesettings"),
        ("wagtailredirects", "add_redirect"),
        ("wagtailredirects", "change_redirect"),
        ("wagtailredirects", "delete_redirect"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("wagtail_localize", "submit_translation"),
        ("audit", "view_auditevent"),
    ],
}
ADMIN_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]
ADMIN_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
]


def _ensure_permissions(apps):
    """Permissions are normally made after all migrations; make them now to use them here."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    _ensure_permissions(apps)

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    for name, permissions in MODEL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(permission(*p) for p in permissions))

    administrators = Group.objects.get(name=PROGRAMME_ADMINISTRATOR)
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for kind in ADMIN_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=administrators,
                page=root_page,
                permission=permission("wagtailcore", f"{kind}_page"),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codename in ADMIN_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=administrators,
                collection=root_collection,
                permission=permission(app_label, codename),
            )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(MODEL_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0001_initial"),
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
