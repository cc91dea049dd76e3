from django.db import OperationalError as DatabaseOperationalError

from celery import shared_task
from kombu.exceptions import OperationalError

from . import housekeeping


# Acknowledged only when done and re-delivered if the worker dies: complete_debrief is
# idempotent (a debrief that is ready is left as it is).
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, DatabaseOperationalError),
    retry_backoff=True,
    max_retries=5,
)
def make_debrief(run_id: int) -> None:
    from .debrief_pdf import complete_debrief

    complete_debrief(run_id=run_id)


@shared_task(name="simulations.tasks.finish_due_runs")
def finish_due_runs() -> int:
    """End and score the runs whose simulated time is up while nobody was watching."""
    return housekeeping.finish_due_runs()
