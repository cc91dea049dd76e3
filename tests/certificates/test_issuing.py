"""A certificate is issued when its requirements are met, once per validity cycle
(certificates.issuing, reached through record_evidence)."""

from datetime import date, datetime, timedelta

from django.utils import timezone

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates import tasks
from certificates.dates import add_months
from certificates.issuing import issue_certificate
from certificates.models import Certificate, CertificateRequirement, Competency, Evidence
from certificates.services import record_evidence

TRAINER = Evidence.Verification.TRAINER


@pytest.fixture
def enqueued(monkeypatch, eager_tasks) -> list[int]:
    """The certificate ids handed to the completion task (the task itself is not run); eager,
    so that the services run's broker does not route the task through the outbox."""
    calls: list[int] = []
    monkeypatch.setattr(tasks.complete_certificate, "delay", calls.append)
    return calls


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def _assess(person, competency, level, ref, *, on=None):
    return record_evidence(
        person=person,
        competency=competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref=ref,
        verification=TRAINER,
        level=level,
        occurred_at=_at(on) if on else None,
    )


def _move_today(monkeypatch, day: date) -> None:
    """Let the services believe that today is `day` (dates of records passed in are kept)."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else day

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_met_requirements_issue_one_pending_certificate_and_enqueue_its_task(
    student, certificate_type, competency, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 2, "a:1")
    certificate = Certificate.objects.get()
    assert certificate.holder == student
    assert certificate.certificate_type == certificate_type
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.cycle == 1
    assert certificate.holder_name == "Sam Student"
    assert certificate.basis[0]["competency"] == competency.code
    assert enqueued == [certificate.pk]
    assert AuditEvent.objects.filter(action="certificate.issued").count() == 1


def test_the_task_waits_for_the_commit(
    student, certificate_type, competency, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _assess(student, competency, 2, "a:1")
    assert enqueued == []
    assert len(callbacks) == 1


def test_requirements_not_met_issue_nothing(
    student, certificate_type, competency, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 1, "a:1")
    assert not Certificate.objects.exists()
    assert enqueued == []


def test_every_requirement_must_be_met(
    student, certificate_type, competency, levels, enqueued, django_capture_on_commit_callbacks
):
    other = Competency.objects.create(
        code="T2", title_en="Other", title_nl="Ander", category=Competency.Category.QUALITY
    )
    CertificateRequirement.objects.create(
        certificate_type=certificate_type, competency=other, minimum_level=3
    )
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 4, "a:1")
        _assess(student, other, 2, "a:2")
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, other, 3, "a:3")
    assert Certificate.objects.count() == 1
    assert len(enqueued) == 1


def test_self_reported_evidence_issues_nothing(student, certificate_type, competency, enqueued):
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.IMPORT,
        source_ref="cv:1",
        verification=Evidence.Verification.SELF_REPORTED,
        level=4,
    )
    assert not Certificate.objects.exists()


def test_requirements_met_twice_still_give_one_certificate(
    student, certificate_type, competency, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 2, "a:1")
        _assess(student, competency, 3, "a:2")
    again = issue_certificate(holder=student, certificate_type=certificate_type)
    assert Certificate.objects.count() == 1
    assert again == Certificate.objects.get()
    assert len(enqueued) == 1


def test_an_inactive_type_is_not_issued(student, certificate_type, competency, enqueued):
    certificate_type.active = False
    certificate_type.save()
    _assess(student, competency, 2, "a:1")
    assert not Certificate.objects.exists()


def test_valid_until_is_capped_by_the_evidence(student, certificate_type, competency, enqueued):
    today = timezone.localdate()
    evidence = _assess(student, competency, 2, "a:1", on=today - timedelta(days=100))
    certificate = Certificate.objects.get()
    assert evidence.valid_until < add_months(today, certificate_type.validity_months)
    assert certificate.valid_until == evidence.valid_until


def test_valid_until_is_the_types_validity_when_the_evidence_lasts_longer(
    student, certificate_type, competency, enqueued
):
    certificate_type.validity_months = 3
    certificate_type.save()
    _assess(student, competency, 2, "a:1")
    certificate = Certificate.objects.get()
    assert certificate.valid_until == add_months(timezone.localdate(), 3)


def test_a_revoked_certificate_closes_its_cycle(
    student, certificate_type, competency, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 2, "a:1")
    Certificate.objects.update(status=Certificate.Status.REVOKED)
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 3, "a:2")
        again = issue_certificate(holder=student, certificate_type=certificate_type)
    assert Certificate.objects.count() == 1
    assert again.status == Certificate.Status.REVOKED
    assert len(enqueued) == 1


def test_after_expiry_a_new_cycle_is_issued(
    student,
    certificate_type,
    competency,
    enqueued,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 2, "a:1")
    first = Certificate.objects.get()
    later = first.valid_until + timedelta(days=1)
    _move_today(monkeypatch, later)
    with django_capture_on_commit_callbacks(execute=True):
        _assess(student, competency, 2, "a:2", on=later)
    second = Certificate.objects.exclude(pk=first.pk).get()
    assert (first.cycle, second.cycle) == (1, 2)
    assert second.issued_on == later
    assert second.valid_until == add_months(later, certificate_type.validity_months)
    assert len(enqueued) == 2


def test_expired_evidence_does_not_issue_a_new_cycle(
    student, certificate_type, competency, enqueued, monkeypatch
):
    _assess(student, competency, 2, "a:1")
    first = Certificate.objects.get()
    _move_today(monkeypatch, first.valid_until + timedelta(days=1))
    assert issue_certificate(holder=student, certificate_type=certificate_type) is None
    assert Certificate.objects.count() == 1
