"""A Grade A scenario and finished runs of it, for the debrief, PDF and trainer-screen tests.

The scenario: a Grade B room around a Grade A zone, an operator's intervention at 300 s that
raises a particle action alarm in the zone, and four expected responses (acknowledge it within
2 minutes, critical; stop the process within 3 minutes; document a deviation within 10 minutes;
answer a release question with "no"). Runs start at T0 with a time compression of 10, so
`at(s)` is the wall-clock time at which `s` simulated seconds have passed.
"""

from datetime import timedelta

from django.utils import timezone

from simulations import debrief_pdf, engine
from simulations.models import (
    Run,
    Scenario,
)
from tests.courses.conftest import enrol, make_cohort, make_lesson, make_module, make_programme

from .grade_a import build_grade_a_scenario, expect, make_competencies

T0 = timezone.now().replace(microsecond=0)
ACK_REFERENCE = "EU GMP Annex 1 (2022) §9.30"
STOP_REFERENCE = "EU GMP Annex 1 (2022) §8.17"
DEVIATION_REFERENCE = "EU GMP Part I §1.4 (xiv)"
ANSWER_REFERENCE = "EU GMP Annex 1 (2022) §10.1"
DEVIATION_REASON = "Particle action excursion in the cabinet after the reach-over."


def at(seconds: float):
    return T0 + timedelta(seconds=seconds / 10)


def make_grade_a_scenario(slug: str = "debrief-grade-a") -> Scenario:
    competencies = make_competencies()
    scenario = build_grade_a_scenario(
        slug=slug,
        instruction=("Prepare the cabinet.", "Maak de kast klaar."),
        offered_actions=["stop_process", "document_deviation", "sanitise", "extra_sample"],
        release_opens_at_s=900,
    )
    aseptic, quality = competencies["C4"], competencies["C1"]
    expect(
        scenario,
        code="ack",
        action="acknowledge",
        within_s=120,
        critical=True,
        competency=aseptic,
        reference=ACK_REFERENCE,
    )
    expect(
        scenario,
        code="stop",
        action="stop_process",
        within_s=180,
        competency=aseptic,
        reference=STOP_REFERENCE,
    )
    expect(
        scenario,
        code="deviation",
        action="document_deviation",
        within_s=600,
        competency=quality,
        reference=DEVIATION_REFERENCE,
    )
    expect(
        scenario,
        code="answer",
        action="answer",
        target="release",
        value="no",
        trigger="decision",
        trigger_ref="release",
        competency=quality,
        explanation=(
            "An excursion during an open step puts the batch on hold.",
            "Een excursie tijdens een open stap zet de batch on hold.",
        ),
        reference=ANSWER_REFERENCE,
    )
    return scenario


def first_action_alarm(run: Run, until_s: float = 420) -> dict:
    """The zone's particle action alarm, delivered to the trainee's browser by the state."""
    state = engine.state(run=run, now=at(until_s))
    return next(a for a in state["alarms"] if a["rule"] == "particles.action")


def play_mixed_run(scenario: Scenario, trainee, *, context: str = "practice") -> Run:
    """Acknowledged in time (met), stopped after the deadline (late), no deviation (missed),
    the right answer (met); played to its planned end."""
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42, context=context, now=T0)
    alarm = first_action_alarm(run)
    engine.act(run=run, actor=trainee, kind="acknowledge", target=alarm["key"], now=at(430))
    engine.act(run=run, actor=trainee, kind="stop_process", now=at(alarm["at_s"] + 400))
    engine.act(run=run, actor=trainee, kind="answer", target="release", value="no", now=at(950))
    engine.finish_if_due(run=run, now=at(1300))
    run.refresh_from_db()
    return run


def play_correct_run(scenario: Scenario, trainee, *, context: str = "practice") -> Run:
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42, context=context, now=T0)
    alarm = first_action_alarm(run)
    engine.act(run=run, actor=trainee, kind="acknowledge", target=alarm["key"], now=at(430))
    engine.act(run=run, actor=trainee, kind="stop_process", now=at(440))
    engine.act(
        run=run, actor=trainee, kind="document_deviation", reason=DEVIATION_REASON, now=at(450)
    )
    engine.act(run=run, actor=trainee, kind="answer", target="release", value="no", now=at(950))
    engine.end(run=run, actor=trainee, now=at(1000))
    run.refresh_from_db()
    return run


def debrief_matrix_urls(*, home, student, trainer) -> dict[str, str]:
    """For tests/test_permission_matrix.py: a module with a lesson under `home`, a cohort of it
    taught by `trainer` with `student` enrolled, and the student's finished run from the lesson
    with its PDF (a stand-in file); the URLs of its debrief screens."""
    module = make_module(make_programme(home, slug="matrix-programme"), code="MATRIX-1")
    lesson = make_lesson(module, 1)
    cohort = make_cohort(module, trainers=[trainer])
    enrol(student, cohort)
    run = play_mixed_run(
        make_grade_a_scenario("matrix-debrief"), student, context=f"lesson:{lesson.pk}"
    )
    run.debrief_pdf.name = debrief_pdf.write_pdf(run, b"%PDF-1.7 stand-in")
    run.debrief_status = Run.Debrief.READY
    run.save(update_fields=["debrief_pdf", "debrief_status"])
    cohort_run = f"/nl/trainer/cohorts/{cohort.pk}/simulations/{run.public_id}/"
    return {
        "simulation_debrief": f"/nl/simulations/runs/{run.public_id}/debrief/",
        "simulation_debrief_pdf": f"/nl/simulations/runs/{run.public_id}/debrief.pdf",
        "trainer_simulations": f"/nl/trainer/cohorts/{cohort.pk}/simulations/",
        "trainer_simulation_run": cohort_run,
        "trainer_simulation_pdf": f"{cohort_run}debrief.pdf",
    }
