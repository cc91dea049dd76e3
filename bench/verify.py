"""The public verify page and credential verification, in-process.

Targets (issue 4): the verify page of a certificate in at most 5 queries, for a visitor and for
a signed-in user; like the page bench, its median CPU time is shown with its ratio to the
baseline view (base.html alone) and judged against the same bound. Credential verification
(signature over the JCS form, dates, database and status list) and signing are measured per
second of CPU time: shown, not judged. Run after bench.run.fresh_database() (or on a fresh
database: it builds the site first); it adds a framework of ten competencies, a certificate
type requiring them all and one issued certificate.
"""

import datetime
import os
import time
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from atmp_platform.accounts.models import User
from certificates.credentials import signed_credential_for, verify_credential
from certificates.models import (
    Certificate,
    CertificateRequirement,
    CertificateType,
    Competency,
    ProficiencyLevel,
)
from tests.factories import make_user

from . import data
from .run import MAX_RATIO
from .timing import RUNS, WARM_UP, count_queries, median_cpu_ms
from .urls import BASELINE_URL

VERIFICATIONS = int(os.environ.get("BENCH_VERIFICATIONS", "300"))
MAX_QUERIES = 5
COMPETENCIES = 10


@dataclass
class Page:
    name: str
    median_ms: float
    queries: int
    ratio: float

    @property
    def passed(self) -> bool:
        return self.queries <= MAX_QUERIES and self.ratio <= MAX_RATIO


def build() -> tuple[Certificate, object]:
    """One issued certificate of a type needing ten competencies, and its holder."""
    data.home()
    for value, name in enumerate(("Aware", "Supervised", "Independent", "Teaches"), start=1):
        ProficiencyLevel.objects.get_or_create(
            value=value, defaults={"name_en": name, "name_nl": name}
        )
    certificate_type, _ = CertificateType.objects.get_or_create(
        code="bench-verify",
        defaults={
            "name_en": "Bench operator",
            "name_nl": "Benchoperator",
            "statement_en": "Attests knowledge and trainer-observed competence.",
            "statement_nl": "Bevestigt kennis en door een trainer waargenomen bekwaamheid.",
            "validity_months": 12,
        },
    )
    for number in range(COMPETENCIES):
        competency, _ = Competency.objects.get_or_create(
            code=f"bench-v{number}",
            defaults={
                "title_en": f"Bench competency {number}",
                "title_nl": f"Benchcompetentie {number}",
                "category": Competency.Category.ASEPTIC,
                "validity_months": 24,
            },
        )
        CertificateRequirement.objects.get_or_create(
            certificate_type=certificate_type, competency=competency, defaults={"minimum_level": 3}
        )
    email = "bench.verify@example.org"
    holder = User.objects.filter(email=email).first() or make_user(
        "Student", email=email, full_name="Bench Holder"
    )
    Certificate.objects.filter(certificate_type=certificate_type).delete()
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        certificate_type=certificate_type,
        holder=holder,
        holder_name="Bench Holder",
        status=Certificate.Status.ISSUED,
        issued_on=today,
        valid_until=today + datetime.timedelta(days=365),
        status_list_index=4242,
    )
    certificate.credential = signed_credential_for(certificate)
    certificate.save(update_fields=["credential"])
    return certificate, holder


def measure_pages(certificate: Certificate, holder) -> list[Page]:
    signed_in = Client()
    signed_in.force_login(holder)
    url = f"/nl/verify/{certificate.public_id}/"
    pages = []
    for name, client in (("verify page, visitor", Client()), ("verify page, signed in", signed_in)):
        baseline_ms, page_ms = median_cpu_ms([(client, BASELINE_URL), (client, url)])
        pages.append(Page(name, page_ms, count_queries(client, url), page_ms / baseline_ms))
    return pages


def _per_second(work, count: int) -> float:
    started = time.process_time()
    for _ in range(count):
        work()
    return count / (time.process_time() - started)


def measure_rates(certificate: Certificate) -> dict[str, float]:
    document = certificate.credential
    result = verify_credential(document)
    if not result.ok:
        raise SystemExit(f"The bench credential does not verify: {result.errors}")
    return {
        "credentials verified per CPU second": _per_second(
            lambda: verify_credential(document), VERIFICATIONS
        ),
        "credentials signed per CPU second": _per_second(
            lambda: signed_credential_for(certificate), VERIFICATIONS // 3
        ),
    }


def run() -> bool:
    """Build, measure and print; True when the verify page meets its targets."""
    started = time.perf_counter()
    certificate, holder = build()
    print(f"\nVerify bench: certificate built in {time.perf_counter() - started:.1f} s")
    pages = measure_pages(certificate, holder)
    rates = measure_rates(certificate)
    print(
        f"Median CPU time of {RUNS} requests after {WARM_UP} warm-up rounds; targets: at most"
        f" {MAX_QUERIES} queries and at most {MAX_RATIO:g}x the baseline.\n"
    )
    print(f"{'page':<30} {'CPU ms':>10} {'queries':>8} {'ratio':>7}  target")
    for page in pages:
        verdict = "PASS" if page.passed else "FAIL"
        print(
            f"{page.name:<30} {page.median_ms:>10.2f} {page.queries:>8} {page.ratio:>6.1f}x"
            f"  {verdict}"
        )
    for name, rate in rates.items():
        print(f"{name:<40} {rate:>10.0f}")
    return all(page.passed for page in pages)
