"""What a partner editor may do in the Wagtail admin, checked against Wagtail's own views."""

from django.urls import reverse

import pytest

from atmp_platform.partners import services
from atmp_platform.partners.models import KnowledgeArticlePage

from .helpers import article_form_data, make_article


@pytest.fixture
def draft_of_b(partner_b, editor_b):
    return make_article(partner_b, owner=editor_b, title="Geheim concept van B", slug="geheim")


def _refused(response) -> bool:
    """Wagtail answers a permission refusal with a redirect to the dashboard, or a 403/404."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:view_draft",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:workflow_history",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:copy",
        "wagtailadmin_pages:usage",
    ],
)
def test_editor_of_a_cannot_open_a_draft_of_b(client, editor_a, draft_of_b, url_name):
    client.force_login(editor_a)
    response = client.get(reverse(url_name, args=[draft_of_b.pk]))
    assert _refused(response)


def test_editor_of_a_cannot_preview_or_read_revisions_of_b(client, editor_a, draft_of_b):
    client.force_login(editor_a)
    revision = draft_of_b.latest_revision
    urls = [
        reverse("wagtailadmin_pages:preview_on_edit", args=[draft_of_b.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[draft_of_b.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[draft_of_b.pk, "live", revision.pk]),
    ]
    for url in urls:
        assert _refused(client.get(url)), url


def test_editor_of_a_cannot_post_changes_to_a_draft_of_b(client, editor_a, draft_of_b):
    client.force_login(editor_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft_of_b.pk]),
        article_form_data("Overgenomen", "geheim"),
    )
    assert _refused(response)
    draft_of_b.refresh_from_db()
    assert draft_of_b.get_latest_revision_as_object().title == "Geheim concept van B"


def test_explorer_keeps_editor_of_a_inside_partner_a(client, editor_a, partner_a, partner_b):
    client.force_login(editor_a)
    for page in (partner_b, partner_a.get_parent()):
        response = client.get(reverse("wagtailadmin_explore", args=[page.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_explore", args=[partner_a.pk])


def test_explorer_of_partner_a_does_not_list_drafts_of_b(client, editor_a, partner_a, draft_of_b):
    own = make_article(partner_a, owner=editor_a, title="Eigen concept", slug="eigen")
    client.force_login(editor_a)
    content = client.get(reverse("wagtailadmin_explore", args=[partner_a.pk])).content.decode()
    assert "Eigen concept" in content
    assert reverse("wagtailadmin_pages:edit", args=[own.pk]) in content
    assert "Geheim concept van B" not in content


def test_admin_search_and_page_chooser_do_not_reveal_drafts_of_b(
    wagtail_index_tasks, client, editor_a, partner_b, draft_of_b
):
    client.force_login(editor_a)
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "concept"})
    assert search.status_code == 200
    assert reverse("wagtailadmin_pages:edit", args=[draft_of_b.pk]) not in search.content.decode()
    for url, params in [
        (reverse("wagtailadmin_choose_page_child", args=[partner_b.pk]), {}),
        (reverse("wagtailadmin_choose_page_search"), {"q": "Geheim"}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200
        assert "Geheim concept van B" not in response.content.decode()


def test_administrator_still_sees_drafts_in_the_page_chooser(
    client, admin_user, partner_b, draft_of_b
):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[partner_b.pk]))
    assert "Geheim concept van B" in response.content.decode()


def test_editor_creates_an_article_under_their_own_partner(client, editor_a, partner_a):
    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:add", args=["partners", "knowledgearticlepage", partner_a.pk])
    response = client.post(url, article_form_data("Mijn artikel", "mijn-artikel"))
    assert response.status_code == 302
    article = KnowledgeArticlePage.objects.child_of(partner_a).get(slug="mijn-artikel")
    assert article.owner == editor_a
    assert not article.live


@pytest.mark.parametrize("page_type", ["knowledgearticlepage", "partnerpage"])
def test_editor_cannot_create_pages_under_another_partner_or_the_index(
    client, editor_a, partner_b, page_type
):
    client.force_login(editor_a)
    for parent in (partner_b, partner_b.get_parent()):
        url = reverse("wagtailadmin_pages:add", args=["partners", page_type, parent.pk])
        response = client.post(url, article_form_data("Indringer", f"indringer-{page_type}"))
        assert _refused(response)
    assert not KnowledgeArticlePage.objects.filter(title="Indringer").exists()


def test_editor_cannot_create_other_page_types_under_their_partner(client, editor_a, partner_a):
    client.force_login(editor_a)
    for app, model in [("home", "standardpage"), ("news", "newspage"), ("partners", "partnerpage")]:
        response = client.get(reverse("wagtailadmin_pages:add", args=[app, model, partner_a.pk]))
        assert _refused(response), model


def test_editor_cannot_publish_their_own_article(client, editor_a, partner_a):
    article = make_article(partner_a, owner=editor_a, title="Te vroeg", slug="te-vroeg")
    client.force_login(editor_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form_data("Te vroeg", "te-vroeg", **{"action-publish": "action-publish"}),
    )
    # Wagtail ignores the publish button for someone without the right: at most a draft.
    assert response.status_code in (200, 302, 403)
    article.refresh_from_db()
    assert not article.live
    assert article.first_published_at is None


def test_editor_cannot_edit_the_partner_page_itself(client, editor_a, partner_a):
    client.force_login(editor_a)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[partner_a.pk]))
    assert _refused(response)


def test_removed_editor_loses_access(client, editor_a, partner_a, admin_user):
    article = make_article(partner_a, owner=editor_a)
    services.remove_partner_editor(partner=partner_a, user=editor_a, actor=admin_user)
    client.force_login(editor_a)
    for url in (
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_home"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_page_types_report_is_refused_to_partner_editors(client, editor_a, draft_of_b):
    client.force_login(editor_a)
    for name in (
        "wagtailadmin_reports:page_types_usage",
        "page_types_usage_results_for_publishers",
    ):
        response = client.get(reverse(name))
        assert _refused(response)
        assert "Geheim" not in response.content.decode()
    reports_menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:page_types_usage") not in reports_menu


def test_page_types_report_is_open_to_administrators(client, admin_user, draft_of_b):
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert response.status_code == 200
    assert "Geheim concept van B" in response.content.decode()
