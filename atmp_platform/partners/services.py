"""Partner organisations, their editors and the moderation of what they publish.

Permissions are set up here, never by hand in the admin: each partner gets its own group
("Partner editors: <name>") with the right to add pages under its partner page only — Wagtail
lets the owner of such a page edit it and submit it for moderation, but not publish it — and
a collection for its images and documents.

Group changes are audited as "role.granted"/"role.revoked" by the accounts app's signal (with
the actor given here); these services add one "partner.editor_added"/"partner.editor_removed"
event that names the partner and the reason.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from atmp_platform.accounts import roles
from atmp_platform.accounts.actor import acting_as
from atmp_platform.audit.services import record_event

from .models import PartnerIndexPage, PartnerPage, ProjectRole

MODERATION_WORKFLOW_NAME = "Knowledge article moderation"
MODERATION_TASK_NAME = "Approval by a programme administrator"
EDITORS_GROUP_PREFIX = "Partner editors: "
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_moderation_workflow(*, index_page: PartnerIndexPage) -> Workflow:
    """Send everything published under `index_page` through the administrators' approval.

    Idempotent. Migration 0003 creates the same workflow; this also repairs it if an
    administrator has removed its task or group.
    """
    workflow, _created = Workflow.objects.get_or_create(
        name=MODERATION_WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=MODERATION_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_TASK_NAME)
    task.groups.add(Group.objects.get(name=roles.PROGRAMME_ADMINISTRATOR))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def create_partner_index(
    *, parent: Page, title: str, slug: str, introduction: str = ""
) -> PartnerIndexPage:
    """Create and publish the partner index under `parent` with moderation switched on."""
    index_page = PartnerIndexPage(title=title, slug=slug, introduction=introduction)
    parent.add_child(instance=index_page)
    index_page.save_revision().publish()
    ensure_moderation_workflow(index_page=index_page)
    return index_page


def _create_editors_group(name: str) -> Group:
    group_name = f"{EDITORS_GROUP_PREFIX}{name}"[:150]
    if Group.objects.filter(name=group_name).exists():
        raise ValidationError(
            _("A group named “%(name)s” already exists; choose another partner name.")
            % {"name": group_name}
        )
    return Group.objects.create(name=group_name)


def _create_collection(*, name: str, group: Group) -> Collection:
    collection = Collection.get_first_root_node().add_child(name=name)
    for app_label, codename in EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )
    return collection


@transaction.atomic
def set_up_partner_access(*, partner: PartnerPage) -> PartnerPage:
    """Give `partner` its editors group, page permission and media collection.

    The group may add pages under this partner page only (no change or publish right on the
    partner page itself). Idempotent: a partner that has its group already is left alone.
    Raises ValidationError when a group of that name exists.
    """
    if partner.editors_group_id is not None:
        return partner
    group = _create_editors_group(partner.title)
    partner.editors_group = group
    partner.collection = _create_collection(name=partner.title, group=group)
    PartnerPage.objects.filter(pk=partner.pk).update(
        editors_group=group, collection=partner.collection
    )
    GroupPagePermission.objects.create(
        group=group, page=partner, permission=_permission("wagtailcore", "add_page")
    )
    return partner


@transaction.atomic
def create_partner(
    *,
    parent: PartnerIndexPage,
    name: str,
    kind: str = "",
    region: str = "",
    role: str = ProjectRole.PARTNER,
    role_description: str = "",
    website: str = "",
    description: str = "",
    logo=None,
    slug: str = "",
) -> PartnerPage:
    """Create and publish a partner page, then set up its editors (see set_up_partner_access).

    Raises ValidationError when the page slug or the group name is taken.
    """
    partner = PartnerPage(
        title=name,
        slug=slug or slugify(name),
        kind=kind,
        region=region,
        role=role,
        role_description=role_description,
        website=website,
        description=description,
        logo=logo,
    )
    parent.add_child(instance=partner)
    partner.save_revision().publish()
    return set_up_partner_access(partner=partner)


def _editors_group(partner: PartnerPage) -> Group:
    if partner.editors_group_id is None:
        raise ValidationError(
            _("%(partner)s has no editors group; create partners with create_partner.")
            % {"partner": partner.title}
        )
    return partner.editors_group


@transaction.atomic
def add_partner_editor(*, partner: PartnerPage, user, actor, reason: str = "") -> None:
    """Let `user` write knowledge articles for `partner`. Idempotent: no event if already so."""
    group = _editors_group(partner)
    if user.groups.filter(pk=group.pk).exists():
        return
    with acting_as(actor):
        user.groups.add(group, Group.objects.get(name=roles.PARTNER_EDITOR))
    record_event(
        action="partner.editor_added",
        actor=actor,
        target=user,
        new_value={
            "role": roles.PARTNER_EDITOR,
            "partner": partner.title,
            "partner_id": partner.pk,
        },
        reason=reason,
    )


@transaction.atomic
def remove_partner_editor(*, partner: PartnerPage, user, actor, reason: str = "") -> None:
    """Withdraw `user`'s access to `partner`; the role goes too once no partner is left.

    Articles they wrote stay where they are. Idempotent: no event if they were not an editor.
    """
    group = _editors_group(partner)
    if not user.groups.filter(pk=group.pk).exists():
        return
    still_editor = PartnerPage.objects.filter(
        editors_group__in=user.groups.exclude(pk=group.pk)
    ).exists()
    with acting_as(actor):
        user.groups.remove(group)
        if not still_editor:
            user.groups.remove(Group.objects.get(name=roles.PARTNER_EDITOR))
    record_event(
        action="partner.editor_removed",
        actor=actor,
        target=user,
        old_value={
            "role": roles.PARTNER_EDITOR,
            "partner": partner.title,
            "partner_id": partner.pk,
        },
        new_value={"partner_editor_elsewhere": still_editor},
        reason=reason,
    )
