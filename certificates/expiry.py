"""The daily expiry job: lapsed statuses refreshed, certificates past their date marked
expired, reminders 30 days before expiry.

Run each morning by django-celery-beat (certificates.tasks.run_expiry_daily, 06:00
Europe/Brussels, created by migration 0005) and by operators with `manage.py run_expiry`.
Every step is safe to repeat: a second run on the same day changes nothing and sends nothing.

Reminders go to the holder and to the trainers of the holder's cohorts. Cohorts live in
courses, which certificates never imports: settings.ATMP_REMINDER_RECIPIENTS names a function
(a dotted path, read when the job runs) that returns the other recipients for a person.
Each reminder is claimed with a conditional update before its e-mail is enqueued after commit,
so two runs at once cannot send it twice.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from atmp_platform.audit.services import record_event
from atmp_platform.outbox.services import enqueue_task

from .models import EXPIRING_SOON_DAYS, Certificate, CompetencyStatus
from .services import refresh_status

REMINDER_DAYS = EXPIRING_SOON_DAYS


def run_daily(*, today: date | None = None) -> dict:
    """Run every step for `today` (default: the local date); returns what each step did."""
    today = today or timezone.localdate()
    return {
        "statuses_refreshed": refresh_lapsed_statuses(today=today),
        "certificates_expired": expire_certificates(today=today),
        "certificate_reminders": remind_certificates(today=today),
        "competency_reminders": remind_competencies(today=today),
    }


def refresh_lapsed_statuses(*, today: date) -> int:
    """Rewrite each status whose level's validity has passed: it falls back to a lower level
    that is still valid, or shows the level that expired. Audited per status."""
    lapsed = CompetencyStatus.objects.filter(level__isnull=False, valid_until__lt=today)
    count = 0
    for status in lapsed.select_related("person", "competency"):
        _refresh_one(status, today)
        count += 1
    return count


@transaction.atomic
def _refresh_one(status: CompetencyStatus, today: date) -> None:
    old = {"level": status.level, "valid_until": status.valid_until}
    refreshed = refresh_status(person=status.person, competency=status.competency, today=today)
    record_event(
        action="competency.status_lapsed",
        target=refreshed,
        old_value=old,
        new_value={
            "level": refreshed.level,
            "valid_until": refreshed.valid_until,
            "expired_level": refreshed.expired_level,
        },
    )


def expire_certificates(*, today: date) -> int:
    """Mark issued certificates whose validity ended before `today` expired, audited. A
    revoked certificate stays revoked."""
    due = Certificate.objects.filter(status=Certificate.Status.ISSUED, valid_until__lt=today)
    return sum(_expire_one(certificate) for certificate in due.only("pk", "valid_until"))


@transaction.atomic
def _expire_one(certificate: Certificate) -> int:
    changed = Certificate.objects.filter(
        pk=certificate.pk, status=Certificate.Status.ISSUED
    ).update(status=Certificate.Status.EXPIRED)
    if changed:
        record_event(
            action="certificate.expired",
            target=certificate,
            old_value={"status": Certificate.Status.ISSUED},
            new_value={
                "status": Certificate.Status.EXPIRED,
                "valid_until": certificate.valid_until,
            },
        )
    return changed


def _window(today: date) -> tuple[date, date]:
    return today, today + timedelta(days=REMINDER_DAYS)


def remind_certificates(*, today: date) -> int:
    """Enqueue one reminder per issued certificate that expires within 30 days and has had
    none; returns how many were claimed."""
    due = Certificate.objects.filter(
        status=Certificate.Status.ISSUED,
        reminder_sent_at__isnull=True,
        valid_until__range=_window(today),
        holder__isnull=False,
    )
    return sum(_claim_certificate_reminder(pk) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def _claim_certificate_reminder(certificate_id: int) -> int:
    claimed = Certificate.objects.filter(pk=certificate_id, reminder_sent_at__isnull=True).update(
        reminder_sent_at=timezone.now()
    )
    if claimed:
        _enqueue("send_certificate_reminder", certificate_id)
    return claimed


def remind_competencies(*, today: date) -> int:
    """Enqueue, per person, one reminder listing their competencies whose level expires within
    30 days and that had no reminder for that date; returns how many statuses it covered."""
    due = (
        CompetencyStatus.objects.filter(
            level__isnull=False, valid_until__range=_window(today), person__is_active=True
        )
        .exclude(reminder_sent_for=models.F("valid_until"))
        .values_list("person_id", "pk")
    )
    by_person = defaultdict(list)
    for person_id, pk in due:
        by_person[person_id].append(pk)
    return sum(_claim_status_reminders(person_id, pks) for person_id, pks in by_person.items())


@transaction.atomic
def _claim_status_reminders(person_id: int, status_ids: list[int]) -> int:
    claimed = []
    for pk in status_ids:
        rows = (
            CompetencyStatus.objects.filter(pk=pk)
            .exclude(reminder_sent_for=models.F("valid_until"))
            .update(reminder_sent_for=models.F("valid_until"))
        )
        if rows:
            claimed.append(pk)
    if claimed:
        _enqueue("send_competency_reminder", person_id, claimed)
    return len(claimed)


def _enqueue(task_name: str, *args) -> None:
    from . import tasks

    enqueue_task(task=getattr(tasks, task_name), args=args)


def other_recipients(person) -> list:
    """Whom a person's reminders also go to (their trainers), through the settings hook."""
    path = getattr(settings, "ATMP_REMINDER_RECIPIENTS", "")
    if not path:
        return []
    return list(import_string(path)(person))
