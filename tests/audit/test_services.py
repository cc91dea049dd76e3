from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest

from atmp_platform.audit.models import GENESIS_HASH, AuditEvent
from atmp_platform.audit.services import record_event, verify_chain

pytestmark = pytest.mark.django_db


def _record_three(actor=None):
    return [
        record_event(action="role.granted", actor=actor, object_repr="a", new_value={"n": 1}),
        record_event(action="role.revoked", actor=actor, object_repr="b", old_value={"n": 1}),
        record_event(action="evidence.recorded", object_repr="c", reason="a reason"),
    ]


def test_events_link_to_their_predecessor():
    first, second, third = _record_three()
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert verify_chain() is None


def test_an_intact_chain_survives_a_round_trip_through_the_database(student):
    event = record_event(
        action="test.round_trip",
        actor=student,
        target=student,
        new_value={"at": student.date_joined},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_label == student.email
    assert stored.object_type == "accounts.user"
    assert verify_chain() is None


def test_a_changed_row_is_detected():
    _first, second, _third = _record_three()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["tampered", second.id]
        )
    broken = verify_chain()
    assert broken is not None
    assert broken.event_id == second.id
    assert "hash" in broken.reason


def test_a_removed_row_is_detected_at_its_successor():
    _first, second, third = _record_three()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [second.id])
    broken = verify_chain()
    assert broken is not None
    assert broken.event_id == third.id


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record_event(action="role.granted")
    event.reason = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(reason="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_verify_command_reports_intact_trail(capsys):
    _record_three()
    call_command("verify_audit_trail")
    assert "3 events verified" in capsys.readouterr().out


def test_verify_command_names_the_first_broken_event():
    _first, second, _third = _record_three()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", second.id]
        )
    with pytest.raises(CommandError, match=f"event {second.id}"):
        call_command("verify_audit_trail")
