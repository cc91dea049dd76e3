"""Scoring a run: which expected responses the trainee met, when, and what that is worth.

A pure function of the run's snapshot, the alarms the simulators raised and the trainee's
actions, so that a replay scores exactly as the run did and the browser never has a say.

Each expected response has a trigger (the start, the first matching alarm, an event, or a
decision point opening) and a window (`within_s` after it, or until the run ended). The first
matching action inside the window meets it; a matching action after the window is late and
earns nothing; an answer with another option is wrong. A response whose trigger never came
(the alarm did not fire, the run ended before the event) does not count either way.

Per competency: the points earned over the points that counted; it is passed when that reaches
the scenario's pass mark and no critical response was missed, late or wrong.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class AlarmLike(Protocol):
    at_s: float
    channel: str
    rule: str


class ActionLike(Protocol):
    seq: int
    kind: str
    at_s: float
    target: str
    value: str


MET = "met"
LATE = "late"
WRONG = "wrong"
MISSED = "missed"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ResponseResult:
    code: str
    status: str
    competency: str
    level: int
    points: int
    earned: int
    critical: bool
    trigger_at_s: float | None
    deadline_s: float | None
    action_seq: int | None
    action_at_s: float | None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class CompetencyResult:
    competency: str
    level: int
    earned: int = 0
    possible: int = 0
    critical_failed: list[str] = field(default_factory=list)
    passed: bool = False

    @property
    def percent(self) -> float | None:
        return round(100 * self.earned / self.possible, 1) if self.possible else None

    def as_dict(self) -> dict:
        return {
            "competency": self.competency,
            "level": self.level,
            "earned": self.earned,
            "possible": self.possible,
            "percent": self.percent,
            "critical_failed": list(self.critical_failed),
            "passed": self.passed,
        }


@dataclass(frozen=True)
class Outcome:
    responses: tuple[ResponseResult, ...]
    competencies: tuple[CompetencyResult, ...]
    score: float | None
    passed: bool

    def as_dict(self) -> dict:
        return {
            "responses": [r.as_dict() for r in self.responses],
            "competencies": [c.as_dict() for c in self.competencies],
            "score": self.score,
            "passed": self.passed,
        }


def score(
    *,
    snapshot: dict,
    alarms: Iterable[AlarmLike],
    actions: Sequence[ActionLike],
    ended_at_s: float,
    alarm_rules: dict[str, str] | None = None,
) -> Outcome:
    """Score a run. `alarm_rules` maps an alarm key to its rule, for acknowledgements (an
    acknowledgement names the alarm's key as its target)."""
    alarms = sorted(alarms, key=lambda a: a.at_s)
    alarm_rules = alarm_rules or {}
    results = tuple(
        _judge(response, snapshot, alarms, actions, ended_at_s, alarm_rules)
        for response in snapshot["responses"]
    )
    competencies = _per_competency(results, snapshot["pass_mark"])
    counted = [r for r in results if r.status != NOT_APPLICABLE]
    possible = sum(r.points for r in counted)
    total = round(100 * sum(r.earned for r in counted) / possible, 1) if possible else None
    passed = bool(competencies) and all(c.passed for c in competencies)
    return Outcome(results, competencies, total, passed)


def _trigger_time(response: dict, snapshot: dict, alarms: list[AlarmLike], ended_at_s: float):
    trigger, ref = response["trigger"], response["trigger_ref"]
    if trigger == "start":
        return 0.0
    if trigger == "alarm":
        channel = response.get("trigger_channel") or ""
        for alarm in alarms:
            if alarm.at_s > ended_at_s:
                break
            if _rule_matches(alarm.rule, ref) and (not channel or alarm.channel == channel):
                return alarm.at_s
        return None
    items = snapshot["events"] if trigger == "event" else snapshot["decisions"]
    time_key = "at_s" if trigger == "event" else "opens_at_s"
    for item in items:
        if item["code"] == ref and item[time_key] <= ended_at_s:
            return float(item[time_key])
    return None


def _rule_matches(rule: str, ref: str) -> bool:
    """A reference names a rule or a prefix of it at a dot: "particles" matches
    "particles.action", never "particlesx"."""
    return rule == ref or rule.startswith(ref + ".")


def _matches(response: dict, action: ActionLike, alarm_rules: dict[str, str]) -> bool:
    if action.kind != response["action"]:
        return False
    target = response.get("target") or ""
    if action.kind == "acknowledge":
        rule = alarm_rules.get(action.target, "")
        wanted = target or (response["trigger_ref"] if response["trigger"] == "alarm" else "")
        return not wanted or _rule_matches(rule, wanted)
    return not target or action.target == target


def _judge(response, snapshot, alarms, actions, ended_at_s, alarm_rules) -> ResponseResult:
    trigger_at = _trigger_time(response, snapshot, alarms, ended_at_s)
    within = response.get("within_s")
    deadline = (
        None
        if trigger_at is None
        else min(ended_at_s, trigger_at + within if within is not None else ended_at_s)
    )
    status, chosen = NOT_APPLICABLE, None
    if trigger_at is not None:
        status = MISSED
        for action in actions:
            if action.at_s < trigger_at or not _matches(response, action, alarm_rules):
                continue
            chosen = action
            if response.get("value") and action.value != response["value"]:
                status = WRONG
            elif action.at_s <= deadline:
                status = MET
            else:
                status = LATE
            break
    return ResponseResult(
        code=response["code"],
        status=status,
        competency=response["competency"],
        level=int(response["level"]),
        points=int(response["points"]),
        earned=int(response["points"]) if status == MET else 0,
        critical=bool(response["critical"]),
        trigger_at_s=trigger_at,
        deadline_s=deadline,
        action_seq=chosen.seq if chosen else None,
        action_at_s=chosen.at_s if chosen else None,
    )


def _per_competency(results: Sequence[ResponseResult], pass_mark: int):
    by_code: dict[str, CompetencyResult] = {}
    for result in results:
        entry = by_code.setdefault(
            result.competency, CompetencyResult(result.competency, result.level)
        )
        entry.level = max(entry.level, result.level)
        if result.status == NOT_APPLICABLE:
            continue
        entry.possible += result.points
        entry.earned += result.earned
        if result.critical and result.status != MET:
            entry.critical_failed.append(result.code)
    for entry in by_code.values():
        entry.passed = (
            entry.possible > 0
            and not entry.critical_failed
            and 100 * entry.earned >= pass_mark * entry.possible
        )
    return tuple(by_code.values())
