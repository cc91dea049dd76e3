import json

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.accounts import gdpr, roles
from atmp_platform.accounts.services import (
    delete_account,
    erase_account,
    export_personal_data,
    update_profile,
)
from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import record_event, verify_chain
from tests.factories import make_user


@pytest.fixture
def registries():
    """Restore the GDPR registries after a test adds to them."""
    exporters, erasers = dict(gdpr._exporters), dict(gdpr._erasers)
    yield
    gdpr._exporters.clear()
    gdpr._exporters.update(exporters)
    gdpr._erasers.clear()
    gdpr._erasers.update(erasers)


def test_the_export_holds_profile_addresses_roles_factors_and_audit_events(student):
    TOTP.activate(student, generate_totp_secret())
    record_event(action="course.viewed", actor=student, object_repr="Module 1")

    data = export_personal_data(user=student)

    assert data["profile"]["full_name"] == "Sam Student"
    assert data["email_addresses"] == [
        {"email": "student@example.org", "verified": True, "primary": True}
    ]
    assert data["roles"] == ["Student"]
    assert [factor["type"] for factor in data["authenticators"]] == ["totp"]
    actions = [event["action"] for event in data["audit_events"]]
    assert actions == ["role.granted", "course.viewed", "account.data_exported"]
    json.dumps(data)


def test_the_export_never_contains_another_persons_data(student, administrator):
    other = make_user(email="other.person@example.org", full_name="Olga Other")
    other.groups.add(Group.objects.get(name=roles.TRAINER))
    student.groups.add(Group.objects.get(name=roles.TRAINER))
    record_event(action="note", actor=other, target=student, reason="arrived late")

    text = json.dumps(export_personal_data(user=student))
    admin_text = json.dumps(export_personal_data(user=administrator))

    for secret in ("other.person@example.org", "Olga", "admin@example.org", "Ada"):
        assert secret not in text
    for secret in ("student@example.org", "Sam Student", "Olga"):
        assert secret not in admin_text
    assert '"actor": "another user"' in text


def test_the_export_never_contains_mfa_secrets(student):
    secret = generate_totp_secret()
    TOTP.activate(student, secret)

    assert secret not in json.dumps(export_personal_data(user=student))


def test_registered_exporters_and_erasers_take_part(student, registries):
    erased = []
    gdpr.register_exporter("enrolments", lambda user: [{"cohort": "2026-A", "user": user.pk}])
    gdpr.register_eraser("enrolments", lambda user: erased.append(user.email))

    assert export_personal_data(user=student)["enrolments"] == [
        {"cohort": "2026-A", "user": student.pk}
    ]
    delete_account(user=student)
    assert erased == ["student@example.org"]


def test_a_failing_eraser_leaves_the_account_untouched(student, registries):
    def refuse(user):
        raise RuntimeError("certificate store unavailable")

    gdpr.register_eraser("certificates", refuse)

    with pytest.raises(RuntimeError):
        delete_account(user=student)

    student.refresh_from_db()
    assert student.is_active and student.full_name == "Sam Student"
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def test_deleting_keeps_old_audit_rows_and_the_chain_verifies(student, trainer):
    record_event(action="assessment.signed", actor=student, target=trainer)
    before = list(AuditEvent.objects.order_by("id").values())
    TOTP.activate(student, generate_totp_secret())

    delete_account(user=student)

    after = list(AuditEvent.objects.order_by("id").values())
    assert after[: len(before)] == before
    assert [e["action"] for e in after[len(before) :]] == ["role.revoked", "account.deleted"]
    assert verify_chain() is None
    assert not Authenticator.objects.filter(user=student).exists()


def test_deleting_twice_is_harmless(student):
    delete_account(user=student)
    delete_account(user=student)

    assert verify_chain() is None


def test_a_superuser_cannot_delete_themselves_but_can_be_erased_by_another(db):
    root = make_user(email="root@example.org", is_superuser=True)
    other_root = make_user(email="root2@example.org", is_superuser=True)

    with pytest.raises(ValidationError):
        delete_account(user=root)
    erase_account(user=root, actor=other_root)

    root.refresh_from_db()
    assert not root.is_superuser and not root.is_active
    event = AuditEvent.objects.get(action="account.deleted")
    assert event.actor_label == "root2@example.org"


def test_update_profile_rejects_an_unknown_language(student):
    with pytest.raises(ValidationError):
        update_profile(user=student, full_name="Sam", organisation="", preferred_language="fr")
