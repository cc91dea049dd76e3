"""A Celery task waiting to be published, written in the transaction that asked for it."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One task call. Its key is the Celery task id, so a delivery can tell whether the same
    message was delivered before (see services.run_once)."""

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A publisher holds the message until then; one that died lets it go when it passes.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(published_at__isnull=True),
                name="outbox_pending",
            ),
            models.Index(fields=["published_at"], name="outbox_published"),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.key}"
