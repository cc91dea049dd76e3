"""Issuing certificates in-process through the task code path: 100 certificates completed by
certificates.tasks.complete_certificate (PDF, signed credential, status, audit event, e-mail to
the in-memory outbox). Target (issue 4): a median under 0.5 s per certificate.

Times are this process's CPU time per certificate, like the other benches, so that other work
on the machine does not count; the wall-clock median is printed beside it. The split shows
where a certificate's time goes: the PDF (certificates.pdf.render_certificate_pdf), the
signature (certificates.credentials.signed_credential_for) and the rest (the row lock, the
writes, the audit event, the PDF file and the e-mail). The certificates are made pending the
way evidence makes them (record_evidence); their tasks are then run one by one. Run after
bench.run.fresh_database(): it seeds the framework and adds its own students.
"""

import os
import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.core import mail
from django.test import override_settings

from atmp_platform.accounts.models import User
from certificates import credentials, issuing, keys, pdf, tasks
from certificates.models import Certificate, CertificateType, Competency, Evidence
from certificates.seed import seed_framework
from certificates.services import record_evidence

CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "100"))
WARM_UP = 3
TARGET_MEDIAN_S = 0.5
TYPE_CODE = "qc-analyst-environmental-monitoring"


@dataclass
class Timings:
    total: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    signature: list[float] = field(default_factory=list)

    @property
    def rest(self) -> list[float]:
        return [t - p - s for t, p, s in zip(self.total, self.pdf, self.signature, strict=True)]


def _students(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"bench-issuing-{n}@example.org", full_name=f"Bench Holder {n}")
        for n in range(count)
    )


def _pending_certificates(count: int) -> list[int]:
    """Certificates made pending by evidence, their tasks held back to be run one by one."""
    seed_framework()
    certificate_type = CertificateType.objects.get(code=TYPE_CODE)
    requirements = list(certificate_type.requirements.select_related("competency"))
    with mock.patch.object(issuing, "_enqueue_documents", lambda certificate_id: None):
        for student in _students(count):
            for requirement in requirements:
                _meet(student, requirement.competency, requirement.minimum_level)
    return list(
        Certificate.objects.filter(
            certificate_type=certificate_type, status=Certificate.Status.PENDING
        ).values_list("pk", flat=True)
    )


def _meet(student: User, competency: Competency, level: int) -> None:
    record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref=f"bench:{student.pk}:{competency.code}",
        verification=Evidence.Verification.TRAINER,
        level=level,
    )


@contextmanager
def _timed(module, name: str, into: list[float]):
    """Time each call of `module.name` (CPU) into `into`, for the split."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            into.append(time.process_time() - started)

    with mock.patch.object(module, name, timed):
        yield


def _complete(certificate_ids: list[int], timings: Timings) -> None:
    with (
        _timed(pdf, "render_certificate_pdf", timings.pdf),
        _timed(credentials, "signed_credential_for", timings.signature),
    ):
        for certificate_id in certificate_ids:
            started, wall = time.process_time(), time.perf_counter()
            tasks.complete_certificate.apply(args=[certificate_id], throw=True)
            timings.total.append(time.process_time() - started)
            timings.wall.append(time.perf_counter() - wall)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _print(timings: Timings, issued: int) -> None:
    print(
        f"\nIssuing {len(timings.total)} certificates ({TYPE_CODE}) through the task code path,"
        f" in-process, after {WARM_UP} warm-up certificates; {issued} issued, "
        f"{len(mail.outbox)} e-mails. Target: median under {TARGET_MEDIAN_S} s per certificate."
    )
    print(f"{'per certificate':<26} {'median ms':>10} {'p95 ms':>10}")
    rows = {
        "total (CPU)": timings.total,
        "  PDF": timings.pdf,
        "  signature": timings.signature,
        "  database, file, e-mail": timings.rest,
        "total (wall clock)": timings.wall,
    }
    for name, values in rows.items():
        print(f"{name:<26} {statistics.median(values) * 1000:>10.1f} {_p95(values) * 1000:>10.1f}")


def run() -> bool:
    """Measure and print; True when the median certificate takes under the target."""
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(
            MEDIA_ROOT=media,
            ATMP_CREDENTIAL_SIGNING_KEY=keys.generate_seed_text(),
            CELERY_TASK_ALWAYS_EAGER=True,
        ),
    ):
        certificate_ids = _pending_certificates(CERTIFICATES + WARM_UP)
        _complete(certificate_ids[:WARM_UP], Timings())
        mail.outbox = []
        timings = Timings()
        _complete(certificate_ids[WARM_UP:], timings)
        issued = Certificate.objects.filter(
            pk__in=certificate_ids[WARM_UP:], status=Certificate.Status.ISSUED
        ).count()
        _print(timings, issued)
    passed = issued == CERTIFICATES and statistics.median(timings.total) < TARGET_MEDIAN_S
    print(f"Issuing: {'PASS' if passed else 'FAIL'}")
    return passed
