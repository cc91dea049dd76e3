"""Background processing of large H5P uploads (services.queue_h5p_upload)."""

from celery import shared_task

from . import services


# Acknowledged only when done and re-delivered if the worker dies mid-way: the spool file is
# removed only at the end, so the re-delivery processes the upload again from the start.
@shared_task(name=services.PROCESS_UPLOAD_TASK, acks_late=True, reject_on_worker_lost=True)
def process_h5p_upload(upload_id: int) -> None:
    """Store a spooled upload as content, or record why not. Idempotent; see
    services.process_queued_upload."""
    services.process_queued_upload(upload_id=upload_id)
