from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowPage,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from atmp_platform.accounts import roles
from atmp_platform.audit.models import AuditEvent
from atmp_platform.partners import services
from atmp_platform.partners.models import PartnerPage

from ..factories import make_user
from .helpers import make_article


def test_creating_a_partner_gives_its_group_add_permission_on_that_page_only(partner_a):
    group = partner_a.editors_group
    assert group.name == "Partner editors: Sure Laboratories"
    page_permissions = GroupPagePermission.objects.filter(group=group)
    assert [(p.page_id, p.permission.codename) for p in page_permissions] == [
        (partner_a.pk, "add_page")
    ]
    assert group.permissions.count() == 0


def test_creating_a_partner_gives_its_group_a_collection_to_add_and_choose_media(partner_a):
    granted = {
        (p.permission.content_type.app_label, p.permission.codename)
        for p in GroupCollectionPermission.objects.filter(group=partner_a.editors_group)
    }
    assert granted == set(services.EDITOR_COLLECTION_PERMISSIONS)
    assert partner_a.collection.name == "Sure Laboratories"
    assert set(
        GroupCollectionPermission.objects.filter(group=partner_a.editors_group).values_list(
            "collection_id", flat=True
        )
    ) == {partner_a.collection_id}


def test_renaming_a_partner_keeps_its_editors_group(partner_a, editor_a):
    partner_a.title = "Sure Laboratories BV"
    partner_a.save_revision().publish()
    partner_a.refresh_from_db()
    assert partner_a.editors_group.user_set.filter(pk=editor_a.pk).exists()


def test_partner_with_a_taken_group_name_is_refused(partner_index, partner_a):
    with pytest.raises(ValidationError):
        services.create_partner(parent=partner_index, name="Sure Laboratories", slug="other")


def test_partner_index_is_moderated_by_the_knowledge_article_workflow(partner_index):
    workflow = WorkflowPage.objects.get(page=partner_index).workflow
    assert workflow.name == services.MODERATION_WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.PROGRAMME_ADMINISTRATOR]


def test_articles_under_a_partner_take_the_moderation_workflow(partner_a, editor_a):
    article = make_article(partner_a, owner=editor_a)
    assert article.get_workflow().name == services.MODERATION_WORKFLOW_NAME


@pytest.mark.django_db
def test_wagtail_default_groups_are_gone_and_default_workflow_goes_to_administrators():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    for task in GroupApprovalTask.objects.all():
        assert list(task.groups.values_list("name", flat=True)) == [roles.PROGRAMME_ADMINISTRATOR]


def test_adding_an_editor_grants_the_role_and_writes_an_audit_event(partner_a, admin_user):
    user = make_user(email="new.editor@example.org")
    services.add_partner_editor(partner=partner_a, user=user, actor=admin_user, reason="hired")
    assert set(user.groups.values_list("name", flat=True)) == {
        roles.PARTNER_EDITOR,
        partner_a.editors_group.name,
    }
    granted = AuditEvent.objects.filter(action="role.granted", object_id=str(user.pk))
    assert {event.new_value["role"] for event in granted} == {
        roles.PARTNER_EDITOR,
        partner_a.editors_group.name,
    }
    assert {event.actor for event in granted} == {admin_user}
    event = AuditEvent.objects.get(action="partner.editor_added", object_id=str(user.pk))
    assert event.actor == admin_user
    assert event.new_value["partner_id"] == partner_a.pk
    assert event.reason == "hired"


def test_adding_an_editor_twice_writes_one_event(partner_a, editor_a, admin_user):
    services.add_partner_editor(partner=partner_a, user=editor_a, actor=admin_user)
    events = AuditEvent.objects.filter(object_id=str(editor_a.pk))
    assert events.filter(action="partner.editor_added").count() == 1
    assert events.filter(action="role.granted").count() == 2


def test_removing_the_last_partner_removes_the_role_and_is_audited(partner_a, editor_a, admin_user):
    services.remove_partner_editor(
        partner=partner_a, user=editor_a, actor=admin_user, reason="left"
    )
    assert not editor_a.groups.exists()
    revoked = AuditEvent.objects.filter(action="role.revoked", object_id=str(editor_a.pk))
    assert {event.old_value["role"] for event in revoked} == {
        roles.PARTNER_EDITOR,
        "Partner editors: Sure Laboratories",
    }
    assert {event.actor for event in revoked} == {admin_user}
    event = AuditEvent.objects.get(action="partner.editor_removed", object_id=str(editor_a.pk))
    assert event.old_value["partner_id"] == partner_a.pk
    assert event.reason == "left"


def test_editor_of_two_partners_keeps_the_role_when_one_is_removed(
    partner_a, partner_b, editor_a, admin_user
):
    services.add_partner_editor(partner=partner_b, user=editor_a, actor=admin_user)
    services.remove_partner_editor(partner=partner_a, user=editor_a, actor=admin_user)
    assert set(editor_a.groups.values_list("name", flat=True)) == {
        roles.PARTNER_EDITOR,
        partner_b.editors_group.name,
    }


def test_removing_someone_who_is_not_an_editor_changes_nothing(partner_a, admin_user):
    user = make_user(email="outsider@example.org")
    services.remove_partner_editor(partner=partner_a, user=user, actor=admin_user)
    assert not AuditEvent.objects.filter(object_id=str(user.pk)).exists()


def test_partner_without_editors_group_is_refused(partner_index, admin_user):
    bare = PartnerPage(title="Bare", slug="bare", kind="company")
    partner_index.add_child(instance=bare)
    with pytest.raises(ValidationError):
        services.add_partner_editor(partner=bare, user=admin_user, actor=admin_user)


def test_partner_made_in_the_admin_gets_its_editors_group(client, admin_user, partner_index):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=["partners", "partnerpage", partner_index.pk])
    form = nested_form_data(
        {
            "title": "Idevax",
            "slug": "idevax",
            "kind": "company",
            "region": "",
            "role": "partner",
            "role_description": "",
            "website": "",
            "description": rich_text(""),
            "comments": inline_formset([]),
        }
    )
    assert client.post(url, form).status_code == 302
    partner = PartnerPage.objects.get(slug="idevax")
    assert partner.editors_group.name == "Partner editors: Idevax"
    assert GroupPagePermission.objects.filter(group=partner.editors_group, page=partner).exists()


def test_publishing_an_old_revision_keeps_the_editors_group(partner_index):
    partner = PartnerPage(title="Anabiotec", slug="anabiotec", kind="company")
    partner_index.add_child(instance=partner)
    old_revision = partner.save_revision()
    services.set_up_partner_access(partner=partner)
    old_revision.publish()
    partner.refresh_from_db()
    assert partner.editors_group.name == "Partner editors: Anabiotec"
    assert partner.collection is not None


def test_setting_up_access_twice_changes_nothing(partner_a):
    group_id = partner_a.editors_group_id
    services.set_up_partner_access(partner=partner_a)
    assert partner_a.editors_group_id == group_id
    assert GroupPagePermission.objects.filter(group_id=group_id).count() == 1
