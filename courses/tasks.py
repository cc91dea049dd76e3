"""Courses tasks: thin, they take ids and are enqueued after commit."""

from django.db import OperationalError

from celery import shared_task

from atmp_platform.outbox.services import run_once
from courses.emails import send_enrolment_confirmation
from courses.models import Enrolment


@shared_task(
    bind=True,
    name="courses.send_enrolment_email",
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_enrolment_email(self, enrolment_id: int, kind: str, reason: str = "") -> None:
    """Once per outbox message, even when the broker delivers it twice."""
    enrolment = Enrolment.objects.select_related("student", "cohort__module").get(pk=enrolment_id)
    run_once(key=self.request.id, work=lambda: send_enrolment_confirmation(enrolment, kind, reason))
