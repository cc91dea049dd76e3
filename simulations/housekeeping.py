"""Runs left running when their trainee closed the tab still end, and are scored, on time."""

from datetime import datetime

from django.utils import timezone

from .engine import finish_if_due
from .models import Run


def finish_due_runs(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    ended = 0
    running = Run.objects.filter(status=Run.Status.RUNNING, clock_anchor_at__isnull=False)
    for run in running.only(
        "pk",
        "status",
        "clock_offset_s",
        "clock_anchor_at",
        "time_compression",
        "duration_s",
        "ended_at_s",
    ).iterator():
        ended += finish_if_due(run=run, now=now)
    return ended
