"""A real broker outage: a Redis of the test's own is stopped while tasks are asked for, and
started again; every task reaches it once, through the pooled connection the outage broke."""

import json
import socket

from django.db import transaction

import pytest

from atmp_platform.celery import app as celery_app
from atmp_platform.outbox import services
from atmp_platform.outbox.models import Message
from tests.faults.redis_server import own_redis

pytestmark = pytest.mark.django_db

PING = "core.ping"


def queued_task_ids(redis) -> list[str]:
    """The ids of the tasks waiting in the broker's default queue (database 0, list celery)."""
    with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as connection:
        stream = connection.makefile("rwb")
        stream.write(b"SELECT 0\r\nLRANGE celery 0 -1\r\n")
        stream.flush()
        assert stream.readline() == b"+OK\r\n"
        count = int(stream.readline()[1:])
        ids = []
        for _ in range(count):
            length = int(stream.readline()[1:])
            message = json.loads(stream.read(length + 2)[:length])
            ids.append(message["headers"]["id"])
        return ids


@pytest.fixture
def redis_broker(tmp_path, monkeypatch):
    with own_redis(tmp_path) as redis:
        monkeypatch.setenv("CELERY_BROKER_URL", f"{redis.url}/0")
        conf = celery_app.conf
        previous = conf.task_always_eager
        conf.task_always_eager = False
        yield redis
        conf.task_always_eager = previous


def _enqueue(django_capture_on_commit_callbacks, argument: str) -> Message:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return services.enqueue_task(task=PING, args=[argument])


def test_tasks_asked_for_while_redis_is_down_reach_it_once_when_it_is_back(
    redis_broker, django_capture_on_commit_callbacks
):
    before = _enqueue(django_capture_on_commit_callbacks, "before")
    redis_broker.stop()

    during = [_enqueue(django_capture_on_commit_callbacks, f"during-{n}") for n in range(3)]

    assert Message.objects.filter(published_at__isnull=True).count() == 3
    redis_broker.start()
    after = _enqueue(django_capture_on_commit_callbacks, "after")

    assert services.flush_outbox() == 0
    expected = [str(message.key) for message in [before, *during, after]]
    assert sorted(queued_task_ids(redis_broker)) == sorted(expected)
    assert not Message.objects.filter(published_at__isnull=True).exists()
