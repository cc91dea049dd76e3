import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.accounts.middleware import SESSION_NEXT_KEY
from tests.factories import DEFAULT_PASSWORD, make_user


def current_code(secret: str) -> str:
    """A real TOTP code, taken early enough in its 30-second window to still be valid."""
    if time.time() % 30 > 27:
        time.sleep(3.5)
    return pyotp.TOTP(secret).now()


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def assert_sent_to_mfa_setup(response, next_url: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path in ("/nl/accounts/2fa/", "/en/accounts/2fa/")
    assert parse_qs(location.query)["next"] == [next_url]


@pytest.mark.parametrize("role", ["trainer", "administrator"])
@pytest.mark.parametrize("path", ["/admin/", "/en/trainer/cohorts/", "/nl/admin/pages/"])
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, db, request, role, path):
    client.force_login(request.getfixturevalue(role))

    response = client.get(path)

    assert_sent_to_mfa_setup(response, path)
    assert client.session[SESSION_NEXT_KEY] == path


def test_a_superuser_without_a_second_factor_is_sent_to_set_one_up(client, db):
    client.force_login(make_user(email="root@example.org", is_superuser=True, is_staff=True))

    assert_sent_to_mfa_setup(client.get("/admin/"), "/admin/")


def test_a_student_is_never_asked_for_a_second_factor(client, student):
    client.force_login(student)

    for path in ("/admin/", "/en/trainer/cohorts/"):
        response = client.get(path)
        assert "/2fa/" not in response.get("Location", "")


def test_public_pages_and_mfa_setup_stay_open_to_staff_without_mfa(client, trainer):
    client.force_login(trainer)

    assert client.get("/en/me/").status_code == 200
    assert client.get("/en/accounts/2fa/").status_code == 200


def test_staff_are_not_asked_when_the_setting_is_off(client, administrator, settings):
    settings.ATMP_REQUIRE_MFA_FOR_STAFF = False
    client.force_login(administrator)

    assert client.get("/admin/").status_code == 200


def test_a_trainer_with_totp_logs_in_with_a_real_code(client, trainer):
    secret = with_totp(trainer)

    response = client.post(
        "/en/accounts/login/?next=/en/trainer/cohorts/",
        {"login": trainer.email, "password": DEFAULT_PASSWORD},
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/en/me/").status_code == 302

    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path.endswith("/trainer/cohorts/")
    assert "/2fa/" not in client.get("/en/trainer/cohorts/").get("Location", "")
    assert client.get("/en/me/").status_code == 200


def test_an_administrator_with_totp_reaches_the_admin(client, administrator):
    secret = with_totp(administrator)
    client.post(
        "/en/accounts/login/?next=/admin/",
        {"login": administrator.email, "password": DEFAULT_PASSWORD},
    )

    response = client.post("/en/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_does_not_log_in(client, trainer):
    secret = with_totp(trainer)
    client.post("/en/accounts/login/", {"login": trainer.email, "password": DEFAULT_PASSWORD})
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"

    response = client.post("/en/accounts/2fa/authenticate/", {"code": wrong})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert client.get("/en/me/").status_code == 302


def test_staff_set_up_totp_and_then_continue_to_the_page_they_wanted(client, administrator):
    client.post("/en/accounts/login/", {"login": administrator.email, "password": DEFAULT_PASSWORD})
    assert_sent_to_mfa_setup(client.get("/admin/pages/"), "/admin/pages/")

    reauthenticate = client.get("/en/accounts/2fa/totp/activate/")
    assert urlsplit(reauthenticate["Location"]).path == "/en/accounts/reauthenticate/"
    client.post(reauthenticate["Location"], {"password": DEFAULT_PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=administrator, type="totp").exists()
    codes_page = client.get(response["Location"])
    assert 'href="/admin/pages/"' in codes_page.content.decode()
    assert client.get("/admin/pages/").status_code == 200
    assert SESSION_NEXT_KEY not in client.session


def test_recovery_codes_alone_do_not_count_as_a_second_factor(client, trainer):
    Authenticator.objects.create(user=trainer, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(trainer)

    assert_sent_to_mfa_setup(client.get("/admin/"), "/admin/")


def test_a_recovery_code_logs_in_when_the_authenticator_is_lost(client, trainer):
    with_totp(trainer)
    code = RecoveryCodes.activate(trainer).get_unused_codes()[0]
    client.post("/en/accounts/login/", {"login": trainer.email, "password": DEFAULT_PASSWORD})

    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 302
    assert client.get("/en/me/").status_code == 200


def test_the_security_key_page_loads_its_scripts_from_our_own_origin(client, trainer):
    client.post("/en/accounts/login/", {"login": trainer.email, "password": DEFAULT_PASSWORD})
    client.post("/en/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})

    response = client.get("/en/accounts/2fa/webauthn/add/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/mfa/js/webauthn.js"></script>' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
