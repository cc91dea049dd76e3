from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import mail

from tests.factories import DEFAULT_PASSWORD, make_user

from .conftest import link_in

LOGIN_URL = "/en/accounts/login/"


def log_in(client, email, password=DEFAULT_PASSWORD, url=LOGIN_URL):
    return client.post(url, {"login": email, "password": password})


def test_a_verified_user_logs_in_with_email_and_password(client, student):
    response = log_in(client, "Student@Example.org")

    assert response.status_code == 302
    assert client.get("/nl/me/").context["user"] == student


def test_a_wrong_password_is_refused_with_a_clear_message(client, student):
    response = log_in(client, student.email, "not the password")

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert client.get("/nl/me/").status_code == 302


def test_repeated_failed_logins_are_rate_limited_even_with_the_right_password(client, student):
    for _attempt in range(5):
        log_in(client, student.email, "not the password")

    response = log_in(client, student.email)

    assert response.status_code == 200
    assert "Too many failed login attempts. Try again later." in response.content.decode()
    assert client.get("/nl/me/").status_code == 302


def test_login_continues_in_the_preferred_language(client, db):
    make_user(email="dutch@example.org", preferred_language="nl")

    response = log_in(client, "dutch@example.org", url="/en/accounts/login/?next=/en/me/")

    assert response["Location"] == "/nl/me/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


def test_login_keeps_the_language_chosen_in_the_switcher(client, db):
    make_user(email="dutch@example.org", preferred_language="nl")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = log_in(client, "dutch@example.org", url="/en/accounts/login/?next=/en/me/")

    assert response["Location"] == "/en/me/"


def test_login_ignores_a_next_url_on_another_site(client, student):
    response = log_in(client, student.email, url=f"{LOGIN_URL}?next=https://evil.example/")

    assert "evil.example" not in response["Location"]


def test_logout_ends_the_session(client, student):
    client.force_login(student)

    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/en/me/").status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, student):
    response = client.post("/en/accounts/password/reset/", {"email": student.email})
    assert response.status_code == 302
    link = link_in(mail.outbox[0], "/accounts/password/reset/key/")

    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else urlsplit(link).path
    new_password = "a brand new passphrase 2026"
    response = client.post(action, {"password1": new_password, "password2": new_password})

    assert response.status_code == 302
    student.refresh_from_db()
    assert student.check_password(new_password)
    client.logout()
    assert log_in(client, student.email, new_password).status_code == 302


def test_password_reset_with_a_bad_key_changes_nothing(client, student):
    response = client.get("/en/accounts/password/reset/key/1-not-a-token/", follow=True)

    assert "The password reset link was invalid" in response.content.decode()
    student.refresh_from_db()
    assert student.check_password(DEFAULT_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert "/password/reset/done/" in response["Location"]


def test_changing_the_password_needs_the_current_one(client, student):
    client.force_login(student)
    new_password = "a brand new passphrase 2026"

    refused = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "wrong", "password1": new_password, "password2": new_password},
    )
    assert refused.status_code == 200
    student.refresh_from_db()
    assert student.check_password(DEFAULT_PASSWORD)

    client.post(
        "/en/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )
    student.refresh_from_db()
    assert student.check_password(new_password)


def test_admin_login_page_redirects_to_allauth_and_back_to_the_admin(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")

    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert location.path.endswith("/accounts/login/")
    assert parse_qs(location.query)["next"] == ["/admin/pages/"]


def test_admin_login_page_drops_a_next_url_on_another_site(client, db):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/admin/"]


def test_the_admin_sends_anonymous_visitors_to_allauth_login(client, db):
    response = client.get("/admin/")

    location = urlsplit(response["Location"])
    assert location.path.endswith("/accounts/login/")
    assert parse_qs(location.query)["next"] == ["/admin/"]


def test_admin_logout_goes_through_allauth(client, student):
    client.force_login(student)

    response = client.post("/admin/logout/")

    # Wagtail's own logout would send the visitor to the admin login page instead.
    assert response["Location"] == "/"
    assert client.get("/en/me/").status_code == 302


def test_emails_are_written_in_the_recipients_preferred_language(client, student):
    client.post("/en/accounts/password/reset/", {"email": student.email})

    assert student.preferred_language == "nl"
    assert "Je ontvangt deze mail" in mail.outbox[-1].body
