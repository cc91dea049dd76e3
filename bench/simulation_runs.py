"""Simulation runs in-process: one step request, and 50 runs stepped side by side.

Targets (issue 5): the median step request (the dashboard's poll of `state`, with the samples
since the last poll) under 20 ms of this process's CPU time; shown with its ratio to the
baseline view (base.html alone). Also shown, not judged: the step right after an action (the
server regenerates the run's series then), an action request, and 50 runs of 50 students
stepped round-robin through the view (each poll 20 simulated seconds on, acting on their
alarms) and then ended and scored by the housekeeping task, with the debrief PDFs the task
path makes. The runs' clocks are moved in the database between requests, outside the timing,
as the browser's two-second poll at 10× compression would move them.

Run after bench.run.main() (a migrated database); it adds its own scenario and students.
"""

import os
import statistics
import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from certificates.models import Competency, ProficiencyLevel
from simulations import engine, series
from simulations.models import ExpectedResponse, Run, Scenario, ScenarioEvent
from simulations.tasks import finish_due_runs
from tests.factories import make_user

from .urls import BASELINE_URL

STEPS = int(os.environ.get("BENCH_RUNS", "30")) * 2
CONCURRENT_RUNS = 50
POLL_S = 20.0
DURATION_S = 1800
TARGET_MS = 20.0
WARM_UP = 3


def _scenario() -> Scenario:
    for value in (1, 2, 3, 4):
        ProficiencyLevel.objects.get_or_create(
            value=value, defaults={"name_en": f"Level {value}", "name_nl": f"Niveau {value}"}
        )
    competency, _ = Competency.objects.get_or_create(
        code="C4",
        defaults={
            "title_en": "Aseptic technique",
            "title_nl": "Aseptische techniek",
            "category": "aseptic",
            "validity_months": 6,
        },
    )
    scenario, created = Scenario.objects.get_or_create(
        slug="bench-grade-a",
        defaults={
            "title_en": "Bench: open manipulation",
            "title_nl": "Bench: open handeling",
            "briefing_en": "Work in the cabinet.",
            "briefing_nl": "Werk in de kast.",
            "setting": Scenario.Setting.CLEANROOM,
            "duration_s": DURATION_S,
            "time_compression": 10,
            "setup": {
                "rooms": [{"name": "room", "grade": "B", "people": 2}],
                "zones": [{"name": "zone", "room": "room"}],
            },
            "offered_actions": ["stop_process", "document_deviation"],
        },
    )
    if created:
        ScenarioEvent.objects.create(
            scenario=scenario,
            code="reach",
            kind="intervention",
            at_s=300,
            duration_s=60,
            magnitude=5.0,
        )
        ExpectedResponse.objects.create(
            scenario=scenario,
            code="stop",
            action="stop_process",
            trigger="alarm",
            trigger_ref="particles.action",
            within_s=180,
            critical=True,
            competency=competency,
            level=2,
            explanation_en="Stop.",
            explanation_nl="Stop.",
        )
    return scenario


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _advance(run: Run, seconds: float) -> None:
    """Move the run's clock `seconds` of simulated time on, as if that much time had passed."""
    Run.objects.filter(pk=run.pk).update(
        clock_anchor_at=timezone.now(),
        clock_offset_s=min(run.duration_s - 1, engine.sim_time(run) + seconds),
    )
    run.refresh_from_db()


def _cpu_ms(call) -> float:
    started = time.process_time()
    call()
    return (time.process_time() - started) * 1000


def _baseline_ms(client: Client) -> float:
    for _ in range(WARM_UP):
        client.get(BASELINE_URL)
    return statistics.median(_cpu_ms(lambda: client.get(BASELINE_URL)) for _ in range(STEPS))


def _one_run(scenario: Scenario) -> dict:
    student = make_user(role="Student")
    client = _signed_in(student)
    run = engine.start_run(scenario=scenario, trainee=student, seed=7)
    url = reverse("simulations:state", args=[run.public_id])
    act_url = reverse("simulations:act", args=[run.public_id])
    steps, queries, since = [], [], -1.0
    for index in range(STEPS + WARM_UP):
        _advance(run, POLL_S if index else 0)
        with CaptureQueriesContext(connection) as captured:
            ms = _cpu_ms(lambda s=since: client.get(url, {"since": s}))
        if index >= WARM_UP:
            steps.append(ms)
            queries.append(len(captured))
        since = engine.sim_time(run)
    after_action = []
    for reason in ("Particle alarm during the open step.", "Second note for the record."):
        _advance(run, POLL_S)
        acted = _cpu_ms(
            lambda r=reason: client.post(
                act_url, {"kind": "document_deviation", "reason": r}, HTTP_ACCEPT="application/json"
            )
        )
        after_action.append(_cpu_ms(lambda: client.get(url, {"since": since})))
    return {
        "step_ms": statistics.median(steps),
        "step_p95_ms": sorted(steps)[int(len(steps) * 0.95) - 1],
        "queries": (min(queries), max(queries)),
        "act_ms": acted,
        "after_action_ms": statistics.median(after_action),
    }


def _concurrent(scenario: Scenario) -> dict:
    students = [make_user(role="Student") for _ in range(CONCURRENT_RUNS)]
    runs = [
        engine.start_run(scenario=scenario, trainee=student, seed=index)
        for index, student in enumerate(students)
    ]
    clients = [_signed_in(student) for student in students]
    since = {run.pk: -1.0 for run in runs}
    step_ms, polls = [], int(DURATION_S // POLL_S) - 1
    cpu = time.process_time()
    for _ in range(polls):
        for run, client in zip(runs, clients, strict=True):
            _advance(run, POLL_S)
            url = reverse("simulations:state", args=[run.public_id])
            started = time.process_time()
            state = client.get(url, {"since": since[run.pk]}).json()
            if state["process"]["stopped"] is False and any(
                a["rule"] == "particles.action" for a in state["alarms"]
            ):
                client.post(
                    reverse("simulations:act", args=[run.public_id]),
                    {"kind": "stop_process"},
                    HTTP_ACCEPT="application/json",
                )
            step_ms.append((time.process_time() - started) * 1000)
            since[run.pk] = state["now_s"]
    stepping = time.process_time() - cpu
    Run.objects.filter(pk__in=[run.pk for run in runs]).update(
        clock_anchor_at=timezone.now() - timedelta(hours=1)
    )
    cpu = time.process_time()
    ended = finish_due_runs.delay().get()
    finishing = time.process_time() - cpu
    finished = Run.objects.filter(pk__in=[run.pk for run in runs], status=Run.Status.FINISHED)
    return {
        "requests": len(step_ms),
        "step_ms": statistics.median(step_ms),
        "step_p95_ms": sorted(step_ms)[int(len(step_ms) * 0.95) - 1],
        "stepping_s": stepping,
        "ended": ended,
        "finished": finished.count(),
        "passed": finished.filter(passed=True).count(),
        "debriefs": finished.filter(debrief_status=Run.Debrief.READY).count(),
        "finishing_s": finishing,
    }


def run() -> bool:
    translation.activate("en")
    series._cache.clear()
    scenario = _scenario()
    baseline = _baseline_ms(_signed_in(make_user(role="Student")))
    one = _one_run(scenario)
    passed = one["step_ms"] < TARGET_MS
    print(f"\nSimulation runs in-process (CPU ms per request; baseline view {baseline:.1f} ms)")
    print(
        f"  step request (poll of state, {POLL_S:.0f} s on): median {one['step_ms']:.1f} ms, "
        f"p95 {one['step_p95_ms']:.1f} ms, ratio {one['step_ms'] / baseline:.1f}x, "
        f"queries {one['queries'][0]}-{one['queries'][1]}  "
        f"{'PASS' if passed else 'FAIL'} (< {TARGET_MS:.0f} ms)"
    )
    print(
        f"  action request {one['act_ms']:.1f} ms; the step after it (series regenerated) "
        f"{one['after_action_ms']:.1f} ms (shown, not judged)"
    )
    many = _concurrent(scenario)
    print(
        f"  {CONCURRENT_RUNS} runs round-robin: {many['requests']} step requests, median "
        f"{many['step_ms']:.1f} ms, p95 {many['step_p95_ms']:.1f} ms, "
        f"{many['stepping_s']:.1f} s CPU in all"
    )
    print(
        f"  housekeeping task ended {many['ended']} runs (the others ended at their last "
        f"poll): {many['finished']} finished, {many['passed']} passed, {many['debriefs']} "
        f"debrief PDFs ready, in {many['finishing_s']:.1f} s CPU (shown, not judged)"
    )
    return passed
