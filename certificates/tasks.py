from celery import shared_task
from kombu.exceptions import OperationalError

from . import documents


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def complete_certificate(self, certificate_id: int) -> None:
    """Render the PDF, sign the credential, mark the certificate issued and e-mail the holder.
    Idempotent: a certificate already completed is left as it is."""
    documents.complete_certificate(certificate_id=certificate_id)
