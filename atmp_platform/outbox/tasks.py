from celery import shared_task

from . import services


@shared_task(name="outbox.flush")
def flush_outbox() -> int:
    """The beat job (every minute): publish what an outage left pending, forget what went out
    long ago. Returns how many messages it published."""
    published = services.flush_outbox()
    services.prune_outbox()
    return published
