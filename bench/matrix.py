"""The training matrix in-process: a cohort of 200 students × 10 competencies, and its CSV
export.

Targets (issue 4): at most 15 queries, the same for a cohort of 20 students; a median under
150 ms for the matrix. The export has no time target: it is judged on constant queries, at
most 20 with the audit trail's append. Times are this
process's CPU time per request, like the other benches, with the ratio to the bare page that
only renders base.html. Run after bench.run.main() (or on a fresh database: it builds the
site first); it adds its own programme, module, cohorts, students and competency statuses.
"""

import datetime
import time
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from wagtail.models import Page

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from certificates.models import Competency, CompetencyStatus, Evidence, ProficiencyLevel
from courses.models import Cohort, Enrolment, ModulePage, ProgrammePage

from . import data
from .timing import RUNS, WARM_UP, count_queries, median_cpu_ms
from .urls import BASELINE_URL

MAX_QUERIES = 15
# The export reads what the matrix reads and appends one event to the audit trail.
MAX_EXPORT_QUERIES = 20
MAX_MATRIX_MS = 150
STUDENTS = 200
SMALL_STUDENTS = 20
COMPETENCIES = 10
LEVELS = (
    (1, "Aware", "Bewust"),
    (2, "Performs under supervision", "Voert uit onder toezicht"),
    (3, "Performs independently", "Voert zelfstandig uit"),
    (4, "Can teach others", "Kan het anderen leren"),
)


@dataclass
class Measurement:
    name: str
    median_ms: float
    ratio: float
    queries: int
    small_queries: int
    max_ms: float | None
    max_queries: int

    @property
    def passed(self) -> bool:
        fast = self.max_ms is None or self.median_ms < self.max_ms
        few = self.queries <= self.max_queries
        return few and self.queries == self.small_queries and fast


# ---------- Data ----------


def _module(home: Page) -> ModulePage:
    programme = ProgrammePage(title="Benchprogramma matrix", slug="bench-matrix", live=True)
    home.add_child(instance=programme)
    module = ModulePage(
        title="Benchmodule: competenties",
        slug="bench-matrix-module",
        code="BENCH-M",
        ects_credits=5,
        level=ModulePage.Level.INTRODUCTORY,
        summary="Een module voor de bench van de opleidingsmatrix.",
        live=True,
    )
    programme.add_child(instance=module)
    return module


def _framework() -> list[Competency]:
    """The active competencies (the demo's ten), topped up to ten, and the scale."""
    for value, name_en, name_nl in LEVELS:
        ProficiencyLevel.objects.get_or_create(
            value=value, defaults={"name_en": name_en, "name_nl": name_nl}
        )
    competencies = list(Competency.objects.filter(active=True))
    for number in range(len(competencies) + 1, COMPETENCIES + 1):
        competencies.append(
            Competency.objects.create(
                code=f"bench-c{number}",
                title_en=f"Bench competency {number}",
                title_nl=f"Benchcompetentie {number}",
                category=Competency.Category.ASEPTIC,
                validity_months=12,
                sort_order=100 + number,
            )
        )
    return competencies


def _status_values(number: int, today: datetime.date) -> dict | None:
    """Every state in the mix: a quarter missing, the rest current, expiring or expired."""
    kind = number % 8
    if kind in (0, 1):
        return None
    level = 1 + number % 4
    if kind == 2:
        day = today - datetime.timedelta(days=1 + number % 60)
        return {"expired_level": level, "expired_on": day, "valid_until": None, "level": None}
    days = 5 + number % 25 if kind == 3 else 40 + number % 300
    return {"level": level, "valid_until": today + datetime.timedelta(days=days)}


def _statuses(students: list[User], competencies: list[Competency]) -> None:
    """Evidence and the status derived from it, written in bulk: the bench reads them."""
    today = timezone.localdate()
    now = timezone.now()
    pairs = []
    for row, student in enumerate(students):
        for column, competency in enumerate(competencies):
            values = _status_values(row * len(competencies) + column, today)
            if values is not None:
                pairs.append((student, competency, values))
    evidence = Evidence.objects.bulk_create(
        Evidence(
            person=student,
            competency=competency,
            level=values["level"] or values["expired_level"],
            source=Evidence.Source.MODULE,
            source_ref=f"bench:{student.pk}:{competency.pk}",
            verification=Evidence.Verification.SERVER,
            occurred_at=now - datetime.timedelta(days=30),
            valid_until=values["valid_until"] or values["expired_on"],
        )
        for student, competency, values in pairs
    )
    CompetencyStatus.objects.bulk_create(
        CompetencyStatus(
            person=student, competency=competency, evidence=item, evidence_count=1, **values
        )
        for (student, competency, values), item in zip(pairs, evidence, strict=True)
    )


def _cohort(module: ModulePage, name: str, count: int, competencies, trainer: User) -> Cohort:
    cohort = Cohort.objects.create(
        module=module,
        name=name,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 1, 31),
        capacity=count + 10,
    )
    cohort.trainers.add(trainer)
    students = data.students(f"matrix-{name.lower()}", count, "Matrix Student")
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, student=student, status=Enrolment.Status.ENROLLED)
        for student in students
    )
    _statuses(students, competencies)
    return cohort


def build() -> tuple[Client, dict[str, str]]:
    module = _module(data.home())
    competencies = _framework()
    trainer = data.staff("bench-matrix-trainer@example.org", roles.TRAINER, "Trainer")
    big = _cohort(module, "Groot", STUDENTS, competencies, trainer)
    small = _cohort(module, "Klein", SMALL_STUDENTS, competencies, trainer)
    client = Client()
    client.force_login(trainer)
    return client, {
        "matrix": f"/nl/trainer/cohorts/{big.pk}/matrix/",
        "matrix_small": f"/nl/trainer/cohorts/{small.pk}/matrix/",
        "csv": f"/nl/trainer/cohorts/{big.pk}/matrix.csv",
        "csv_small": f"/nl/trainer/cohorts/{small.pk}/matrix.csv",
    }


# ---------- Measuring ----------


def measure(client: Client, urls: dict[str, str]) -> tuple[float, list[Measurement]]:
    timed = [BASELINE_URL, urls["matrix"], urls["csv"]]
    medians = dict(zip(timed, median_cpu_ms([(client, url) for url in timed]), strict=True))
    baseline = medians[BASELINE_URL]
    screens = (
        (f"matrix ({STUDENTS} × {COMPETENCIES})", "matrix", MAX_MATRIX_MS, MAX_QUERIES),
        (f"CSV export ({STUDENTS} × {COMPETENCIES})", "csv", None, MAX_EXPORT_QUERIES),
    )
    return baseline, [
        Measurement(
            name=name,
            median_ms=medians[urls[key]],
            ratio=medians[urls[key]] / baseline,
            queries=count_queries(client, urls[key]),
            small_queries=count_queries(client, urls[f"{key}_small"]),
            max_ms=max_ms,
            max_queries=max_queries,
        )
        for name, key, max_ms, max_queries in screens
    ]


def print_table(baseline_ms: float, results: list[Measurement]) -> None:
    print(
        f"\nTraining matrix: median CPU time of {RUNS} requests after {WARM_UP} warm-up rounds,"
        " in-process, no page cache."
    )
    print(
        f"Targets: at most {MAX_QUERIES} queries ({MAX_EXPORT_QUERIES} for the export, which"
        f" also writes to the audit trail), the same with {SMALL_STUDENTS} students; the matrix"
        f" under {MAX_MATRIX_MS} ms. Baseline (base.html): {baseline_ms:.2f} ms.\n"
    )
    print(
        f"{'screen':<30} {'CPU ms':>8} {'target':>8} {'ratio':>7} {'queries':>8} {'small':>6}"
        "  verdict"
    )
    for row in results:
        target = f"< {row.max_ms:g}" if row.max_ms else ""
        print(
            f"{row.name:<30} {row.median_ms:>8.2f} {target:>8} {row.ratio:>6.1f}x"
            f" {row.queries:>8} {row.small_queries:>6}  {'PASS' if row.passed else 'FAIL'}"
        )


def run() -> bool:
    """Build, measure and print; True when the matrix and the export meet their targets."""
    started = time.perf_counter()
    client, urls = build()
    print(f"\nMatrix data built in {time.perf_counter() - started:.1f} s")
    baseline_ms, results = measure(client, urls)
    print_table(baseline_ms, results)
    return all(row.passed for row in results)
