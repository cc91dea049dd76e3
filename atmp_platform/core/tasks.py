"""Tasks that belong to the platform as a whole rather than to one app."""

from django.core.cache import cache

from celery import shared_task

PING_TIMEOUT_SECONDS = 300


@shared_task(name="core.ping")
def ping(key: str) -> None:
    """Prove that a task reached a worker: no result backend is configured, so the answer
    travels back through the shared cache (Redis in production) under the caller's key."""
    cache.set(key, "pong", timeout=PING_TIMEOUT_SECONDS)
