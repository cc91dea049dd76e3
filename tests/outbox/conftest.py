"""Brokers for the outbox tests: kombu's in-process memory transport (a real transport: what
is published there can be consumed again) and a Redis URL with nothing listening (a real
connection refused). Tasks are published, never run: no worker consumes these brokers."""

import socket

import pytest
from kombu import Connection

from atmp_platform.celery import app as celery_app
from tests.courses.conftest import module, programme, programme_en  # noqa: F401 - fixtures

MEMORY_BROKER = "memory://"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Broker:
    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch
        self.use(MEMORY_BROKER)

    def use(self, url: str) -> None:
        # Celery reads CELERY_BROKER_URL from the environment before its own setting.
        self._monkeypatch.setenv("CELERY_BROKER_URL", url)

    def go_down(self) -> None:
        self.use(f"redis://127.0.0.1:{closed_port()}/0")

    def come_back(self) -> None:
        self.use(MEMORY_BROKER)

    def published(self) -> list[tuple[str, str]]:
        """(task name, task id) of every message waiting in the memory broker, consumed."""
        found = []
        with Connection(MEMORY_BROKER) as connection:
            queue = connection.SimpleQueue("celery")
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                found.append((message.headers["task"], message.headers["id"]))
                message.ack()
            queue.close()
        return found


@pytest.fixture
def broker(monkeypatch):
    """Tasks go to a broker instead of running eagerly; the memory broker starts empty."""
    conf = celery_app.conf
    previous = conf.task_always_eager
    conf.task_always_eager = False
    broker = Broker(monkeypatch)
    broker.published()
    yield broker
    conf.task_always_eager = previous
