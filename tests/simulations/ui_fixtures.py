"""A Grade A scenario and runs of it, for the trainee's screens (views, block, browser).

Tests import the fixtures into their module:
    from tests.simulations.ui_fixtures import grade_a, owner, run  # noqa: F401
The scenario plays 20 simulated minutes at 10× (two real minutes): an operator's intervention
from 300 s raises a Grade A particle action alarm about a minute later; a question opens at
600 s. `move_clock` sets how far a run has got, as the views read the real clock.
"""

from datetime import timedelta

from django.utils import timezone

import pytest

from simulations import engine
from simulations.models import (
    Run,
    Scenario,
)
from tests.factories import make_user

from .grade_a import build_grade_a_scenario, expect, make_competencies

COMPRESSION = 10.0
OFFERED = [
    "stop_process",
    "resume_process",
    "document_deviation",
    "escalate_qa",
    "sanitise",
    "extra_sample",
]


def make_grade_a_scenario(slug: str = "grade-a-ui", **changes) -> Scenario:
    scenario = build_grade_a_scenario(
        slug=slug,
        title=("Open manipulation in the cabinet", "Open handeling in de veiligheidskast"),
        briefing=(
            "You fill vials in the biosafety cabinet. Watch the Grade A zone.",
            "Je vult flesjes in de veiligheidskast. Houd de klasse A-zone in de gaten.",
        ),
        instruction=("Load the cabinet.", "Laad de kast."),
        offered_actions=OFFERED,
        **{"time_compression": COMPRESSION, **changes},
    )
    expect(
        scenario,
        code="stop",
        action="stop_process",
        within_s=180,
        critical=True,
        competency=make_competencies()["C4"],
        explanation=("Stop first.", "Eerst stoppen."),
        reference="EU GMP Annex 1 (2022) §9.30",
    )
    return scenario


def move_clock(run: Run, seconds: float) -> Run:
    """Make `run` (running) have simulated `seconds` by now, as the views' real clock reads."""
    anchor = timezone.now() - timedelta(seconds=seconds / run.time_compression)
    Run.objects.filter(pk=run.pk).update(clock_offset_s=0.0, clock_anchor_at=anchor)
    run.refresh_from_db()
    return run


def first_action_alarm(run: Run) -> dict:
    state = engine.state(run=run)
    return next(alarm for alarm in state["alarms"] if alarm["rule"] == "particles.action")


def practice_matrix_urls(*, student) -> dict[str, str]:
    """For tests/test_permission_matrix.py: practice mode, and the dashboard and state of an
    unfinished practice run of `student`."""
    run = engine.start_run(
        scenario=make_grade_a_scenario("matrix-practice"), trainee=student, seed=5
    )
    return {
        "simulations_practice": "/nl/simulations/",
        "simulation_run": f"/nl/simulations/runs/{run.public_id}/",
        "simulation_state": f"/nl/simulations/runs/{run.public_id}/state/",
    }


@pytest.fixture
def grade_a(db) -> Scenario:
    return make_grade_a_scenario()


@pytest.fixture
def owner(db):
    return make_user("Student", email="owner@example.org", full_name="Olivia Owner")


@pytest.fixture
def run(grade_a, owner) -> Run:
    """A practice run of `grade_a` by `owner`, seed 42, started just now."""
    return engine.start_run(scenario=grade_a, trainee=owner, seed=42)
