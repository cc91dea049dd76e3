"""The end of a run: the server scores it, records the evidence it earned, and has the debrief
PDF made after commit.

Only what the server computed counts: the alarms its simulators raised and the actions it
validated, scored by simulations.scoring. A passed competency becomes server-verified evidence
through certificates.services.record_evidence, once per run (its public id is the source
reference), so a task that runs twice records nothing twice.
"""

from decimal import Decimal

from atmp_platform.audit.services import record_event
from atmp_platform.outbox.services import enqueue_task
from certificates.models import Competency, Evidence
from certificates.services import record_evidence

from . import series as run_series
from .models import Run
from .scoring import Outcome, score


def outcome_of(run: Run, actions=None) -> Outcome:
    """Score `run` from its snapshot, seed and actions, as a replay would."""
    actions = list(run.actions.order_by("seq")) if actions is None else actions
    ended = run.ended_at_s if run.ended_at_s is not None else float(run.duration_s)
    alarms = run_series.alarms(run, actions, until_s=ended)
    return score(
        snapshot=run.snapshot,
        alarms=alarms,
        actions=actions,
        ended_at_s=ended,
        alarm_rules={run_series.alarm_key(alarm): alarm.rule for alarm in alarms},
    )


def conclude(run: Run) -> None:
    """Score a run that has just ended (the caller holds its row lock) and save the result."""
    outcome = outcome_of(run)
    run.outcome = outcome.as_dict()
    run.score = None if outcome.score is None else Decimal(str(outcome.score))
    run.passed = outcome.passed
    run.debrief_status = Run.Debrief.PENDING
    run.save()
    record_event(
        action="simulation.run_finished",
        actor=run.trainee,
        target=run,
        new_value={
            "scenario": run.snapshot["scenario"]["slug"],
            "ended_at_s": run.ended_at_s,
            "ended_early": run.ended_early,
            "actions": run.actions.count(),
            "score": outcome.score,
            "passed": outcome.passed,
            "competencies": {c.competency: c.passed for c in outcome.competencies},
        },
    )
    _record_evidence(run, outcome)
    from .tasks import make_debrief

    enqueue_task(task=make_debrief, args=[run.pk])


def _record_evidence(run: Run, outcome: Outcome) -> None:
    passed = {c.competency: c for c in outcome.competencies if c.passed}
    if not passed:
        return
    competencies = Competency.objects.in_bulk(list(passed), field_name="code")
    title = run.snapshot["scenario"]["title_en"]
    for code, result in passed.items():
        competency = competencies.get(code)
        if competency is None or not competency.active:
            continue
        record_evidence(
            person=run.trainee,
            competency=competency,
            source=Evidence.Source.SIMULATION,
            source_ref=f"run:{run.public_id}",
            verification=Evidence.Verification.SERVER,
            level=result.level,
            score=Decimal(str(result.percent)),
            source_label=title,
            occurred_at=run.finished_at,
        )
