import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One append-only entry of the audit trail.

    Each row stores the hash of the previous row and a hash over its own content, so that a
    changed or removed row breaks the chain (see `services.verify_chain`). Rows are written
    only through `services.record_event`.
    """

    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    old_value = models.JSONField(_("old value"), null=True, blank=True, encoder=DjangoJSONEncoder)
    new_value = models.JSONField(_("new value"), null=True, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    # Events point at other records by type and id, not by relation: Wagtail's reference
    # index has nothing to learn from them and would cost four queries per event.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")

    def canonical_content(self) -> bytes:
        content = {
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "reason": self.reason,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(content, sort_keys=True, cls=DjangoJSONEncoder).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_content()).hexdigest()
