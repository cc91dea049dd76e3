"""Issuing happens once: two triggers, a retried task and a worker that dies mid-task each
leave one certificate, one PDF file, one "completed" event and one e-mail.

The crashes are simulated where they would hurt: after the PDF is written but before the
status is (the transaction rolls back and the certificate stays pending), while the PDF is
being written (a half-written temporary file), and in the e-mail (after the certificate is
issued). tests/certificates/test_issuing_concurrency.py does the same with threads and a
real worker process killed with SIGKILL on PostgreSQL.
"""

from pathlib import Path

from django.core import mail

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates import documents, tasks
from certificates.issuing import consider_certificates, issue_certificate
from certificates.models import Certificate

from .document_helpers import BASE_URL, TEST_SEED, meet_requirements, pending_certificate

pytestmark = pytest.mark.django_db


class WorkerDied(Exception):
    """Stands for the worker process dying at this point."""


def die(*args, **kwargs):
    raise WorkerDied


@pytest.fixture(autouse=True)
def _site(settings, tmp_path, eager_tasks):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def certificate(student, competency, certificate_type):
    return pending_certificate(student, competency, certificate_type)


def pdf_folder(settings) -> Path:
    return Path(settings.MEDIA_ROOT) / documents.PDF_FOLDER


def files_in(folder: Path) -> list[str]:
    """Every file, hidden temporary ones included."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def completed_events() -> int:
    return AuditEvent.objects.filter(action="certificate.completed").count()


def assert_issued_once(certificate, settings) -> None:
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert Certificate.objects.count() == 1
    assert files_in(pdf_folder(settings)) == [f"{certificate.public_id}.pdf"]
    assert completed_events() == 1
    assert len(mail.outbox) == 1
    assert certificate.emailed_at is not None


def test_two_triggers_one_after_the_other_give_one_certificate(
    student, competency, certificate_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meet_requirements(student, competency)
        first = consider_certificates(person=student)
        second = consider_certificates(person=student, competency=competency)
        third = issue_certificate(holder=student, certificate_type=certificate_type)

    assert first == second == [third]
    assert Certificate.objects.count() == 1
    assert len(callbacks) == 1
    assert completed_events() == 1
    assert len(mail.outbox) == 1


def test_a_retried_task_makes_one_pdf_one_email_and_one_event(certificate, settings):
    tasks.complete_certificate.apply(args=[certificate.pk]).get()
    first_pdf = Path(settings.MEDIA_ROOT, f"certificates/{certificate.public_id}.pdf")
    written = first_pdf.stat().st_mtime_ns

    tasks.complete_certificate.apply(args=[certificate.pk]).get()
    tasks.complete_certificate.apply(args=[certificate.pk]).get()

    assert_issued_once(certificate, settings)
    assert first_pdf.stat().st_mtime_ns == written


def test_a_worker_dying_after_the_pdf_and_before_the_status_write_is_finished_by_the_retry(
    certificate, settings, monkeypatch
):
    with monkeypatch.context() as patched:
        patched.setattr(documents, "record_event", die)
        with pytest.raises(WorkerDied):
            tasks.complete_certificate.apply(args=[certificate.pk], throw=True)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING
    assert certificate.credential is None
    assert files_in(pdf_folder(settings)) == [f"{certificate.public_id}.pdf"]
    assert completed_events() == 0
    assert mail.outbox == []

    tasks.complete_certificate.apply(args=[certificate.pk]).get()

    assert_issued_once(certificate, settings)


def test_a_worker_dying_in_the_email_sends_it_once_on_the_retry(certificate, settings, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(documents.emails, "send_certificate_issued", die)
        with pytest.raises(WorkerDied):
            tasks.complete_certificate.apply(args=[certificate.pk], throw=True)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.emailed_at is None
    assert mail.outbox == []

    tasks.complete_certificate.apply(args=[certificate.pk]).get()
    tasks.complete_certificate.apply(args=[certificate.pk]).get()

    assert_issued_once(certificate, settings)


def test_a_worker_killed_while_writing_the_pdf_leaves_nothing_behind_after_the_retry(
    certificate, settings
):
    folder = pdf_folder(settings)
    folder.mkdir(parents=True)
    # What a worker killed halfway through the write leaves: the temporary file, cut short.
    (folder / f".{certificate.public_id}.pdf.part").write_bytes(b"%PDF-1.7\n%cut short")

    tasks.complete_certificate.apply(args=[certificate.pk]).get()

    assert_issued_once(certificate, settings)
    content = (folder / f"{certificate.public_id}.pdf").read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")


def test_a_failed_move_of_the_pdf_removes_its_temporary_file(certificate, settings, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(documents.os, "replace", die)
        with pytest.raises(WorkerDied):
            documents.complete_certificate(certificate_id=certificate.pk)

    assert files_in(pdf_folder(settings)) == []
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING

    documents.complete_certificate(certificate_id=certificate.pk)

    assert_issued_once(certificate, settings)


def test_a_crashed_pdf_from_an_earlier_attempt_is_replaced_not_kept_beside(certificate, settings):
    folder = pdf_folder(settings)
    folder.mkdir(parents=True)
    stale = folder / f"{certificate.public_id}.pdf"
    stale.write_bytes(b"left by an attempt whose transaction rolled back")

    documents.complete_certificate(certificate_id=certificate.pk)

    assert_issued_once(certificate, settings)
    assert stale.read_bytes().startswith(b"%PDF-")


def test_the_task_is_acknowledged_late_and_redelivered_when_its_worker_dies():
    task = tasks.complete_certificate

    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
