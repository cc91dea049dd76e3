"""Two partners with one editor each, and an administrator who has set up MFA."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.partners import services

from ..factories import make_user


@pytest.fixture
def partner_index(home_page):
    return services.create_partner_index(parent=home_page, title="Partners", slug="partners")


@pytest.fixture
def partner_a(partner_index):
    return services.create_partner(
        parent=partner_index, name="Sure Laboratories", kind="company", region=""
    )


@pytest.fixture
def partner_b(partner_index):
    return services.create_partner(
        parent=partner_index, name="Karel de Grote Hogeschool", kind="university_college"
    )


@pytest.fixture
def admin_user(db):
    """A programme administrator with a TOTP authenticator, as MFA is enforced in tests."""
    user = make_user("Programme administrator", email="ada@example.org", full_name="Ada Admin")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def editor_a(partner_a, admin_user):
    user = make_user(email="editor.a@example.org", full_name="Eva Editor")
    services.add_partner_editor(partner=partner_a, user=user, actor=admin_user)
    return user


@pytest.fixture
def editor_b(partner_b, admin_user):
    user = make_user(email="editor.b@example.org", full_name="Bert Editor")
    services.add_partner_editor(partner=partner_b, user=user, actor=admin_user)
    return user
