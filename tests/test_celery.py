"""Celery: eager in-process without a broker; through Redis to a real worker with one."""

import os
import time
import uuid

from django.conf import settings
from django.core.cache.backends.redis import RedisCache

import pytest

from atmp_platform.celery import app
from atmp_platform.core.tasks import ping

from .processes import run_python

EAGER_PROBE = """
import django
django.setup()
from django.core.cache import cache
from atmp_platform.core.tasks import ping
ping.delay("eager-probe")
print(cache.get("eager-probe"))
"""


def test_the_celery_app_is_configured_from_the_django_settings():
    assert app.conf.task_always_eager is settings.CELERY_TASK_ALWAYS_EAGER
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.timezone == "Europe/Brussels"
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_tasks_of_installed_apps_are_discovered_under_their_names():
    app.loader.import_default_modules()

    assert app.tasks["core.ping"].name == ping.name == "core.ping"


def test_without_a_broker_a_task_runs_in_the_calling_process():
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"CELERY_BROKER_URL", "REDIS_URL", "DATABASE_URL"}
    }
    environment["DJANGO_SETTINGS_MODULE"] = "atmp_platform.settings.test"

    result = run_python("-c", EAGER_PROBE, environment=environment)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pong"


@pytest.mark.services
def test_a_task_travels_through_the_broker_to_a_worker_and_back(services):
    """No result backend is configured: the worker answers through the shared Redis cache.

    The test processes use Redis databases of their own (see settings/test.py), so the answer
    is read from the worker's: the one REDIS_URL names.
    """
    assert not services.conf.task_always_eager
    worker_cache = RedisCache(
        settings.REDIS_URL, {"KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", "")}
    )
    key = f"ping-{uuid.uuid4().hex}"

    ping.delay(key)

    deadline = time.monotonic() + 30
    while worker_cache.get(key) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert worker_cache.get(key) == "pong"
