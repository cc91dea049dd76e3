"""What the run dashboard shows, built from the engine's state of a run (never from anything
the browser sent): the clock, the process step, the plan, the channels with their limits, the
alarms, open questions, the actions the scenario offers and the action log."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from simulations import series as run_series
from simulations.models import Action, Run
from simulations.places import Places, first_day

from . import display
from .plan import build_plan

# Actions that are a single button; the others need a target, value or reason, or arise from
# an alarm (acknowledge) or a question (answer).
BUTTON_ACTIONS = (
    Action.STOP_PROCESS,
    Action.RESUME_PROCESS,
    Action.START_INTERVENTION,
    Action.ABORT_INTERVENTION,
    Action.SANITISE,
    Action.ESCALATE_QA,
    Action.TRANSFER_STORAGE,
    Action.VERIFY_IDENTITY,
    Action.QUARANTINE,
)
# Channels drawn as charts; raw counter counts repeat the particle concentrations in another
# unit and appear in the table only.
UNCHARTED_KINDS = ("counts",)


def scenario_title(snapshot: dict) -> str:
    scenario = snapshot["scenario"]
    language = (get_language() or "en")[:2]
    return scenario.get(f"title_{language}") or scenario["title_en"]


def build(run: Run, state: dict) -> dict:
    snapshot = run.snapshot
    places = Places(snapshot["setup"])
    day = first_day(snapshot)
    return {
        "title": scenario_title(snapshot),
        "clock": display.clock(state["now_s"], first_day=day, end=state["now_s"] >= run.duration_s),
        "end_clock": display.clock(run.duration_s, first_day=day, end=True),
        "status_label": display.STATUS[state["status"]],
        "process": state["process"],
        "step": state["step"],
        "plan": build_plan(snapshot, places),
        "channels": _channels(state),
        "alarms": _alarms(state, day),
        "decisions": _decisions(state),
        "offered": _offered(snapshot, places),
        "log": _log(state, day, places),
    }


def _channels(state: dict) -> list[dict]:
    rows = []
    for name, channel in state["channels"].items():
        latest_t, latest = _latest(channel)
        limits = channel["limits"] or {}
        integer = channel["integer"]
        rows.append(
            {
                "name": name,
                "label": channel["label"],
                "unit": channel["unit"],
                "location": channel["location"] or name.split(".", 1)[0],
                "charted": channel["kind"] not in UNCHARTED_KINDS,
                "latest": display.number(latest, integer=integer),
                "latest_t": latest_t,
                "alert": display.number(limits.get("alert"), integer=integer),
                "action": _action_text(limits, integer),
                "status": display.limit_status(latest, channel["limits"]),
            }
        )
    return rows


def _latest(channel: dict) -> tuple[float | None, float | None]:
    """The time and value of the channel's last reading (a drop-out reads None)."""
    for t, v in zip(reversed(channel["t"]), reversed(channel["v"]), strict=True):
        if v is not None:
            return t, v
    return None, None


def _action_text(limits: dict, integer: bool) -> str:
    if limits.get("lower_action") is not None:
        return "{} – {}".format(
            display.number(limits["lower_action"], integer=integer),
            display.number(limits["action"], integer=integer),
        )
    return display.number(limits.get("action"), integer=integer)


def _alarms(state: dict, day: int | None) -> list[dict]:
    return [
        {
            **alarm,
            "time": display.clock(alarm["at_s"], first_day=day),
            "level_label": display.LEVELS.get(alarm["level"], alarm["level"]),
            "rule_label": display.rule_label(alarm["rule"]),
            "value_text": display.number(alarm["value"]),
            "limit_text": display.number(alarm["limit"]),
            "acknowledged_time": None
            if alarm["acknowledged_at_s"] is None
            else display.clock(alarm["acknowledged_at_s"], first_day=day),
        }
        for alarm in reversed(state["alarms"])
    ]


def _decisions(state: dict) -> list[dict]:
    answers = {a["target"]: a["value"] for a in state["actions"] if a["kind"] == Action.ANSWER}
    decisions = []
    for decision in state["decisions"]:
        labels = {option["code"]: option["label"] for option in decision["options"]}
        answer = answers.get(decision["code"])
        decisions.append({**decision, "answer_label": labels.get(answer, answer)})
    return decisions


def _offered(snapshot: dict, places: Places) -> dict:
    offered = set(snapshot["offered_actions"])
    low, high = run_series.FEED_RANGE
    return {
        "buttons": [(kind, Action(kind).label) for kind in BUTTON_ACTIONS if kind in offered],
        "deviation": Action.DOCUMENT_DEVIATION in offered,
        "samples": [
            (name, places.channel(name)) for name in run_series.sampleable_channels(snapshot)
        ]
        if Action.EXTRA_SAMPLE in offered
        else [],
        "feed": {"low": low, "high": high} if Action.ADJUST_FEED in offered else None,
    }


def _log(state: dict, day: int | None, places: Places) -> list[dict]:
    return [
        {
            **action,
            "time": display.clock(action["at_s"], first_day=day),
            "detail": _detail(action, places),
        }
        for action in reversed(state["actions"])
    ]


def _detail(action: dict, places: Places) -> str:
    if action["kind"] == Action.ACKNOWLEDGE:
        channel = action["target"].split("|", 1)[0]
        return places.channel(channel)
    if action["kind"] == Action.EXTRA_SAMPLE:
        return places.channel(action["target"])
    if action["kind"] == Action.ADJUST_FEED:
        return _("%(amount)s mmol glucose") % {"amount": action["value"]}
    return ""
