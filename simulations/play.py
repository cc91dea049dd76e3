"""A scripted trainee: plays a run through the engine as a trainee would, at chosen simulated
times, for the demo's finished runs and for the scenario tests.

The script is the scenario's own expected responses: each is met a few simulated seconds after
its trigger (the alarm as the server raised it, the event, the decision point opening), in
time order, through engine.state (which delivers the alarms the trainee sees) and engine.act
with `now` set to the wall-clock moment the run's clock reaches that time. Responses named in
`skip` are left out, and answers in `wrong` get another option, so a script can also miss.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from . import engine, scoring
from . import series as run_series
from .models import Action, Run, Scenario

# How long after its trigger the scripted trainee acts, in simulated seconds.
REACTION_S = 20.0
# A bolus feed that brings a starved 1-L culture back above its glucose limit.
FEED_MMOL = "20"
DEVIATION_REASON = (
    "Alarm at the time shown; process stopped and the event recorded as it happened. Cause, "
    "exposed product and corrective action go to the investigation."
)


@dataclass
class Script:
    skip: frozenset[str] = frozenset()
    wrong: frozenset[str] = frozenset()
    reasons: dict[str, str] = field(default_factory=dict)
    reaction_s: float = REACTION_S


class Player:
    """One trainee playing one run, the wall clock derived from the simulated time."""

    def __init__(self, run: Run, started_at: datetime):
        self.run = run
        self.started_at = started_at

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        trainee,
        *,
        seed: int,
        context: str = "practice",
        started_at: datetime | None = None,
    ) -> "Player":
        started_at = started_at or timezone.now()
        run = engine.start_run(
            scenario=scenario, trainee=trainee, context=context, seed=seed, now=started_at
        )
        return cls(run, started_at)

    def now(self, at_s: float) -> datetime:
        return self.started_at + timedelta(seconds=at_s / self.run.time_compression)

    def look(self, at_s: float) -> dict:
        """What the dashboard shows at `at_s` (and the alarms are delivered to the trainee)."""
        return engine.state(run=self.run, now=self.now(at_s))

    def act(self, at_s: float, kind: str, **values):
        self.look(at_s)
        return engine.act(
            run=self.run, actor=self.run.trainee, kind=kind, now=self.now(at_s), **values
        )

    def finish(self) -> Run:
        engine.finish_if_due(run=self.run, now=self.now(self.run.duration_s + 1))
        self.run.refresh_from_db()
        return self.run

    def play(self, script: Script | None = None) -> Run:
        """Meet the expected responses in time order, then let the run end."""
        script = script or Script()
        done: set[str] = set()
        last = 0.0
        while True:
            due = self._next(script, done, last)
            if due is None:
                break
            at_s, response, values = due
            done.add(response["code"])
            if (
                response["action"] in engine.ONCE
                and self.run.actions.filter(kind=response["action"]).exists()
            ):
                continue
            self.act(at_s, response["action"], **values)
            last = at_s
        return self.finish()

    def _next(self, script: Script, done: set[str], last: float):
        """The earliest response still to meet: (when, response, action values), or None."""
        actions = list(self.run.actions.order_by("seq"))
        _series, alarms = run_series.generate(self.run, actions)
        snapshot = self.run.snapshot
        best = None
        for response in snapshot["responses"]:
            if response["code"] in done or response["code"] in script.skip:
                continue
            trigger = scoring._trigger_time(response, snapshot, alarms, float(self.run.duration_s))
            if trigger is None:
                continue
            at_s = max(trigger + script.reaction_s, last + 1.0)
            if at_s >= self.run.duration_s:
                continue
            if best is None or at_s < best[0]:
                best = (at_s, response)
        if best is None:
            return None
        at_s, response = best
        return at_s, response, self._values(response, script, alarms, at_s)

    def _values(self, response: dict, script: Script, alarms, at_s: float) -> dict:
        kind = response["action"]
        if kind == Action.ACKNOWLEDGE:
            alarm = next(
                a
                for a in alarms
                if scoring._rule_matches(a.rule, response["target"] or response["trigger_ref"])
                and (
                    not response.get("trigger_channel") or a.channel == response["trigger_channel"]
                )
                and a.at_s <= at_s
            )
            return {"target": run_series.alarm_key(alarm)}
        if kind == Action.ANSWER:
            value = response["value"]
            if response["code"] in script.wrong:
                decision = next(
                    d for d in self.run.snapshot["decisions"] if d["code"] == response["target"]
                )
                value = next(o["code"] for o in decision["options"] if o["code"] != value)
            return {"target": response["target"], "value": value}
        if kind == Action.DOCUMENT_DEVIATION:
            reason = script.reasons.get(response["code"], DEVIATION_REASON)
            return {"target": response["target"], "reason": reason}
        if kind == Action.ADJUST_FEED and not response["value"]:
            return {"target": response["target"], "value": FEED_MMOL}
        return {"target": response["target"], "value": response["value"]}
