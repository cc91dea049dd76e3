"""Submission, approval and rejection of a partner's article through the Wagtail admin."""

from django.core import mail
from django.urls import reverse

from wagtail.models import WorkflowState

import pytest

from atmp_platform.partners.models import KnowledgeArticlePage

from .helpers import article_form_data


@pytest.fixture
def submitted(client, editor_a, editor_b, partner_a, admin_user):
    """An article that editor A has created and submitted for moderation in the admin.

    Editor B exists already, so that the notification test can show B is not told.
    """
    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:add", args=["partners", "knowledgearticlepage", partner_a.pk])
    form = article_form_data("Steriliteit bij korte houdbaarheid", "steriliteit")
    form["action-submit"] = "action-submit"
    mail.outbox.clear()
    response = client.post(url, form)
    assert response.status_code == 302
    client.logout()
    return KnowledgeArticlePage.objects.child_of(partner_a).get(slug="steriliteit")


def _act(client, admin_user, article, action, comment=""):
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    task_state = state.current_task_state
    client.force_login(admin_user)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk]),
        {"comment": comment},
    )


def test_submission_puts_the_article_in_moderation_and_mails_the_administrators(
    submitted, admin_user, editor_a, editor_b
):
    assert not submitted.live
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor_a
    recipients = {address for message in mail.outbox for address in message.to}
    assert admin_user.email in recipients
    assert editor_a.email not in recipients
    assert editor_b.email not in recipients
    assert any("Steriliteit" in message.subject + message.body for message in mail.outbox)


def test_approval_publishes_the_article_and_tells_the_editor(
    client, submitted, admin_user, editor_a
):
    mail.outbox.clear()
    response = _act(client, admin_user, submitted, "approve", "Helder artikel.")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert client.get(submitted.url).status_code == 200
    to_editor = [message for message in mail.outbox if editor_a.email in message.to]
    assert len(to_editor) == 1
    assert "Steriliteit bij korte houdbaarheid" in to_editor[0].body


def test_approved_article_is_public_for_anonymous_visitors(client, submitted, admin_user):
    _act(client, admin_user, submitted, "approve")
    client.logout()
    submitted.refresh_from_db()
    response = client.get(submitted.url)
    assert response.status_code == 200
    assert "Steriliteit bij korte houdbaarheid" in response.content.decode()


def test_rejection_keeps_the_article_private_and_mails_the_comment(
    client, submitted, admin_user, editor_a
):
    mail.outbox.clear()
    _act(client, admin_user, submitted, "reject", "Graag een bron voor de houdbaarheid.")
    submitted.refresh_from_db()
    assert not submitted.live
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_editor = [message for message in mail.outbox if editor_a.email in message.to]
    assert len(to_editor) == 1
    assert "Graag een bron voor de houdbaarheid." in to_editor[0].body
    client.logout()
    assert client.get(f"/nl/partners/{submitted.get_parent().slug}/steriliteit/").status_code == 404


def test_another_partner_editor_cannot_approve(client, submitted, editor_b):
    response = _act(client, editor_b, submitted, "approve")
    assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert not submitted.live
