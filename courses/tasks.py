"""Courses tasks: thin, they take ids and are enqueued after commit."""

from django.db import OperationalError

from celery import shared_task

from courses.emails import send_enrolment_confirmation
from courses.models import Enrolment


@shared_task(
    name="courses.send_enrolment_email",
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def send_enrolment_email(enrolment_id: int, kind: str, reason: str = "") -> None:
    enrolment = Enrolment.objects.select_related("student", "cohort__module").get(pk=enrolment_id)
    send_enrolment_confirmation(enrolment, kind, reason)
