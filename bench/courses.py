"""The course screens in-process: the student dashboard, the trainer's cohort view and a lesson
page with an H5P block.

Targets (issue 3): at most 15 queries per screen, the same with little and with much data;
a median under 50 ms for the dashboard of a student with 10 enrolments and 300 H5P results
and under 150 ms for the cohort view of 200 students. The lesson page has no target: it is
measured and shown. Times are this process's CPU time per
request, like the page bench, so that other work on the machine does not count. Run after
bench.run.main() (or on a fresh database: it builds the site first): it adds its own
programme, modules, lessons, exercises, cohorts, students, completions and results.
"""

import datetime
import json
import time
from dataclasses import dataclass
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from courses.h5p.models import H5PContent, H5PLibrary, H5PResult
from courses.models import (
    Cohort,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    ProgrammePage,
)

from . import data
from .timing import RUNS, WARM_UP, count_queries, median_cpu_ms

MAX_QUERIES = 15
MODULES = 10
LESSONS_PER_MODULE = 6
RESULTS = 300
COHORT_STUDENTS = 200
SMALL_COHORT_STUDENTS = 20
SMALL_ENROLMENTS = 2
SMALL_RESULTS = 30
STUDENT_NAME = "Bench Student"
NOW = timezone.now()


@dataclass
class Screen:
    name: str
    url: str
    client: Client
    max_ms: float | None
    small_url: str | None = None
    small_client: Client | None = None
    # Screens without a target in the issue are measured and shown, not judged.
    judged: bool = True


@dataclass
class Measurement:
    name: str
    median_ms: float
    queries: int
    small_queries: int | None
    max_ms: float | None
    judged: bool = True

    @property
    def passed(self) -> bool:
        if not self.judged:
            return True
        constant = self.small_queries is None or self.small_queries == self.queries
        fast = self.max_ms is None or self.median_ms < self.max_ms
        return self.queries <= MAX_QUERIES and constant and fast


# ---------- Data ----------


def _library() -> H5PLibrary:
    return H5PLibrary.objects.get_or_create(
        folder="ATMP.StepOrder-1.0",
        defaults={
            "machine_name": "ATMP.StepOrder",
            "major_version": 1,
            "minor_version": 0,
            "patch_version": 0,
            "title": "Step order",
            "runnable": True,
            "library_json": {},
        },
    )[0]


def _contents(count: int, prefix: str) -> list[H5PContent]:
    library = _library()
    return H5PContent.objects.bulk_create(
        H5PContent(title=f"{prefix} {number}", language="nl", main_library=library)
        for number in range(count)
    )


def _h5p_block(content: H5PContent, title: str) -> dict:
    return {
        "type": "h5p",
        "value": {"content": content.pk, "title": title, "pass_mark": 80, "required": True},
    }


def _module(programme: ProgrammePage, number: int, exercise: H5PContent) -> ModulePage:
    """A module of six lessons, live without revisions; the first two have an exercise."""
    module = ModulePage(
        title=f"Benchmodule {number}: aseptisch werken",
        slug=f"bench-module-{number}",
        code=f"BENCH-{number:02}",
        ects_credits=5,
        level=ModulePage.Level.INTRODUCTORY,
        summary="Een module voor de bench.",
        live=True,
    )
    programme.add_child(instance=module)
    for lesson_number in range(1, LESSONS_PER_MODULE + 1):
        body = [{"type": "paragraph", "value": "<p>Graad A laat geen groei toe.</p>"}]
        if lesson_number <= 2:
            body.append(_h5p_block(exercise, f"Oefening {lesson_number}"))
        module.add_child(
            instance=LessonPage(
                title=f"Les {lesson_number}",
                slug=f"les-{lesson_number}",
                body=json.dumps(body),
                completion_rule=LessonPage.CompletionRule.H5P_PASSED
                if lesson_number <= 2
                else LessonPage.CompletionRule.VIEWED,
                live=True,
            )
        )
    return module


def _cohort(module: ModulePage, name: str, capacity: int = 250) -> Cohort:
    return Cohort.objects.create(
        module=module,
        name=name,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 1, 31),
        capacity=capacity,
    )


def _results(student: User, contents: list[H5PContent]) -> None:
    H5PResult.objects.bulk_create(
        H5PResult(
            student=student,
            content=content,
            attempts=number % 4 + 1,
            best_score=Decimal("0.9"),
            best_verified=number % 3 != 0,
            last_score=Decimal("0.6"),
            last_verified=number % 3 != 0,
            first_attempt_at=NOW - datetime.timedelta(days=number + 1),
            last_attempt_at=NOW - datetime.timedelta(hours=number),
        )
        for number, content in enumerate(contents)
    )


def _completions(student: User, module: ModulePage, lessons: list[LessonPage]) -> list:
    return [
        LessonCompletion(
            student=student,
            lesson_key=lesson.translation_key,
            module_key=module.translation_key,
            lesson=lesson,
            rule=lesson.completion_rule,
            completed_at=NOW,
        )
        for lesson in lessons
    ]


def _fill_cohort(cohort: Cohort, module: ModulePage, exercise: H5PContent, count: int) -> None:
    """`count` students at every stage of the module, each with a result, plus applicants."""
    students = data.students(f"cohort-{cohort.pk}", count, STUDENT_NAME)
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, student=student, status=Enrolment.Status.ENROLLED)
        for student in students
    )
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    completions = []
    for number, student in enumerate(students):
        completions += _completions(student, module, lessons[: number % (len(lessons) + 1)])
    LessonCompletion.objects.bulk_create(completions)
    _results_for_many(students, exercise)
    applicants = data.students(f"applicant-{cohort.pk}", 10, STUDENT_NAME)
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, student=student, status=Enrolment.Status.APPLIED)
        for student in applicants
    )


def _results_for_many(students: list[User], content: H5PContent) -> None:
    H5PResult.objects.bulk_create(
        H5PResult(
            student=student,
            content=content,
            attempts=number % 3 + 1,
            best_score=Decimal(number % 11) / 10,
            best_verified=True,
            last_score=Decimal(number % 7) / 10,
            last_verified=number % 2 == 0,
            first_attempt_at=NOW,
            last_attempt_at=NOW,
        )
        for number, student in enumerate(students)
    )


def _enrol_in_every_module(student: User, modules: list[ModulePage], cohorts: list) -> None:
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, student=student, status=Enrolment.Status.ENROLLED)
        for cohort in cohorts
    )
    completions = []
    for number, module in enumerate(modules):
        lessons = list(LessonPage.objects.child_of(module).order_by("path"))
        completions += _completions(student, module, lessons[: number % len(lessons)])
    LessonCompletion.objects.bulk_create(completions)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def build() -> list[Screen]:
    home = data.home()
    programme = ProgrammePage(title="Benchprogramma", slug="bench-courses-programme", live=True)
    home.add_child(instance=programme)
    exercises = _contents(MODULES, "Oefening volgorde")
    modules = [_module(programme, number, exercises[number]) for number in range(MODULES)]
    cohorts = [_cohort(module, f"Najaar {number}") for number, module in enumerate(modules)]
    trainer = data.staff("bench-trainer@example.org", roles.TRAINER, "bench-trainer")
    for cohort in cohorts:
        cohort.trainers.add(trainer)

    student = data.students("dashboard", 1, STUDENT_NAME)[0]
    _enrol_in_every_module(student, modules, cohorts)
    _results(student, _contents(RESULTS, "Resultaat"))
    small_student = data.students("dashboard-small", 1, STUDENT_NAME)[0]
    _enrol_in_every_module(small_student, modules[:SMALL_ENROLMENTS], cohorts[:SMALL_ENROLMENTS])
    _results(small_student, _contents(SMALL_RESULTS, "Klein resultaat"))

    _fill_cohort(cohorts[0], modules[0], exercises[0], COHORT_STUDENTS)
    _fill_cohort(cohorts[1], modules[1], exercises[1], SMALL_COHORT_STUDENTS)
    lesson = LessonPage.objects.child_of(modules[0]).order_by("path").first()
    trainer_client = _client(trainer)
    return [
        Screen(
            f"dashboard ({MODULES} enrolments, {RESULTS} results)",
            "/nl/learn/",
            _client(student),
            50,
            "/nl/learn/",
            _client(small_student),
        ),
        Screen(
            f"cohort view ({COHORT_STUDENTS} students)",
            f"/nl/trainer/cohorts/{cohorts[0].pk}/",
            trainer_client,
            150,
            f"/nl/trainer/cohorts/{cohorts[1].pk}/",
            trainer_client,
        ),
        Screen(f"cohort list ({MODULES} cohorts)", "/nl/trainer/", trainer_client, None),
        Screen(
            "lesson page with an H5P block", lesson.get_url(), _client(student), None, judged=False
        ),
    ]


# ---------- Measuring ----------


def measure(screens: list[Screen]) -> list[Measurement]:
    medians = median_cpu_ms([(screen.client, screen.url) for screen in screens])
    return [
        Measurement(
            name=screen.name,
            median_ms=median,
            queries=count_queries(screen.client, screen.url),
            small_queries=(
                count_queries(screen.small_client, screen.small_url) if screen.small_url else None
            ),
            max_ms=screen.max_ms,
            judged=screen.judged,
        )
        for screen, median in zip(screens, medians, strict=True)
    ]


def print_table(results: list[Measurement]) -> None:
    print(
        f"\nCourse screens: median CPU time of {RUNS} requests after {WARM_UP} warm-up rounds,"
        " in-process, no page cache."
    )
    print(
        f"Targets: at most {MAX_QUERIES} queries, the same with the small data set "
        f"({SMALL_ENROLMENTS} enrolments and {SMALL_RESULTS} results; "
        f"{SMALL_COHORT_STUDENTS} students), and the time given.\n"
    )
    print(f"{'screen':<42} {'CPU ms':>8} {'target':>8} {'queries':>8} {'small':>6}  verdict")
    for row in results:
        target = f"< {row.max_ms:g}" if row.max_ms else ""
        small = "" if row.small_queries is None else str(row.small_queries)
        print(
            f"{row.name:<42} {row.median_ms:>8.2f} {target:>8} {row.queries:>8} {small:>6}"
            f"  {_verdict(row)}"
        )


def _verdict(row: Measurement) -> str:
    if not row.judged:
        return "(no target)"
    return "PASS" if row.passed else "FAIL"


def run() -> bool:
    """Build, measure and print; True when every screen meets its targets."""
    started = time.perf_counter()
    screens = build()
    print(f"\nCourse data built in {time.perf_counter() - started:.1f} s")
    results = measure(screens)
    print_table(results)
    return all(row.passed for row in results)
