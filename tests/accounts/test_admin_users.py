from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain
from tests.factories import make_user

from .conftest import link_in


@pytest.fixture
def admin_client(client, administrator):
    TOTP.activate(administrator, generate_totp_secret())
    client.force_login(administrator)
    return client


def group_id(name: str) -> int:
    return Group.objects.get(name=name).pk


def user_data(**changes):
    return {
        "email": "new.trainer@example.org",
        "full_name": "Nina Trainer",
        "organisation": "UZ Gent",
        "preferred_language": "en",
        "is_active": "on",
        "groups": [group_id(roles.TRAINER)],
        **changes,
    }


def test_the_user_forms_show_our_fields_and_no_superuser_flag_to_administrators(admin_client):
    html = admin_client.get("/admin/users/new/").content.decode()

    for name in ("email", "full_name", "organisation", "preferred_language", "groups"):
        assert f'name="{name}"' in html
    for name in ("first_name", "last_name", "is_superuser", "password1"):
        assert f'name="{name}"' not in html


def test_an_administrator_creates_a_user_who_is_invited_to_choose_a_password(
    admin_client, administrator
):
    response = admin_client.post("/admin/users/new/", user_data())

    assert response.status_code == 302
    user = User.objects.get(email="new.trainer@example.org")
    assert (user.full_name, user.organisation, user.preferred_language) == (
        "Nina Trainer",
        "UZ Gent",
        "en",
    )
    assert not user.has_usable_password()
    assert not user.is_superuser
    assert not EmailAddress.objects.get(user=user).verified
    assert mail.outbox[-1].to == ["new.trainer@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body
    assert mail.outbox[-1].subject == "[ATMP XB] Your account on the ATMP XB platform"
    event = AuditEvent.objects.get(action="role.granted", object_id=str(user.pk))
    assert event.actor_label == administrator.email
    assert event.new_value == {"role": "Trainer"}


def test_an_administrator_cannot_make_a_superuser(admin_client):
    admin_client.post("/admin/users/new/", user_data(is_superuser="on"))

    assert not User.objects.get(email="new.trainer@example.org").is_superuser


def test_a_used_email_is_refused_in_the_admin(admin_client, student):
    response = admin_client.post("/admin/users/new/", user_data(email=student.email.upper()))

    assert response.status_code == 200
    with translation.override("nl"):
        message = gettext("Another account already uses this e-mail address.")
    assert message in response.content.decode()
    assert User.objects.filter(email__iexact=student.email).count() == 1


def test_editing_roles_in_the_admin_writes_audit_events(admin_client, administrator):
    person = make_user(roles.STUDENT, email="p@example.org", full_name="Piet Person")

    response = admin_client.post(
        f"/admin/users/edit/{person.pk}/",
        user_data(email=person.email, full_name=person.full_name, groups=[group_id(roles.TRAINER)]),
    )

    assert response.status_code == 302
    events = AuditEvent.objects.filter(object_id=str(person.pk), actor=administrator)
    assert sorted(events.values_list("action", flat=True)) == ["role.granted", "role.revoked"]
    assert verify_chain() is None


def test_changing_the_email_in_the_admin_needs_a_new_verification(admin_client, student):
    admin_client.post(
        f"/admin/users/edit/{student.pk}/",
        user_data(email="sam.new@example.org", full_name=student.full_name),
    )

    address = EmailAddress.objects.get(user=student)
    assert (address.email, address.verified) == ("sam.new@example.org", False)


def test_an_administrator_cannot_edit_a_superuser(admin_client):
    root = make_user(email="root@example.org", is_superuser=True)

    response = admin_client.get(f"/admin/users/edit/{root.pk}/")

    assert response.status_code in (302, 403)
    assert urlsplit(response.get("Location", "")).path != f"/admin/users/edit/{root.pk}/"


def test_a_superuser_deleting_a_user_in_the_admin_erases_and_keeps_the_chain(client, student):
    root = make_user(email="root@example.org", is_superuser=True, is_staff=True)
    TOTP.activate(root, generate_totp_secret())
    client.force_login(root)

    response = client.post(f"/admin/users/delete/{student.pk}/")

    assert response.status_code == 302
    tombstone = User.objects.get(pk=student.pk)
    assert not tombstone.is_active and tombstone.full_name == ""
    assert AuditEvent.objects.get(action="account.deleted").actor_label == "root@example.org"
    assert verify_chain() is None


def test_the_user_list_sorts_and_searches_by_full_name(admin_client, student):
    assert admin_client.get("/admin/users/?ordering=name").status_code == 200
    response = admin_client.get("/admin/users/?q=Sam")
    assert response.status_code == 200
    assert "Sam Student" in response.content.decode()


def test_the_admin_account_page_edits_the_full_name_and_not_the_email(admin_client, administrator):
    page = admin_client.get("/admin/account/")
    assert 'name="name_email-full_name"' in page.content.decode()
    assert 'name="name_email-first_name"' not in page.content.decode()

    admin_client.post(
        "/admin/account/",
        {
            "name_email-full_name": "Ada A. Administrator",
            "name_email-email": "evil@example.org",
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )

    administrator.refresh_from_db()
    assert administrator.full_name == "Ada A. Administrator"
    assert administrator.email == "admin@example.org"


def test_the_invitation_link_lets_the_person_choose_a_password_and_log_in(admin_client, client):
    admin_client.post("/admin/users/new/", user_data())
    link = urlsplit(link_in(mail.outbox[-1], "/accounts/password/reset/key/")).path
    admin_client.logout()

    form_page = client.get(link, follow=True)
    new_password = "a brand new passphrase 2026"
    client.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )

    user = User.objects.get(email="new.trainer@example.org")
    assert user.check_password(new_password)
    login = client.post("/en/accounts/login/", {"login": user.email, "password": new_password})
    assert urlsplit(login["Location"]).path == "/en/accounts/confirm-email/"
