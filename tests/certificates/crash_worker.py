"""A Celery worker for the crash test in test_issuing_concurrency.py, run as a subprocess.

Its first attempt at a certificate's documents stops right after writing the PDF, inside the
transaction that would mark the certificate issued, and waits there for the test to kill the
pool process with SIGKILL; the attempt after the re-delivery runs through. It consumes only
the queue the test names, so the suite's own worker never sees the task, and it sends e-mail
to files so that the test can count them.
"""

import os
import sys
import time
from pathlib import Path

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atmp_platform.settings.test")
    django.setup()
    from django.conf import settings

    from atmp_platform.celery import app
    from certificates import documents

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = os.environ["CRASH_MAIL_DIR"]
    marker = Path(os.environ["CRASH_MARKER"])
    write_pdf = documents.write_pdf

    def write_pdf_then_hang(certificate, content):
        name = write_pdf(certificate, content)
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(120)
        return name

    documents.write_pdf = write_pdf_then_hang
    app.conf.task_always_eager = False
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            f"--queues={sys.argv[1]}",
            f"--hostname=crash-{sys.argv[1]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
    )


if __name__ == "__main__":
    main()
