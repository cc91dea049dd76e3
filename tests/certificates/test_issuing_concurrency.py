"""Issuing once under real concurrency (PostgreSQL; the services run).

Threads with their own database connections trigger issuing and complete the same
certificate at the same moment; a real Celery worker process is killed with SIGKILL while it
completes a certificate, and the re-delivered task finishes the work exactly once.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings as django_settings
from django.core import mail
from django.db import connection, connections

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates import documents, issuing, tasks
from certificates.issuing import consider_certificates
from certificates.models import Certificate
from tests.conftest import services_missing

from .document_helpers import BASE_URL, TEST_SEED, meet_requirements, pending_certificate

THREADS = 6
# How long the crash test waits for each step before it gives up (seconds).
STEP_TIMEOUT = 90

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        services_missing("The concurrency tests need PostgreSQL (DATABASE_URL)")


@pytest.fixture(autouse=True)
def _site(settings, tmp_path, eager_tasks):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED
    settings.WAGTAILADMIN_BASE_URL = BASE_URL
    settings.MEDIA_ROOT = tmp_path / "media"


def run_together(work, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the tests
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def pdf_files(settings) -> list[str]:
    folder = Path(settings.MEDIA_ROOT) / documents.PDF_FOLDER
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_simultaneous_triggers_issue_and_complete_one_certificate(
    student, competency, certificate_type, settings, monkeypatch
):
    # The evidence is in place before the race; every thread then asks for the certificate.
    monkeypatch.setattr(issuing, "consider_certificates", lambda **kwargs: [])
    meet_requirements(student, competency)
    monkeypatch.undo()

    errors = run_together(lambda: consider_certificates(person=student), THREADS)

    assert errors == []
    certificate = Certificate.objects.get()
    assert certificate.status == Certificate.Status.ISSUED
    assert pdf_files(settings) == [f"{certificate.public_id}.pdf"]
    assert AuditEvent.objects.filter(action="certificate.issued").count() == 1
    assert AuditEvent.objects.filter(action="certificate.completed").count() == 1
    assert len(mail.outbox) == 1


def test_simultaneous_runs_of_the_task_complete_the_certificate_once(
    student, competency, certificate_type, settings, monkeypatch
):
    monkeypatch.setattr(issuing, "_enqueue_documents", lambda certificate_id: None)
    certificate = pending_certificate(student, competency, certificate_type)

    errors = run_together(
        lambda: tasks.complete_certificate.apply(args=[certificate.pk], throw=True), THREADS
    )

    assert errors == []
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert pdf_files(settings) == [f"{certificate.public_id}.pdf"]
    assert AuditEvent.objects.filter(action="certificate.completed").count() == 1
    assert len(mail.outbox) == 1


def _database_url() -> str:
    """The test database (not the one the suite's worker uses), for the crash worker."""
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _wait_for(condition, what: str, worker: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT
    while not condition():
        if worker.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The crash worker never {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def _start_worker(queue: str, tmp_path: Path, settings) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "atmp_platform.settings.test",
        "DATABASE_URL": _database_url(),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ATMP_CREDENTIAL_SIGNING_KEY": TEST_SEED,
        "WAGTAILADMIN_BASE_URL": BASE_URL,
        "CRASH_MAIL_DIR": str(tmp_path / "mail"),
        "CRASH_MARKER": str(tmp_path / "pid-of-the-first-attempt"),
    }
    environment.pop("PYTEST_XDIST_WORKER", None)
    with open(log, "wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.certificates.crash_worker", queue],
            cwd=django_settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return worker, log


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def test_a_worker_process_killed_mid_task_is_replaced_and_the_redelivery_completes_once(
    student, competency, certificate_type, settings, services, tmp_path, monkeypatch
):
    monkeypatch.setattr(issuing, "_enqueue_documents", lambda certificate_id: None)
    certificate = pending_certificate(student, competency, certificate_type)
    queue = f"crash-{uuid.uuid4().hex[:12]}"
    marker = tmp_path / "pid-of-the-first-attempt"
    worker, log = _start_worker(queue, tmp_path, settings)
    try:
        _wait_for(lambda: b"ready." in log.read_bytes(), "got ready", worker, log)
        services.conf.task_always_eager = False
        tasks.complete_certificate.apply_async(args=[certificate.pk], queue=queue)
        _wait_for(marker.exists, "started the task", worker, log)

        os.kill(int(marker.read_text()), signal.SIGKILL)

        def completed():
            certificate.refresh_from_db()
            return certificate.emailed_at is not None

        _wait_for(completed, "completed the re-delivered task", worker, log)
    finally:
        _stop(worker)

    assert certificate.status == Certificate.Status.ISSUED
    assert pdf_files(settings) == [f"{certificate.public_id}.pdf"]
    assert AuditEvent.objects.filter(action="certificate.completed").count() == 1
    assert len(list((tmp_path / "mail").iterdir())) == 1
    worker_log = log.read_text()
    assert "WorkerLostError" in worker_log or "SIGKILL" in worker_log
