"""Moderation of partner content by programme administrators, and nothing for anyone else.

Creates the "Knowledge article moderation" workflow (one group-approval task for the
programme administrators) and assigns it to every partner index page that already exists;
`services.create_partner_index` assigns it to new ones. Wagtail's default "Editors" and
"Moderators" groups are removed (least privilege: nobody should inherit their broad page
permissions by accident) and the default workflow's task is handed to the administrators.
"""

from django.db import migrations

WORKFLOW_NAME = "Knowledge article moderation"
TASK_NAME = "Approval by a programme administrator"
DEFAULT_TASK_NAME = "Programme administrator approval"
ADMINISTRATORS = "Programme administrator"
WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def _group_approval_task(apps, name, administrators):
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=name, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set([administrators])
    return task


def create_moderation(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    PartnerIndexPage = apps.get_model("partners", "PartnerIndexPage")

    administrators = Group.objects.get(name=ADMINISTRATORS)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = _group_approval_task(apps, TASK_NAME, administrators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index_page in PartnerIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index_page.pk, defaults={"workflow": workflow})

    # Wagtail's default workflow ("Moderators approval") stays on the root page for all other
    # content, now approved by the administrators instead of the removed Moderators group.
    for default_task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        default_task.groups.set([administrators])
        default_task.name = DEFAULT_TASK_NAME
        default_task.save(update_fields=["name"])
    Workflow.objects.filter(name="Moderators approval").update(name=DEFAULT_TASK_NAME)
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_partner_editors_and_optional_facts"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_moderation, migrations.RunPython.noop)]
