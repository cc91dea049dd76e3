import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from tests.factories import DEFAULT_PASSWORD

from .conftest import link_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(autouse=True)
def allow_sync_orm_in_playwright():
    """Playwright's sync API runs an event loop; Django must still allow the ORM here."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def submit(page) -> None:
    page.locator("main form.account-form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_student_signs_up_verifies_the_email_logs_in_and_sees_the_profile(page, home_page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto("/nl/accounts/signup/")
    page.fill("#id_email", "lotte@example.org")
    page.fill("#id_full_name", "Lotte Leerling")
    page.fill("#id_organisation", "Karel de Grote Hogeschool")
    page.select_option("#id_preferred_language", "nl")
    page.fill("#id_password1", DEFAULT_PASSWORD)
    page.fill("#id_password2", DEFAULT_PASSWORD)
    page.screenshot(path=ARTIFACTS / "accounts-signup.png", full_page=True)
    submit(page)

    assert urlsplit(page.url).path == "/nl/accounts/confirm-email/"
    link = urlsplit(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    page.goto(link.path)
    page.screenshot(path=ARTIFACTS / "accounts-confirm-email.png", full_page=True)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert EmailAddress.objects.get(email="lotte@example.org").verified

    page.locator("form[action$='/accounts/logout/'] button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/nl/accounts/login/")
    page.fill("#id_login", "lotte@example.org")
    page.fill("#id_password", DEFAULT_PASSWORD)
    submit(page)

    assert urlsplit(page.url).path == "/nl/me/"
    assert page.input_value("#id_full_name") == "Lotte Leerling"
    assert page.locator("h1").first.inner_text() != ""
    page.screenshot(path=ARTIFACTS / "accounts-profile.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_errors_are_announced_next_to_their_fields(page, home_page):
    page.goto("/en/accounts/signup/")
    page.fill("#id_email", "not-an-address")
    page.fill("#id_full_name", "Someone")
    page.fill("#id_password1", DEFAULT_PASSWORD)
    page.fill("#id_password2", "something else entirely")
    submit(page)

    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_errors" in email.get_attribute("aria-describedby")
    assert page.locator("#id_email_errors").inner_text().strip() != ""
    assert page.locator("#id_password2_errors").is_visible()
    page.screenshot(path=ARTIFACTS / "accounts-signup-errors.png", full_page=True)
