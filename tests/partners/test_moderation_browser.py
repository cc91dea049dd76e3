"""A partner editor writes and submits an article in the Wagtail admin; an administrator
approves it; the public can then read it. Both log in through allauth, the administrator with
a real TOTP code."""

import os
import re
from pathlib import Path

from django.utils import translation

from wagtail.models import WorkflowState

import pytest
from playwright.sync_api import expect

from atmp_platform.partners.models import KnowledgeArticlePage

from ..factories import DEFAULT_PASSWORD, activate_totp, current_totp_code, make_user

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE = "Deeltjestellingen lezen"


@pytest.fixture(autouse=True)
def allow_sync_orm_in_playwright():
    """Playwright's sync API runs an event loop; Django must still allow the ORM here."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _log_in(page, email: str, totp_secret: str = "") -> None:
    page.goto("/nl/accounts/login/")
    login_form = page.locator("form:has(input[name=login])")
    login_form.locator("input[name=login]").fill(email)
    login_form.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    login_form.locator("button[type=submit]").click()
    if totp_secret:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        code_form = page.locator("form:has(input[name=code])")
        code_form.locator("input[name=code]").fill(current_totp_code(totp_secret))
        code_form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url and "/2fa/" not in url)


def _paragraph_label() -> re.Pattern:
    """The paragraph block's label as the admin shows it, in Dutch or (untranslated) English."""
    with translation.override("nl"):
        dutch = translation.gettext("Paragraph")
    return re.compile(rf"^\s*({re.escape(dutch)}|Paragraph)\s*$")


def _write_and_submit(page, partner) -> None:
    page.goto(f"/admin/pages/{partner.pk}/add_subpage/")
    page.wait_for_url(re.compile(r"/admin/pages/add/partners/knowledgearticlepage/"))
    page.fill("#id_title", TITLE)
    page.fill("#id_author", "Eva Editor")
    page.fill("#id_summary", "Hoe je een deeltjesteller in graad A leest.")
    page.click("button.c-sf-add-button")
    page.locator("[role=option]", has_text=_paragraph_label()).first.click()
    editor = page.locator(".public-DraftEditor-content").first
    editor.wait_for()
    editor.click()
    editor.press_sequentially("Tel deeltjes van 0,5 en 5 micrometer.")
    expect(editor).to_contain_text("Tel deeltjes")
    # Draftail copies its content into the form's hidden input on its own schedule; submitting
    # before it has done so sends an empty paragraph.
    expect(page.locator('input[name="body-0-value"]')).to_have_value(re.compile("Tel deeltjes"))
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    # The admin may already have autosaved a draft and changed the URL: wait for the
    # navigation that the submission itself causes.
    with page.expect_navigation():
        page.locator("button[name=action-submit]").click()
    # Read the database only once the admin confirms: in-memory SQLite is shared with the
    # live server's thread, which may still be writing.
    page.locator(".messages .success").first.wait_for()


def _approve_from_dashboard(page) -> None:
    page.goto("/admin/")
    row = page.locator("tr", has_text=TITLE)
    row.locator("[data-w-dropdown-target=toggle]").first.click()
    approve = row.locator('button[data-workflow-action-url*="/approve/"]:not([data-launch-modal])')
    approve.click()
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submitted_article_is_public_after_an_administrator_approves_it(page, partner_a, editor_a):
    ARTIFACTS.mkdir(exist_ok=True)
    administrator = make_user("Programme administrator", email="reviewer@example.org")
    secret = activate_totp(administrator)

    _log_in(page, editor_a.email)
    _write_and_submit(page, partner_a)
    article = KnowledgeArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert WorkflowState.objects.for_instance(article).get().status == "in_progress"
    page.screenshot(path=ARTIFACTS / "partner-submitted.png", full_page=True)
    page.context.clear_cookies()

    _log_in(page, administrator.email, totp_secret=secret)
    _approve_from_dashboard(page)
    article.refresh_from_db()
    assert article.live
    page.context.clear_cookies()

    response = page.goto(article.url)
    assert response.status == 200
    assert page.locator("h1", has_text=TITLE).is_visible()
    page.screenshot(path=ARTIFACTS / "partner-article-public.png", full_page=True)
