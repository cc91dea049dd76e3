"""A Grade A scenario and finished runs of it, for the debrief, PDF and trainer-screen tests.

The scenario: a Grade B room around a Grade A zone, an operator's intervention at 300 s that
raises a particle action alarm in the zone, and four expected responses (acknowledge it within
2 minutes, critical; stop the process within 3 minutes; document a deviation within 10 minutes;
answer a release question with "no"). Runs start at T0 with a time compression of 10, so
`at(s)` is the wall-clock time at which `s` simulated seconds have passed.
"""

from datetime import timedelta

from django.utils import timezone

from certificates.models import Competency, ProficiencyLevel
from simulations import debrief_pdf, engine
from simulations.models import (
    ExpectedResponse,
    Run,
    Scenario,
    ScenarioDecision,
    ScenarioEvent,
    ScenarioStep,
)
from tests.courses.conftest import enrol, make_cohort, make_lesson, make_module, make_programme

T0 = timezone.now().replace(microsecond=0)
ACK_REFERENCE = "EU GMP Annex 1 (2022) §9.30"
STOP_REFERENCE = "EU GMP Annex 1 (2022) §8.17"
DEVIATION_REFERENCE = "EU GMP Part I §1.4 (xiv)"
ANSWER_REFERENCE = "EU GMP Annex 1 (2022) §10.1"
DEVIATION_REASON = "Particle action excursion in the cabinet after the reach-over."


def at(seconds: float):
    return T0 + timedelta(seconds=seconds / 10)


def make_competencies() -> dict[str, Competency]:
    for value, (en, nl) in enumerate(
        [("Aware", "Bewust"), ("Supervised", "Onder toezicht"), ("Independent", "Zelfstandig")],
        start=1,
    ):
        ProficiencyLevel.objects.get_or_create(value=value, defaults={"name_en": en, "name_nl": nl})
    aseptic = Competency.objects.get_or_create(
        code="C4",
        defaults={
            "title_en": "Aseptic technique",
            "title_nl": "Aseptische techniek",
            "category": "aseptic",
            "validity_months": 12,
        },
    )[0]
    quality = Competency.objects.get_or_create(
        code="C1",
        defaults={
            "title_en": "Deviations and documentation",
            "title_nl": "Afwijkingen en documentatie",
            "category": "quality",
            "validity_months": 12,
        },
    )[0]
    return {"C4": aseptic, "C1": quality}


def make_grade_a_scenario(slug: str = "debrief-grade-a") -> Scenario:
    competencies = make_competencies()
    scenario = Scenario.objects.create(
        slug=slug,
        title_en="Open manipulation in the cabinet",
        title_nl="Open handeling in de kast",
        briefing_en="Work in the cabinet.",
        briefing_nl="Werk in de kast.",
        setting=Scenario.Setting.CLEANROOM,
        duration_s=1200,
        time_compression=10,
        setup={
            "rooms": [{"name": "room", "grade": "B", "people": 2}],
            "zones": [{"name": "zone", "room": "room"}],
        },
        offered_actions=["stop_process", "document_deviation", "sanitise", "extra_sample"],
    )
    ScenarioStep.objects.create(
        scenario=scenario,
        starts_at_s=0,
        title_en="Set-up",
        title_nl="Opbouw",
        instruction_en="Prepare the cabinet.",
        instruction_nl="Maak de kast klaar.",
    )
    ScenarioStep.objects.create(
        scenario=scenario, starts_at_s=300, title_en="Open step", title_nl="Open stap"
    )
    ScenarioEvent.objects.create(
        scenario=scenario,
        code="reach",
        kind="intervention",
        at_s=300,
        duration_s=60,
        magnitude=5.0,
        note_en="An operator reached over the open vial.",
        note_nl="Een operator reikte over het open flesje.",
    )
    ScenarioDecision.objects.create(
        scenario=scenario,
        code="release",
        opens_at_s=900,
        prompt_en="Release the batch?",
        prompt_nl="De batch vrijgeven?",
        options=[{"code": "yes", "en": "Yes", "nl": "Ja"}, {"code": "no", "en": "No", "nl": "Nee"}],
    )
    _response(scenario, competencies["C4"], "ack", "acknowledge", 120, ACK_REFERENCE, critical=True)
    _response(scenario, competencies["C4"], "stop", "stop_process", 180, STOP_REFERENCE)
    _response(
        scenario, competencies["C1"], "deviation", "document_deviation", 600, DEVIATION_REFERENCE
    )
    ExpectedResponse.objects.create(
        scenario=scenario,
        code="answer",
        action="answer",
        target="release",
        value="no",
        trigger="decision",
        trigger_ref="release",
        competency=competencies["C1"],
        level=2,
        explanation_en="An excursion during an open step puts the batch on hold.",
        explanation_nl="Een excursie tijdens een open stap zet de batch on hold.",
        reference=ANSWER_REFERENCE,
    )
    return scenario


def _response(scenario, competency, code, action, within_s, reference, critical=False):
    ExpectedResponse.objects.create(
        scenario=scenario,
        code=code,
        action=action,
        trigger="alarm",
        trigger_ref="particles.action",
        within_s=within_s,
        competency=competency,
        level=2,
        critical=critical,
        explanation_en=f"Why {code} is expected.",
        explanation_nl=f"Waarom {code} verwacht wordt.",
        reference=reference,
    )


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
