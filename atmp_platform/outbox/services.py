"""Durable enqueuing of Celery tasks: a transactional outbox.

A task asked for inside a transaction is a row written in that same transaction. After the
commit one attempt is made to publish it, with a short timeout; if the broker is down the
request still succeeds and the row stays pending. `flush_outbox` publishes what is pending:
every minute on the beat (migration 0002) and, so that the first request after an outage does
not wait for the beat, right after any successful publish.

Delivery is at least once: a publisher that dies between publishing and recording it leaves
the message to be published again. Every task sent through here is therefore idempotent, or
wraps its side effect (an e-mail) in `run_once`.

Without a broker (tasks run eagerly, the embedded default) nothing is written: the task runs
in the calling process after commit, as it always did.
"""

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from celery import Task
from kombu import pools
from kombu.exceptions import KombuError

from atmp_platform.celery import app as celery_app

from .models import Message

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds a socket may wait on the broker while publishing: a hung broker must not hang the
# request that has just committed.
PUBLISH_TIMEOUT = 1.0
# One reconnect, for a pooled connection that a broker restart has broken.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
CLAIM_SECONDS = 30
FLUSH_BATCH = 500
# What a request publishes of the backlog after its own message went out.
BACKLOG_BATCH = 50
RETENTION_DAYS = 14
BROKER_ERRORS = (KombuError, OSError)


def enqueue_task(
    *, task: str | Task, args: Sequence = (), kwargs: Mapping | None = None
) -> Message | None:
    """Have `task` run with `args` and `kwargs` once the current transaction commits.

    With a broker: returns the outbox message written in the current transaction (nothing is
    published if it rolls back). Arguments must be JSON values. Eagerly: returns None and the
    task runs after commit in this process, raising what it raises.
    """
    name = task if isinstance(task, str) else task.name
    args, kwargs = list(args), dict(kwargs or {})
    if celery_app.conf.task_always_eager:
        runner = _registered(name) if isinstance(task, str) else task
        transaction.on_commit(lambda: runner.delay(*args, **kwargs))
        return None
    message = Message.objects.create(task=name, args=args, kwargs=kwargs)
    transaction.on_commit(lambda: _publish_after_commit(message.pk))
    return message


def _registered(name: str) -> Task:
    # Apps' tasks modules are imported on first need: a process that never imported the one
    # defining `name` would not know it.
    if name not in celery_app.tasks:
        celery_app.loader.import_default_modules()
    return celery_app.tasks[name]


def _publish_after_commit(message_id: int) -> None:
    # The caller's data is committed: nothing that fails here may turn its answer into an
    # error. What was not published stays pending for the next flush.
    try:
        if publish_message(message_id=message_id) and _pending().exists():
            flush_outbox(limit=BACKLOG_BATCH)
    except Exception:  # noqa: BLE001 - see above
        logger.exception("Publishing outbox message %s failed; the flush retries it.", message_id)


def publish_message(*, message_id: int) -> bool:
    """Publish one pending message; True if this call published it. False when another
    publisher holds it, it went out already, or the broker failed (it stays pending)."""
    return _claim(message_id) and _publish_claimed(message_id)


def flush_outbox(*, limit: int = FLUSH_BATCH) -> int:
    """Publish pending messages, oldest first, until `limit` went out or the broker fails.
    Returns how many this call published. Safe to run anywhere at once: each message is
    claimed before it is published."""
    published = 0
    for message_id in list(_pending().values_list("pk", flat=True)[:limit]):
        if not _claim(message_id):
            continue
        if not _publish_claimed(message_id):
            break
        published += 1
    return published


def prune_outbox(*, days: int = RETENTION_DAYS) -> int:
    """Delete messages published more than `days` ago; returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = Message.objects.filter(published_at__lt=cutoff).delete()
    return deleted


def run_once(*, key: str | None, work: Callable[[], T]) -> T | None:
    """Run `work` once per outbox message; None for a delivery that came too late.

    `key` is the delivering task's id (self.request.id). The message is marked delivered in a
    transaction around `work`: a second delivery of it waits for the first and then does
    nothing; if `work` raises, the mark rolls back with it and a retry runs `work` again. A
    key that names no outbox message (a task run eagerly or sent otherwise) always runs.
    """
    with transaction.atomic():
        if _is_redelivery(key):
            logger.info("Outbox message %s was delivered before; not running it again.", key)
            return None
        return work()


def _is_redelivery(key: str | None) -> bool:
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return False
    claimed = Message.objects.filter(key=key, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )
    return not claimed and Message.objects.filter(key=key).exists()


def _pending() -> QuerySet[Message]:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=timezone.now())
    return Message.objects.filter(free, published_at__isnull=True).order_by("pk")


def _claim(message_id: int) -> bool:
    claimed_until = timezone.now() + timedelta(seconds=CLAIM_SECONDS)
    return bool(_pending().filter(pk=message_id).update(claimed_until=claimed_until))


def _publish_claimed(message_id: int) -> bool:
    message = Message.objects.get(pk=message_id)
    try:
        _send(message)
    except BROKER_ERRORS as error:
        Message.objects.filter(pk=message_id).update(
            claimed_until=None, attempts=message.attempts + 1, last_error=str(error)[:1000]
        )
        logger.warning(
            "Outbox message %s (%s) is not published yet: %s", message.key, message.task, error
        )
        return False
    Message.objects.filter(pk=message_id).update(published_at=timezone.now(), claimed_until=None)
    return True


def _send(message: Message) -> None:
    broker = celery_app.connection_for_write(
        transport_options={
            "socket_timeout": PUBLISH_TIMEOUT,
            "socket_connect_timeout": PUBLISH_TIMEOUT,
        }
    )
    with pools.connections[broker].acquire(block=True, timeout=PUBLISH_TIMEOUT) as connection:
        celery_app.send_task(
            message.task,
            args=message.args,
            kwargs=message.kwargs,
            task_id=str(message.key),
            connection=connection,
            retry=True,
            retry_policy=RETRY_POLICY,
        )
