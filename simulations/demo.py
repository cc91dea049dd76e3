"""The issue-5 demo: finished simulation runs of the demo student, to debrief.

`make demo` runs `manage.py load_simulation_demo` after `load_demo` (which places the five
scenarios in the demo lessons) and `load_scenarios`. Sam Student, enrolled in the cleanroom
module, has played two of its lessons' simulations: the Grade A open manipulation, passed with
every expected response met, and the gowning qualification, failed because the failed third
session was passed (a critical answer wrong). Both are played through the engine by the
scripted trainee (simulations.play) at simulated times, so the runs, their alarms, scores and
evidence are what a real trainee would leave. Loading twice plays nothing twice.

The lessons are found by their demo slugs through Wagtail's Page (simulations imports nothing
of courses); without them a run is a practice run.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from atmp_platform.accounts.models import User

from .models import Run, Scenario
from .play import Player, Script

STUDENT = "student@demo.atmp-xb.eu"


@dataclass(frozen=True)
class DemoRun:
    scenario: str
    lesson_slug: str  # the Dutch lesson, as Sam follows the course in Dutch
    seed: int
    days_ago: int
    script: Script


RUNS = [
    DemoRun("grade-a-open-manipulation", "aseptisch-werken-en-aps", 20261, 2, Script()),
    DemoRun(
        "gowning-qualification",
        "omkleden-voor-graad-b",
        20262,
        1,
        Script(wrong=frozenset({"qualification"})),
    ),
]


class DemoError(LookupError):
    """What the demo needs is not there; the message says what to load first."""


def context_for(lesson_slug: str) -> str:
    page = Page.objects.filter(slug=lesson_slug, locale__language_code="nl").first()
    return f"lesson:{page.pk}" if page is not None else "practice"


def load(*, student_email: str = STUDENT) -> list[Run]:
    """Play the demo runs that the student does not have yet; returns every demo run."""
    student = User.objects.filter(email=student_email).first()
    if student is None:
        raise DemoError(f"There is no demo student {student_email}: run load_demo first.")
    runs = []
    for spec in RUNS:
        scenario = Scenario.objects.filter(slug=spec.scenario).first()
        if scenario is None:
            raise DemoError(f"There is no scenario {spec.scenario}: run load_scenarios first.")
        runs.append(_ensure_run(spec, scenario, student))
    return runs


def _ensure_run(spec: DemoRun, scenario: Scenario, student) -> Run:
    context = context_for(spec.lesson_slug)
    existing = Run.objects.filter(
        trainee=student, scenario=scenario, context=context, status=Run.Status.FINISHED
    ).first()
    if existing is not None:
        return existing
    real_minutes = scenario.duration_s / scenario.time_compression / 60
    started = timezone.now() - timedelta(days=spec.days_ago, minutes=real_minutes + 5)
    with transaction.atomic():
        player = Player.start(
            scenario, student, seed=spec.seed, context=context, started_at=started
        )
        run = player.play(spec.script)
        # The row's own creation time would say "now"; the demo run was played days ago.
        Run.objects.filter(pk=run.pk).update(started_at=started)
    run.refresh_from_db()
    return run
