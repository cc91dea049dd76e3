"""Enrolment confirmations: sent after commit, never on rollback, in the student's language."""

from django.core import mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

import pytest

from atmp_platform.celery import app as celery_app
from courses.enrolment import apply_for_cohort, decide_enrolment, enrol_student, withdraw_enrolment
from courses.models import Enrolment

from .conftest import enrol


@pytest.fixture(autouse=True)
def eager_tasks():
    """Run the e-mail task in this process, also where a broker is configured."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def subject(language: str, message: str, module: str) -> str:
    with translation.override(language):
        return "[ATMP XB] " + gettext(message) % {"module": module}


def test_nothing_is_sent_before_commit(student, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enrol_student(student=student, cohort=cohort)
    assert len(callbacks) == 1
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_rolled_back_enrolment_sends_nothing(student, cohort, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enrol_student(student=student, cohort=cohort)
        transaction.set_rollback(True)
    assert mail.outbox == []
    assert not Enrolment.objects.exists()


def test_the_enrolment_is_confirmed_in_dutch_with_a_link_to_the_module(
    student, cohort, module, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrol_student(student=student, cohort=cohort)
    (message,) = mail.outbox
    assert message.to == [student.email]
    assert message.subject == subject("nl", "You are enrolled in %(module)s", module.title)
    assert module.full_url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{module.full_url}"' in html
    assert 'lang="nl"' in html


def test_an_english_speaking_student_gets_english_with_the_english_module(
    student, cohort, curriculum, django_capture_on_commit_callbacks
):
    student.preferred_language = "en"
    student.save()
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        enrol_student(student=student, cohort=cohort)
    (message,) = mail.outbox
    module_en = curriculum.module_en
    assert message.subject == f"[ATMP XB] You are enrolled in {module_en.title}"
    assert module_en.full_url in message.body
    assert "Hello Sam Student," in message.body


@pytest.mark.parametrize(
    ("decision", "message_id"),
    [
        ("accept", "You have a place in %(module)s"),
        ("waitlist", "You are on the waiting list for %(module)s"),
        ("refuse", "Your application for %(module)s was not accepted"),
    ],
)
def test_each_decision_is_confirmed(
    student,
    trainer,
    application_cohort,
    module,
    decision,
    message_id,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = apply_for_cohort(student=student, cohort=application_cohort, motivation="QC")
    assert mail.outbox[0].subject == subject(
        "nl", "We received your application for %(module)s", module.title
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide_enrolment(enrolment=enrolment, decision=decision, actor=trainer, reason="Te vroeg")
    assert mail.outbox[1].subject == subject("nl", message_id, module.title)
    assert ("Te vroeg" in mail.outbox[1].body) == (decision == "refuse")


def test_a_withdrawal_and_the_promotion_it_makes_are_both_confirmed(
    student, other_student, cohort, module, django_capture_on_commit_callbacks
):
    cohort.capacity = 1
    cohort.save()
    enrolment = enrol(student, cohort)
    enrol(other_student, cohort, status=Enrolment.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_enrolment(enrolment=enrolment, actor=student)
    sent = {message.to[0]: message.subject for message in mail.outbox}
    assert sent == {
        student.email: subject("nl", "Your enrolment in %(module)s is withdrawn", module.title),
        other_student.email: subject("nl", "You have a place in %(module)s", module.title),
    }


def test_a_full_cohort_confirms_the_waiting_list(
    student, other_student, cohort, module, django_capture_on_commit_callbacks
):
    cohort.capacity = 1
    cohort.save()
    enrol(other_student, cohort)
    with django_capture_on_commit_callbacks(execute=True):
        enrol_student(student=student, cohort=cohort)
    (message,) = mail.outbox
    assert message.subject == subject(
        "nl", "You are on the waiting list for %(module)s", module.title
    )
