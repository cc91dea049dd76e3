import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import GENESIS_HASH, AuditEvent

CHAIN_LOCK_KEY = 727_1001


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def _lock_chain():
    """Serialise appends so that two writers never link to the same previous row."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: the settings open every transaction IMMEDIATE, which already holds the
    # database's single write lock.


def _as_stored(value):
    """The value as it reads back from a JSON column, so that its hash survives storage."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@transaction.atomic
def record_event(
    *,
    action: str,
    actor=None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    old_value=None,
    new_value=None,
    reason: str = "",
) -> AuditEvent:
    """Append one event to the audit trail, linked to the previous one by its hash."""
    _lock_chain()
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)[:255]
    previous = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    actor_is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor=actor if actor_is_user else None,
        actor_label=(actor.email if actor_is_user else "system"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        old_value=_as_stored(old_value),
        new_value=_as_stored(new_value),
        reason=reason,
        previous_hash=previous or GENESIS_HASH,
    )
    event.entry_hash = event.compute_hash()
    event.save()
    return event


def verify_chain(*, batch_size: int = 2000) -> ChainBreak | None:
    """Walk the trail in order; return the first broken link, or None when it is intact.

    A changed row no longer matches its own hash; a removed row leaves the next row pointing
    at a hash that is not its predecessor's.
    """
    expected_previous = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.previous_hash != expected_previous:
            return ChainBreak(event.id, "previous hash does not match the preceding event")
        if event.compute_hash() != event.entry_hash:
            return ChainBreak(event.id, "content does not match its hash")
        expected_previous = event.entry_hash
    return None
