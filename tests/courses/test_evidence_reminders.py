"""Expiry reminders reach the trainers of the holder's cohorts through the settings hook
(ATMP_REMINDER_RECIPIENTS = courses.evidence.trainers_for)."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from atmp_platform.accounts import roles
from certificates.expiry import other_recipients, run_daily
from certificates.models import Certificate, CertificateType
from courses.evidence import trainers_for
from courses.models import Enrolment
from tests.factories import make_user

from .conftest import enrol, make_cohort, make_module

# Reminders are e-mailed by a task after commit: run it here, where the outbox is read.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def test_the_trainers_of_the_students_active_cohorts_are_found(
    programme, cohort, trainer, other_trainer, enrolled_student
):
    other_module = make_module(programme, code="ATMP-201", title="Monitoring")
    refused = make_cohort(other_module, trainers=[other_trainer])
    enrol(enrolled_student, refused, status=Enrolment.Status.REFUSED)
    assert trainers_for(enrolled_student) == [trainer]


def test_a_completed_enrolment_still_counts_and_inactive_trainers_do_not(
    programme, cohort, trainer, other_trainer, enrolment, enrolled_student
):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED)
    cohort.trainers.add(other_trainer)
    other_trainer.is_active = False
    other_trainer.save(update_fields=["is_active"])
    assert trainers_for(enrolled_student) == [trainer]


def test_a_student_without_cohorts_has_no_trainers_to_remind(student):
    assert trainers_for(student) == []


def test_the_settings_hook_names_trainers_for(cohort, trainer, enrolled_student):
    assert other_recipients(enrolled_student) == [trainer]


def test_a_certificate_reminder_reaches_the_holder_and_their_trainer(
    cohort, trainer, other_trainer, enrolled_student, django_capture_on_commit_callbacks
):
    certificate_type = CertificateType.objects.create(
        code="t", name_en="T", name_nl="T", statement_en="s", statement_nl="s", validity_months=12
    )
    today = timezone.localdate()
    Certificate.objects.create(
        certificate_type=certificate_type,
        holder=enrolled_student,
        holder_name=enrolled_student.full_name,
        status=Certificate.Status.ISSUED,
        issued_on=today - timedelta(days=300),
        valid_until=today + timedelta(days=30),
        status_list_index=7,
    )
    make_user(roles.TRAINER, email="nobody@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily(today=today)["certificate_reminders"] == 1
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [enrolled_student.email, trainer.email]
    )
