"""Background processing of large H5P uploads (services.queue_h5p_upload)."""

from celery import shared_task

from . import services


@shared_task(name=services.PROCESS_UPLOAD_TASK)
def process_h5p_upload(upload_id: int) -> None:
    """Store a spooled upload as content, or record why not. Idempotent; see
    services.process_queued_upload."""
    services.process_queued_upload(upload_id=upload_id)
