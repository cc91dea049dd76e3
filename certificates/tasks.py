from smtplib import SMTPException

from django.db import OperationalError as DatabaseOperationalError

from celery import shared_task
from kombu.exceptions import OperationalError

from atmp_platform.outbox.services import run_once

from . import documents, expiry, reminders


# Acknowledged only when done, and re-delivered when the worker process dies mid-task:
# complete_certificate is idempotent and crash-safe, so a second run finishes the first's work.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, DatabaseOperationalError, ConnectionError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def complete_certificate(self, certificate_id: int) -> None:
    """Render the PDF, sign the credential, mark the certificate issued and e-mail the holder.
    Idempotent: what an earlier run completed is left as it is."""
    documents.complete_certificate(certificate_id=certificate_id)


@shared_task(name="certificates.tasks.run_expiry_daily")
def run_expiry_daily() -> dict:
    """The beat job (06:00 Europe/Brussels): statuses, expired certificates, reminders."""
    return expiry.run_daily()


# Reminders are e-mails: sent once per outbox message, even when the broker delivers it twice.
@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_certificate_reminder(self, certificate_id: int) -> int:
    sent = run_once(
        key=self.request.id,
        work=lambda: reminders.send_certificate_reminder(certificate_id=certificate_id),
    )
    return sent or 0


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_competency_reminder(self, person_id: int, status_ids: list[int]) -> int:
    sent = run_once(
        key=self.request.id,
        work=lambda: reminders.send_competency_reminder(person_id=person_id, status_ids=status_ids),
    )
    return sent or 0
