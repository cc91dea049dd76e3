"""Runs as a server-authoritative state machine: start, clock, actions, pause, resume, end.

The server owns the clock and the data. The browser asks for the state "since" a simulated
time and receives the samples and alarms up to now, never later; it sends actions, which are
validated here against the run's own state (allowed now, not after the end, only by the run's
trainee) under a row lock, so two tabs on one run see one sequence of actions.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atmp_platform.audit.services import record_event

from . import series as run_series
from .models import Action, Run, RunAction, RunAlarm, Scenario
from .places import Places, cited, pick, unit
from .snapshot import take_snapshot

# Actions that make sense once per run; a second is refused rather than silently counted.
ONCE = frozenset({Action.ESCALATE_QA, Action.QUARANTINE, Action.TRANSFER_STORAGE})
MAX_REASON = 2000
MIN_DEVIATION_REASON = 10


class RunError(Exception):
    """An action or change the run refuses, with the message the trainee reads."""


@dataclass(frozen=True)
class ProcessState:
    stopped: bool
    intervention_until_s: float | None
    answered: frozenset[str]
    acknowledged: frozenset[str]
    done_once: frozenset[str]


def start_run(
    *,
    scenario: Scenario,
    trainee,
    context: str = "practice",
    seed: int | None = None,
    now: datetime | None = None,
) -> Run:
    if not scenario.active:
        raise RunError(_("This scenario is not available at the moment."))
    now = now or timezone.now()
    seed = secrets.randbits(62) if seed is None else seed
    with transaction.atomic():
        run = Run.objects.create(
            scenario=scenario,
            trainee=trainee,
            context=context,
            seed=seed,
            snapshot=take_snapshot(scenario, seed),
            status=Run.Status.RUNNING,
            clock_offset_s=0.0,
            clock_anchor_at=now,
            time_compression=scenario.time_compression,
            duration_s=scenario.duration_s,
        )
        record_event(
            action="simulation.run_started",
            actor=trainee,
            target=run,
            new_value={"scenario": scenario.slug, "seed": seed, "context": context},
        )
    return run


def sim_time(run: Run, now: datetime | None = None) -> float:
    """Simulated seconds since the start, never past the end."""
    elapsed = run.clock_offset_s
    if run.status == Run.Status.RUNNING and run.clock_anchor_at is not None:
        now = now or timezone.now()
        real = max(0.0, (now - run.clock_anchor_at).total_seconds())
        elapsed += real * run.time_compression
    if run.status == Run.Status.FINISHED and run.ended_at_s is not None:
        return run.ended_at_s
    return min(float(run.duration_s), elapsed)


def _lock(run: Run) -> Run:
    return Run.objects.select_for_update().select_related("scenario").get(pk=run.pk)


def _check_trainee(run: Run, actor) -> None:
    if actor is None or actor.pk != run.trainee_id:
        raise PermissionDenied(_("Only the trainee of this run can act in it."))


def _check_open(run: Run, now: datetime) -> float:
    """The simulated time now, if the run still takes actions. Callers first end a run whose
    time is up (finish_if_due), in its own transaction, so the refusal does not undo it."""
    at = sim_time(run, now)
    if run.status == Run.Status.FINISHED or at >= run.duration_s:
        raise RunError(_("This run has ended: nothing can be done in it any more."))
    return at


def pause(*, run: Run, actor, now: datetime | None = None) -> Run:
    now = now or timezone.now()
    _check_trainee(run, actor)
    finish_if_due(run=run, now=now)
    with transaction.atomic():
        run = _lock(run)
        _check_trainee(run, actor)
        at = _check_open(run, now)
        if run.status == Run.Status.PAUSED:
            raise RunError(_("The run is already paused."))
        run.clock_offset_s, run.clock_anchor_at = at, None
        run.status = Run.Status.PAUSED
        run.version += 1
        run.save(update_fields=["clock_offset_s", "clock_anchor_at", "status", "version"])
    return run


def resume(*, run: Run, actor, now: datetime | None = None) -> Run:
    now = now or timezone.now()
    _check_trainee(run, actor)
    finish_if_due(run=run, now=now)
    with transaction.atomic():
        run = _lock(run)
        _check_trainee(run, actor)
        _check_open(run, now)
        if run.status != Run.Status.PAUSED:
            raise RunError(_("The run is not paused."))
        run.clock_anchor_at = now
        run.status = Run.Status.RUNNING
        run.version += 1
        run.save(update_fields=["clock_anchor_at", "status", "version"])
    return run


def process_state(run: Run, actions: list[RunAction], at_s: float) -> ProcessState:
    stopped, until = False, None
    answered, acknowledged, once = set(), set(), set()
    default = run.snapshot.get("intervention_s", 60)
    for action in actions:
        if action.at_s > at_s:
            break
        if action.kind == Action.STOP_PROCESS:
            stopped, until = True, None
        elif action.kind == Action.RESUME_PROCESS:
            stopped = False
        elif action.kind == Action.START_INTERVENTION:
            until = action.at_s + default
        elif action.kind == Action.ABORT_INTERVENTION:
            until = None
        elif action.kind == Action.ANSWER:
            answered.add(action.target)
        elif action.kind == Action.ACKNOWLEDGE:
            acknowledged.add(action.target)
        if action.kind in ONCE:
            once.add(action.kind)
    if until is not None and until <= at_s:
        until = None
    return ProcessState(
        stopped, until, frozenset(answered), frozenset(acknowledged), frozenset(once)
    )


def act(
    *,
    run: Run,
    actor,
    kind: str,
    target: str = "",
    value: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> RunAction:
    """Validate and record one action at the run's current simulated time."""
    now = now or timezone.now()
    target, value, reason = target.strip(), value.strip(), reason.strip()
    _check_trainee(run, actor)
    finish_if_due(run=run, now=now)
    with transaction.atomic():
        run = _lock(run)
        _check_trainee(run, actor)
        at = _check_open(run, now)
        if run.status == Run.Status.PAUSED:
            raise RunError(_("The run is paused: resume it before acting."))
        actions = list(run.actions.order_by("seq"))
        _validate(run, actions, at, kind=kind, target=target, value=value, reason=reason)
        action = RunAction.objects.create(
            run=run,
            seq=(actions[-1].seq if actions else 0) + 1,
            kind=kind,
            at_s=at,
            target=target,
            value=value,
            reason=reason,
            actor=actor,
        )
        if kind == Action.ACKNOWLEDGE:
            RunAlarm.objects.filter(run=run, key=target).update(acknowledged_at_s=at)
        run.version += 1
        run.save(update_fields=["version"])
    return action


def _validate(run: Run, actions, at: float, *, kind, target, value, reason) -> None:
    snapshot = run.snapshot
    if kind not in Action.values:
        raise RunError(_("This is not an action of this simulation."))
    if kind not in snapshot["offered_actions"] and kind not in (Action.ACKNOWLEDGE, Action.ANSWER):
        raise RunError(_("This scenario does not offer that action."))
    if len(reason) > MAX_REASON:
        raise RunError(_("Keep the reason under %(count)d characters.") % {"count": MAX_REASON})
    state = process_state(run, actions, at)
    check = _CHECKS.get(kind)
    if check is not None:
        check(run, state, at, target=target, value=value, reason=reason)
    if kind in ONCE and kind in state.done_once:
        raise RunError(_("You have already done that in this run."))


def _check_acknowledge(run, state, at, *, target, **_ignored):
    delivered = RunAlarm.objects.filter(run=run, key=target, at_s__lte=at).first()
    if delivered is None:
        raise RunError(_("There is no such alarm to acknowledge."))
    if target in state.acknowledged:
        raise RunError(_("This alarm has already been acknowledged."))


def _check_answer(run, state, at, *, target, value, **_ignored):
    decision = next((d for d in run.snapshot["decisions"] if d["code"] == target), None)
    if decision is None or decision["opens_at_s"] > at:
        raise RunError(_("There is no such question to answer now."))
    if target in state.answered:
        raise RunError(_("You have already answered this question."))
    if value not in {option["code"] for option in decision["options"]}:
        raise RunError(_("Choose one of the options given."))


def _check_stop(run, state, at, **_ignored):
    if state.stopped:
        raise RunError(_("The process is already stopped."))


def _check_resume(run, state, at, **_ignored):
    if not state.stopped:
        raise RunError(_("The process is running: there is nothing to resume."))


def _check_start_intervention(run, state, at, **_ignored):
    if state.stopped:
        raise RunError(_("The process is stopped: no intervention can be performed."))
    if state.intervention_until_s is not None:
        raise RunError(_("An intervention is already under way."))


def _check_abort_intervention(run, state, at, **_ignored):
    if state.intervention_until_s is None:
        raise RunError(_("No intervention is under way."))


def _check_deviation(run, state, at, *, reason, **_ignored):
    if len(reason) < MIN_DEVIATION_REASON:
        raise RunError(
            _("Describe the deviation and its reason in at least %(count)d characters.")
            % {"count": MIN_DEVIATION_REASON}
        )


def _check_sample(run, state, at, *, target, **_ignored):
    if target not in run_series.sampleable_channels(run.snapshot):
        raise RunError(_("Choose a sampling point of this room."))


def _check_feed(run, state, at, *, value, **_ignored):
    try:
        amount = float(value)
    except ValueError:
        amount = -1.0
    low, high = run_series.FEED_RANGE
    if not low <= amount <= high:
        raise RunError(
            _("Give the feed as a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )


_CHECKS = {
    Action.ACKNOWLEDGE: _check_acknowledge,
    Action.ANSWER: _check_answer,
    Action.STOP_PROCESS: _check_stop,
    Action.RESUME_PROCESS: _check_resume,
    Action.START_INTERVENTION: _check_start_intervention,
    Action.ABORT_INTERVENTION: _check_abort_intervention,
    Action.DOCUMENT_DEVIATION: _check_deviation,
    Action.EXTRA_SAMPLE: _check_sample,
    Action.ADJUST_FEED: _check_feed,
}


def end(*, run: Run, actor, now: datetime | None = None) -> Run:
    """The trainee ends the run before its time is up."""
    now = now or timezone.now()
    _check_trainee(run, actor)
    finish_if_due(run=run, now=now)
    with transaction.atomic():
        run = _lock(run)
        _check_trainee(run, actor)
        _check_open(run, now)
        return _finish_locked(run, now=now, early=True)


def finish_if_due(*, run: Run, now: datetime | None = None) -> bool:
    """End a run whose simulated time is up (the periodic task and every state read call
    this); True if it ended now."""
    now = now or timezone.now()
    if run.status == Run.Status.FINISHED or sim_time(run, now) < run.duration_s:
        return False
    with transaction.atomic():
        run = _lock(run)
        if run.status == Run.Status.FINISHED or sim_time(run, now) < run.duration_s:
            return False
        _finish_locked(run, now=now, early=False)
    return True


def _finish_locked(run: Run, *, now: datetime, early: bool) -> Run:
    from .results import conclude

    run.ended_at_s = sim_time(run, now)
    run.clock_offset_s, run.clock_anchor_at = run.ended_at_s, None
    run.status = Run.Status.FINISHED
    run.ended_early = early
    run.finished_at = now
    run.version += 1
    conclude(run)
    return run


def _finite(values) -> list:
    return [None if value != value else round(float(value), 4) for value in values]


def state(*, run: Run, since_s: float = -1.0, now: datetime | None = None, deliver: bool = True):
    """What the dashboard shows: the samples after `since_s` up to now, every alarm so far,
    the actions, the open questions and the current process step. Never anything later.

    `deliver` records the alarms as seen by the trainee: only the trainee's own view does.
    """
    now = now or timezone.now()
    finish_if_due(run=run, now=now)
    run.refresh_from_db()
    at = sim_time(run, now)
    actions = list(run.actions.order_by("seq"))
    series, found = run_series.generate(run, actions)
    alarms_now = [alarm for alarm in found if alarm.at_s <= at]
    if deliver:
        _deliver(run, alarms_now, at)
    acknowledged = {a.target: a.at_s for a in actions if a.kind == Action.ACKNOWLEDGE}
    current = process_state(run, actions, at)
    places = Places(run.snapshot["setup"])
    return {
        "run": str(run.public_id),
        "version": run.version,
        "status": run.status,
        "now_s": at,
        "duration_s": run.duration_s,
        "time_compression": run.time_compression,
        "channels": _channels(
            series, since_s, at, run_series.channel_limits(series, run.snapshot), places
        ),
        "alarms": [_alarm_dict(a, acknowledged, places) for a in alarms_now],
        "actions": [
            {
                "seq": a.seq,
                "kind": a.kind,
                "label": str(a.get_kind_display()),
                "at_s": a.at_s,
                "target": a.target,
                "value": a.value,
            }
            for a in actions
        ],
        "decisions": _open_decisions(run.snapshot, at, current.answered),
        "step": _current_step(run.snapshot, at),
        "process": {
            "stopped": current.stopped,
            "intervention": current.intervention_until_s is not None,
        },
    }


def _channels(series, since_s: float, at: float, limits: dict, places: Places) -> dict:
    result = {}
    for name in series.channels:
        channel = series[name]
        times = channel.times_s
        lo = int(times.searchsorted(since_s, side="right"))
        hi = int(times.searchsorted(at, side="right"))
        result[name] = {
            "label": places.channel(name),
            "kind": channel.kind,
            "unit": unit(channel.unit),
            "integer": channel.integer,
            "location": channel.location,
            "t": [round(float(t), 3) for t in times[lo:hi]],
            "v": _finite(channel.values[lo:hi]),
            "limits": limits.get(name),
        }
    return result


def _alarm_dict(alarm, acknowledged: dict, places: Places) -> dict:
    key = run_series.alarm_key(alarm)
    return {
        "key": key,
        "channel": alarm.channel,
        "label": places.channel(alarm.channel),
        "rule": alarm.rule,
        "level": alarm.level,
        "at_s": alarm.at_s,
        "value": alarm.value,
        "limit": alarm.limit,
        "reference": cited(alarm.reference),
        "acknowledged_at_s": acknowledged.get(key),
    }


def _deliver(run: Run, alarms_now: list, at: float) -> None:
    """Remember which alarms the trainee's browser received and when (what they saw)."""
    if at > run.seen_until_s:
        Run.objects.filter(pk=run.pk, seen_until_s__lt=at).update(seen_until_s=at)
    if not alarms_now:
        return
    RunAlarm.objects.bulk_create(
        [
            RunAlarm(
                run=run,
                key=run_series.alarm_key(alarm),
                channel=alarm.channel,
                rule=alarm.rule,
                level=alarm.level,
                at_s=alarm.at_s,
                value=alarm.value,
                limit=alarm.limit,
                reference=alarm.reference,
            )
            for alarm in alarms_now
        ],
        ignore_conflicts=True,
    )


def _open_decisions(snapshot: dict, at: float, answered) -> list:
    return [
        {
            "code": d["code"],
            "prompt": pick(d, "prompt"),
            "options": [{"code": o["code"], "label": pick(o, "")} for o in d["options"]],
            "answered": d["code"] in answered,
        }
        for d in snapshot["decisions"]
        if d["opens_at_s"] <= at
    ]


def _current_step(snapshot: dict, at: float) -> dict | None:
    current = None
    for step in snapshot["steps"]:
        if step["starts_at_s"] <= at:
            current = step
    if current is None:
        return None
    return {
        "title": pick(current, "title"),
        "instruction": pick(current, "instruction"),
        "starts_at_s": current["starts_at_s"],
    }
