from urllib.parse import urlsplit

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from atmp_platform.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, make_user

from .conftest import link_in

SIGNUP_URL = "/en/accounts/signup/"
VALID = {
    "email": "new.student@example.org",
    "full_name": "Nora  Nieuw",
    "organisation": "UZ Gent",
    "preferred_language": "nl",
    "password1": DEFAULT_PASSWORD,
    "password2": DEFAULT_PASSWORD,
}


def sign_up(client, **changes):
    return client.post(SIGNUP_URL, {**VALID, **changes})


def test_signup_form_shows_every_field_with_autocomplete(client, db):
    html = client.get(SIGNUP_URL).content.decode()
    for name, autocomplete in [
        ("email", "email"),
        ("full_name", "name"),
        ("organisation", "organization"),
        ("password1", "new-password"),
        ("password2", "new-password"),
    ]:
        assert f'name="{name}"' in html
        assert f'autocomplete="{autocomplete}"' in html
    assert 'name="preferred_language"' in html


def test_signup_creates_an_unverified_user_with_profile_and_sends_a_link(client, db):
    response = sign_up(client)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/accounts/confirm-email/"
    user = User.objects.get(email="new.student@example.org")
    assert (user.full_name, user.organisation, user.preferred_language) == (
        "Nora Nieuw",
        "UZ Gent",
        "nl",
    )
    assert user.check_password(DEFAULT_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Student"]
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.student@example.org"]
    link_in(mail.outbox[0], "/accounts/confirm-email/")


def test_signup_with_a_used_email_says_so_and_creates_nothing(client, db):
    make_user(email="taken@example.org")

    response = sign_up(client, email="Taken@Example.org")

    assert response.status_code == 200
    assert "An account with this e-mail address already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password2": "something else entirely"}, "password2", "same password"),
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"full_name": "   "}, "full_name", "required"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"preferred_language": "fr"}, "preferred_language", "valid choice"),
    ],
)
def test_signup_with_bad_input_shows_the_error_and_creates_nothing(
    client, db, changes, field, message
):
    response = sign_up(client, **changes)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    html = response.content.decode()
    assert f'aria-describedby="id_{field}_' in html or 'aria-invalid="true"' in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_confirmation_link_verifies_the_address_and_logs_in(client, db):
    sign_up(client)
    link = link_in(mail.outbox[0], "/accounts/confirm-email/")

    page = client.get(link)
    assert page.status_code == 200
    response = client.post(urlsplit(link).path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.student@example.org").verified
    assert client.get("/en/me/").status_code == 200


def test_a_wrong_confirmation_key_shows_a_clear_message_and_verifies_nothing(client, db):
    sign_up(client)

    response = client.get("/en/accounts/confirm-email/not-a-real-key/")

    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()
    response = client.post("/en/accounts/confirm-email/not-a-real-key/")
    assert not EmailAddress.objects.get(email="new.student@example.org").verified


def test_an_expired_confirmation_link_says_so_and_verifies_nothing(client, db, settings):
    sign_up(client)
    path = urlsplit(link_in(mail.outbox[0], "/accounts/confirm-email/")).path
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0

    assert "expired or is invalid" in client.get(path).content.decode()
    client.post(path)

    assert not EmailAddress.objects.get(email="new.student@example.org").verified


def test_login_before_verification_is_refused(client, db):
    sign_up(client)
    client.logout()

    response = client.post(
        "/en/accounts/login/", {"login": VALID["email"], "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/accounts/confirm-email/"
    assert "Verify Your Email Address" in client.get(response["Location"]).content.decode()
    assert client.get("/en/me/").status_code == 302
