"""The outbox: tasks asked for in a transaction reach the broker once it commits, survive a
broker outage as pending rows, and are published later exactly once."""

import time
from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

import pytest
from django_celery_beat.models import PeriodicTask

from atmp_platform.outbox import services
from atmp_platform.outbox.models import Message
from atmp_platform.outbox.tasks import flush_outbox
from courses.tasks import send_enrolment_email
from tests.courses.conftest import enrol, make_cohort

pytestmark = pytest.mark.django_db

PING = "core.ping"


def test_without_a_broker_the_task_runs_after_commit_and_nothing_is_stored(
    eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue_task(task=PING, args=["eager-outbox"])
        assert cache.get("eager-outbox") is None

    assert message is None
    assert cache.get("eager-outbox") == "pong"
    assert not Message.objects.exists()


def test_the_message_is_written_in_the_transaction_and_published_after_commit(
    broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue_task(task=PING, args=["k"])
        assert Message.objects.get().published_at is None

    message.refresh_from_db()
    assert message.published_at is not None
    assert broker.published() == [(PING, str(message.key))]


def test_a_rolled_back_transaction_leaves_no_message(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.enqueue_task(task=PING, args=["k"])
        raise RuntimeError("the caller fails")

    assert not Message.objects.exists()
    assert broker.published() == []


def test_with_the_broker_down_the_caller_succeeds_quickly_and_the_message_stays_pending(
    broker, django_capture_on_commit_callbacks, caplog
):
    broker.go_down()
    started = time.monotonic()

    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue_task(task=PING, args=["k"])

    assert time.monotonic() - started < 3
    message.refresh_from_db()
    assert message.published_at is None
    assert message.claimed_until is None
    assert message.attempts == 1
    assert "refused" in message.last_error.lower() or "connect" in message.last_error.lower()
    assert "is not published" in caplog.text


def test_the_flush_publishes_what_the_outage_left_exactly_once(
    broker, django_capture_on_commit_callbacks
):
    broker.go_down()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.enqueue_task(task=PING, args=["a"])
        second = services.enqueue_task(task=PING, args=["b"])
    assert services.flush_outbox() == 0
    broker.come_back()

    assert services.flush_outbox() == 2
    assert services.flush_outbox() == 0
    assert broker.published() == [(PING, str(first.key)), (PING, str(second.key))]
    assert not Message.objects.filter(published_at__isnull=True).exists()


def test_the_first_publish_after_an_outage_also_sends_the_backlog(
    broker, django_capture_on_commit_callbacks
):
    broker.go_down()
    with django_capture_on_commit_callbacks(execute=True):
        stuck = services.enqueue_task(task=PING, args=["a"])
    broker.come_back()

    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.enqueue_task(task=PING, args=["b"])

    assert sorted(broker.published()) == sorted([(PING, str(stuck.key)), (PING, str(fresh.key))])
    assert services.flush_outbox() == 0


def test_a_message_another_publisher_holds_is_left_alone_until_its_claim_runs_out(
    broker, django_capture_on_commit_callbacks
):
    broker.go_down()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue_task(task=PING, args=["a"])
    broker.come_back()
    Message.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() + timedelta(seconds=30)
    )

    assert services.publish_message(message_id=message.pk) is False
    assert services.flush_outbox() == 0

    Message.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.flush_outbox() == 1
    assert broker.published() == [(PING, str(message.key))]


def test_the_beat_job_flushes_and_forgets_what_went_out_long_ago(
    broker, django_capture_on_commit_callbacks
):
    broker.go_down()
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.enqueue_task(task=PING, args=["a"])
    old = Message.objects.create(
        task=PING, published_at=timezone.now() - timedelta(days=services.RETENTION_DAYS + 1)
    )
    recent = Message.objects.create(task=PING, published_at=timezone.now() - timedelta(days=1))
    broker.come_back()

    assert flush_outbox.apply().get() == 1

    assert set(Message.objects.values_list("pk", flat=True)) == {pending.pk, recent.pk}
    assert old.pk not in Message.objects.values_list("pk", flat=True)


def test_every_migrated_database_flushes_the_outbox_every_minute():
    entry = PeriodicTask.objects.get(task="outbox.flush")

    assert entry.enabled
    assert (entry.interval.every, entry.interval.period) == (1, "minutes")


def test_run_once_runs_the_first_delivery_and_skips_the_next():
    message = Message.objects.create(task=PING)
    calls = []

    first = services.run_once(key=str(message.key), work=lambda: calls.append(1) or "sent")
    second = services.run_once(key=str(message.key), work=lambda: calls.append(2) or "sent")

    assert (first, second, calls) == ("sent", None, [1])
    message.refresh_from_db()
    assert message.delivered_at is not None


def test_run_once_lets_a_retry_run_when_the_first_delivery_failed():
    message = Message.objects.create(task=PING)

    def fail():
        raise ConnectionError("the mail server hung up")

    with pytest.raises(ConnectionError):
        services.run_once(key=str(message.key), work=fail)
    message.refresh_from_db()
    assert message.delivered_at is None
    assert services.run_once(key=str(message.key), work=lambda: "sent") == "sent"


@pytest.mark.parametrize("key", [None, "not-a-uuid", "0b7c2f6e-3d49-4d0e-9a53-5f1c1e0d2a11"])
def test_run_once_always_runs_a_task_that_is_no_outbox_message(key):
    calls = []

    services.run_once(key=key, work=lambda: calls.append(key))
    services.run_once(key=key, work=lambda: calls.append(key))

    assert calls == [key, key]


def test_an_enrolment_email_delivered_twice_is_sent_once(student, module):
    enrolment = enrol(student, make_cohort(module))
    message = Message.objects.create(
        task=send_enrolment_email.name, args=[enrolment.pk, "enrolled", ""]
    )

    for _delivery in range(2):
        send_enrolment_email.apply(args=message.args, task_id=str(message.key), throw=True)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [student.email]
