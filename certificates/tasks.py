from celery import shared_task
from kombu.exceptions import OperationalError

from . import documents, expiry, reminders


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def complete_certificate(self, certificate_id: int) -> None:
    """Render the PDF, sign the credential, mark the certificate issued and e-mail the holder.
    Idempotent: a certificate already completed is left as it is."""
    documents.complete_certificate(certificate_id=certificate_id)


@shared_task(name="certificates.tasks.run_expiry_daily")
def run_expiry_daily() -> dict:
    """The beat job (06:00 Europe/Brussels): statuses, expired certificates, reminders."""
    return expiry.run_daily()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_certificate_reminder(certificate_id: int) -> int:
    return reminders.send_certificate_reminder(certificate_id=certificate_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_competency_reminder(person_id: int, status_ids: list[int]) -> int:
    return reminders.send_competency_reminder(person_id=person_id, status_ids=status_ids)
