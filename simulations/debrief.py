"""The debrief of a finished run: what happened, what the trainee saw, did and missed, and
when; the score per competency with the reasons; the rule or Annex 1 paragraph behind each.

A pure read of the run's snapshot (the scenario as played, with the events' debrief notes that
stay hidden while it runs), its stored outcome (the server's scoring at the end), its actions,
the alarms its trainee's browser received (RunAlarm) and the alarms the simulators raised
(regenerated from the seed, so never stored). Four queries, whatever the size of the run. Texts
come in the active language: build a debrief inside `translation.override` for another one.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import Competency, ProficiencyLevel
from certificates.models.bilingual import in_language

from . import scoring
from . import series as run_series
from .models import Action, Run
from .models.events import EVENT_CHOICES
from .places import Places, cited, clock, first_day, pick, unit
from .regulatory import get_profile

STATUS_LABELS = {
    scoring.MET: gettext_lazy("Met"),
    scoring.LATE: gettext_lazy("Late"),
    scoring.WRONG: gettext_lazy("Wrong"),
    scoring.MISSED: gettext_lazy("Missed"),
    scoring.NOT_APPLICABLE: gettext_lazy("Did not apply"),
}
LEVEL_LABELS = {
    "alert": gettext_lazy("Alert"),
    "action": gettext_lazy("Action"),
    "investigation": gettext_lazy("Investigation"),
    "trend": gettext_lazy("Trend"),
}
RULE_LABELS = {
    "particles.5um.single_count": gettext_lazy("Single ≥5 µm count"),
    "particles.5um.regular_counts": gettext_lazy("Regular ≥5 µm counts"),
    "trend.consecutive_alerts": gettext_lazy("Consecutive alert excursions"),
    "trend.repeated_actions": gettext_lazy("Repeated action excursions"),
    "sensor.dropout": gettext_lazy("Sensor drop-out"),
    "sensor.stuck": gettext_lazy("Sensor stuck"),
    "viable.grade_a.any_growth": gettext_lazy("Growth in Grade A"),
}
LEVEL_RULE_LABELS = {
    "alert": gettext_lazy("Alert level exceeded"),
    "action": gettext_lazy("Action limit exceeded"),
    "investigation": gettext_lazy("Investigation required"),
    "trend": gettext_lazy("Adverse trend"),
}
EVENT_LABELS = dict(EVENT_CHOICES)
KIND_LABELS = {
    "step": gettext_lazy("Process step"),
    "event": gettext_lazy("What happened"),
    "decision": gettext_lazy("Question"),
    "alarm": gettext_lazy("Alarm"),
    "trigger": gettext_lazy("Expected"),
    "action": gettext_lazy("Action"),
    "deadline": gettext_lazy("Deadline"),
    "end": gettext_lazy("End"),
}
# The order of entries at the same simulated time: the cause before the reaction.
KIND_ORDER = ("step", "event", "decision", "alarm", "trigger", "action", "deadline", "end")


@dataclass(frozen=True)
class Moment:
    """One line of the timeline. `status` is a response's status for triggers and deadlines,
    `level` an alarm's level."""

    at_s: float
    kind: str
    title: str
    detail: str = ""
    reference: str = ""
    level: str = ""
    status: str = ""
    first_day: int | None = None

    @property
    def clock(self) -> str:
        return clock(self.at_s, self.first_day)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def sort_key(self) -> tuple:
        return (self.at_s, KIND_ORDER.index(self.kind))


@dataclass(frozen=True)
class AlarmLine:
    key: str
    channel: str
    label: str
    rule: str
    rule_label: str
    level: str
    level_label: str
    at_s: float
    value: float | None
    limit: float | None
    unit: str
    reference: str
    seen_at: datetime | None
    acknowledged_at_s: float | None
    first_day: int | None

    @property
    def seen(self) -> bool:
        return self.seen_at is not None

    @property
    def clock(self) -> str:
        return clock(self.at_s, self.first_day)

    @property
    def acknowledged_clock(self) -> str:
        return clock(self.acknowledged_at_s, self.first_day)

    @property
    def title(self) -> str:
        """What the alarm was, on which channel; its level named where the rule does not
        already say it."""
        rule = (
            self.rule_label
            if self.rule not in RULE_LABELS
            else (f"{self.level_label}: {self.rule_label}")
        )
        return f"{rule} · {self.label}"

    @property
    def reading(self) -> str:
        return self._measure(self.value)

    @property
    def limit_text(self) -> str:
        return self._measure(self.limit)

    def _measure(self, value: float | None) -> str:
        # A sensor fault's "limit" counts samples, not the channel's unit: none is shown.
        if value is None or self.rule.startswith("sensor."):
            return ""
        return f"{number(value)} {self.unit}".strip()


@dataclass(frozen=True)
class ResponseLine:
    code: str
    action_label: str
    status: str
    status_label: str
    summary: str
    competency: str
    points: int
    earned: int
    critical: bool
    trigger_at_s: float | None
    deadline_s: float | None
    action_at_s: float | None
    explanation: str
    reference: str


@dataclass
class CompetencyLine:
    code: str
    title: str
    level: int
    level_name: str
    earned: int
    possible: int
    percent: float | None
    passed: bool
    critical_missed: list[ResponseLine] = field(default_factory=list)
    responses: list[ResponseLine] = field(default_factory=list)


@dataclass
class Debrief:
    run: Run
    title: str
    trainee: str
    profile: str
    pass_mark: int
    ended_at_s: float
    ended_early: bool
    score: float | None
    passed: bool
    competencies: list[CompetencyLine]
    responses: list[ResponseLine]
    alarms: list[AlarmLine]
    timeline: list[Moment]
    references: list[str]

    @property
    def ended_clock(self) -> str:
        return clock(self.ended_at_s, first_day(self.run.snapshot), end=True)


def number(value: float) -> str:
    """A reading as people write it: whole above 100, else up to two decimals, localised."""
    size = abs(value)
    decimals = 0 if size >= 100 or value == int(value) else 1 if size >= 10 else 2
    return formats.number_format(round(value, decimals), decimals, force_grouping=True)


def span(seconds: float) -> str:
    """A length of simulated time in words: 2 min 5 s, 3 h 10 min."""
    whole = int(round(seconds))
    if whole < 60:
        return _("%(s)d s") % {"s": whole}
    if whole < 3600 and whole % 60 == 0:
        return _("%(m)d min") % {"m": whole // 60}
    if whole < 3600:
        return _("%(m)d min %(s)d s") % {"m": whole // 60, "s": whole % 60}
    return _("%(h)d h %(m)d min") % {"h": whole // 3600, "m": whole % 3600 // 60}


def ended_at(run: Run) -> float:
    return float(run.ended_at_s if run.ended_at_s is not None else run.duration_s)


def build(run: Run, *, until_s: float | None = None) -> Debrief:
    """The debrief of `run` up to `until_s` (default: its end). For a run still going, give
    its simulated time now: nothing later is shown, and its outcome is still empty."""
    snapshot = run.snapshot
    actions = list(run.actions.order_by("seq"))
    series, found = run_series.generate(run, actions)
    end = ended_at(run) if until_s is None else until_s
    raised = [alarm for alarm in found if alarm.at_s <= end]
    units = {name: unit(series[name].unit) for name in series.channels}
    alarms = _alarm_lines(run, raised, actions, units)
    responses = _response_lines(run, actions)
    return Debrief(
        run=run,
        title=pick(snapshot["scenario"], "title"),
        trainee=str(run.trainee),
        profile=get_profile(snapshot["profile"]).title,
        pass_mark=snapshot["pass_mark"],
        ended_at_s=end,
        ended_early=run.ended_early,
        score=None if run.score is None else float(run.score),
        passed=bool(run.passed),
        competencies=_competency_lines(run.outcome, responses),
        responses=responses,
        alarms=alarms,
        timeline=_timeline(run, actions, alarms, responses, end),
        references=_references(responses, alarms),
    )


def _alarm_lines(run: Run, raised: list, actions: list, units: dict) -> list[AlarmLine]:
    places = Places(run.snapshot["setup"])
    delivered = {alarm.key: alarm for alarm in run.alarms.all()}
    acknowledged = {a.target: a.at_s for a in actions if a.kind == Action.ACKNOWLEDGE}
    day = first_day(run.snapshot)
    lines = []
    for alarm in raised:
        key = run_series.alarm_key(alarm)
        seen = delivered.get(key)
        lines.append(
            AlarmLine(
                key=key,
                channel=alarm.channel,
                label=places.channel(alarm.channel),
                rule=alarm.rule,
                rule_label=rule_label(alarm.rule, alarm.level),
                level=alarm.level,
                level_label=str(LEVEL_LABELS.get(alarm.level, alarm.level)),
                at_s=alarm.at_s,
                value=alarm.value,
                limit=alarm.limit,
                unit=units.get(alarm.channel, ""),
                reference=cited(alarm.reference),
                seen_at=seen.delivered_at if seen else None,
                acknowledged_at_s=acknowledged.get(key),
                first_day=day,
            )
        )
    return lines


def rule_label(rule: str, level: str) -> str:
    """An alarm rule in words: its own name where it has one, else what its level means."""
    return str(RULE_LABELS.get(rule) or LEVEL_RULE_LABELS.get(level) or rule)


def _response_lines(run: Run, actions: list) -> list[ResponseLine]:
    by_code = {r["code"]: r for r in run.snapshot["responses"]}
    by_seq = {a.seq: a for a in actions}
    lines = []
    for result in run.outcome.get("responses", []):
        response = by_code.get(result["code"], {})
        action = by_seq.get(result["action_seq"])
        lines.append(
            ResponseLine(
                code=result["code"],
                action_label=str(Action(response.get("action", "answer")).label),
                status=result["status"],
                status_label=str(STATUS_LABELS[result["status"]]),
                summary=_summary(result, action, run.snapshot),
                competency=result["competency"],
                points=result["points"],
                earned=result["earned"],
                critical=result["critical"],
                trigger_at_s=result["trigger_at_s"],
                deadline_s=result["deadline_s"],
                action_at_s=result["action_at_s"],
                explanation=pick(response, "explanation"),
                reference=cited(response.get("reference", "")),
            )
        )
    return lines


def _summary(result: dict, action, snapshot: dict) -> str:
    """What happened to one expected response, in a sentence with its times."""
    status = result["status"]
    if status == scoring.NOT_APPLICABLE:
        return _("Did not apply: what calls for it did not happen in this run.")
    day = first_day(snapshot)
    times = {
        "trigger": clock(result["trigger_at_s"], day),
        "deadline": clock(result["deadline_s"], day),
        "done": clock(result["action_at_s"], day),
    }
    if status == scoring.MISSED:
        return _("Expected from %(trigger)s until %(deadline)s; not done.") % times
    if status == scoring.WRONG:
        times["answer"] = _option_label(snapshot, action.target, action.value) if action else ""
        return _("Answered “%(answer)s” at %(done)s: not the expected answer.") % times
    times["after"] = span(result["action_at_s"] - result["trigger_at_s"])
    if status == scoring.LATE:
        return _("Done at %(done)s, %(after)s after %(trigger)s: later than %(deadline)s.") % times
    return _("Done at %(done)s, %(after)s after %(trigger)s (in time: by %(deadline)s).") % times


def _option_label(snapshot: dict, decision_code: str, option_code: str) -> str:
    for decision in snapshot["decisions"]:
        if decision["code"] == decision_code:
            for option in decision["options"]:
                if option["code"] == option_code:
                    return pick(option, "")
    return option_code


def _competency_lines(outcome: dict, responses: list[ResponseLine]) -> list[CompetencyLine]:
    results = outcome.get("competencies", [])
    codes = [c["competency"] for c in results]
    competencies = Competency.objects.in_bulk(codes, field_name="code")
    levels = {level.value: level for level in ProficiencyLevel.objects.all()}
    lines = []
    for result in results:
        code = result["competency"]
        competency, level = competencies.get(code), levels.get(result["level"])
        mine = [r for r in responses if r.competency == code]
        lines.append(
            CompetencyLine(
                code=code,
                title=competency.title if competency else code,
                level=result["level"],
                level_name=in_language(level, "name") if level else "",
                earned=result["earned"],
                possible=result["possible"],
                percent=result["percent"],
                passed=result["passed"],
                critical_missed=[r for r in mine if r.code in result["critical_failed"]],
                responses=mine,
            )
        )
    return lines


def _timeline(run, actions, alarms, responses, end: float) -> list[Moment]:
    snapshot = run.snapshot
    moments = [
        Moment(s["starts_at_s"], "step", pick(s, "title"), pick(s, "instruction"))
        for s in snapshot["steps"]
        if s["starts_at_s"] <= end
    ]
    moments += [
        Moment(
            float(e["at_s"]), "event", str(EVENT_LABELS.get(e["kind"], e["kind"])), pick(e, "note")
        )
        for e in snapshot["events"]
        if e["at_s"] <= end
    ]
    moments += [
        Moment(float(d["opens_at_s"]), "decision", _("Question opens"), pick(d, "prompt"))
        for d in snapshot["decisions"]
        if d["opens_at_s"] <= end
    ]
    moments += [_alarm_moment(alarm) for alarm in alarms]
    moments += [_action_moment(a, snapshot, alarms) for a in actions if a.at_s <= end]
    moments += [m for m in _response_moments(responses) if m.at_s <= end]
    if run.finished:
        title = _("Run ended early by the trainee") if run.ended_early else _("Run ended")
        moments.append(Moment(end, "end", title))
    day = first_day(snapshot)
    return sorted((replace(m, first_day=day) for m in moments), key=lambda m: m.sort_key)


def _alarm_moment(alarm: AlarmLine) -> Moment:
    if alarm.seen_at is None:
        seen = _("Not received on the trainee's screen.")
    else:
        seen = _("Shown on the trainee's screen.")
    values = ""
    if alarm.reading and alarm.limit_text:
        values = _("Reading %(value)s, limit %(limit)s.") % {
            "value": alarm.reading,
            "limit": alarm.limit_text,
        }
    detail = " ".join(part for part in (values, seen) if part)
    return Moment(alarm.at_s, "alarm", alarm.title, detail, alarm.reference, level=alarm.level)


def describe_action(action, snapshot: dict, alarms: list[AlarmLine]) -> str:
    """What the action named: the alarm acknowledged, the answer chosen, the sample point,
    the feed given, the reason written."""
    parts = []
    if action.kind == Action.ACKNOWLEDGE:
        alarm = next((a for a in alarms if a.key == action.target), None)
        parts.append(alarm.title if alarm else action.target)
    elif action.kind == Action.ANSWER:
        parts.append(_option_label(snapshot, action.target, action.value))
    elif action.kind == Action.EXTRA_SAMPLE:
        parts.append(Places(snapshot["setup"]).channel(action.target))
    elif action.kind == Action.ADJUST_FEED:
        parts.append(_("%(amount)s mmol glucose") % {"amount": action.value})
    elif action.target or action.value:
        parts.append(" ".join(p for p in (action.target, action.value) if p))
    if action.reason:
        parts.append(_("Reason: %(reason)s") % {"reason": action.reason})
    return " — ".join(parts)


def _action_moment(action, snapshot: dict, alarms: list[AlarmLine]) -> Moment:
    return Moment(
        action.at_s,
        "action",
        str(action.get_kind_display()),
        describe_action(action, snapshot, alarms),
    )


def _response_moments(responses: list[ResponseLine]) -> list[Moment]:
    moments = []
    for response in responses:
        if response.trigger_at_s is None:
            continue
        expected = _("Expected: %(action)s") % {"action": response.action_label}
        moments.append(
            Moment(
                response.trigger_at_s,
                "trigger",
                expected,
                response.explanation,
                response.reference,
                status=response.status,
            )
        )
        if response.deadline_s is not None:
            title = _("Deadline: %(action)s") % {"action": response.action_label}
            detail = f"{response.status_label}. {response.summary}"
            moments.append(
                Moment(
                    response.deadline_s,
                    "deadline",
                    title,
                    detail,
                    response.reference,
                    status=response.status,
                )
            )
    return moments


def _references(responses: list[ResponseLine], alarms: list[AlarmLine]) -> list[str]:
    seen = dict.fromkeys(r.reference for r in responses if r.reference)
    seen.update(dict.fromkeys(a.reference for a in alarms if a.reference))
    return list(seen)
