"""Checks that span a scenario and its parts, which no single model's clean() can make.

A response must follow an event or decision point the scenario has, an answer must name a
decision point and one of its options, an action must be one the scenario offers, codes are
unique within their part, and everything happens before the scenario ends. The admin form
and the loader both run these checks on plain values, so a scenario file and the admin
refuse the same mistakes with the same sentences.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from . import alarms
from .models import Action, ExpectedResponse
from .regulatory import DEFAULT_PROFILE

# Actions every run allows, offered or not (the engine's rule).
ALWAYS_ALLOWED = frozenset({Action.ACKNOWLEDGE, Action.ANSWER})


# Representative arguments that make alarms.rule_for build each kind's rules, so that the codes
# come from the rules themselves.
_RULE_ARGUMENTS = {
    "particles": [
        {"grade": "B", "size": "0.5", "occupancy": "in_operation"},
        {"grade": "A", "size": "5", "occupancy": "in_operation"},
    ],
    "viable": [
        {"grade": "A", "sample": "contact_plate"},
        {"grade": "B", "sample": "contact_plate"},
    ],
}
_OTHER_RULES = (
    alarms.SINGLE_COUNT,
    alarms.REGULAR_COUNTS_RULE,
    alarms.CONSECUTIVE_ALERTS,
    alarms.REPEATED_ACTIONS_RULE,
    alarms.DROPOUT,
    alarms.STUCK,
)


@cache
def alarm_rule_codes() -> frozenset[str]:
    """Every rule code an alarm can carry (simulations.alarms)."""
    codes = set(_OTHER_RULES)
    for kind in alarms.RULE_KINDS:
        for arguments in _RULE_ARGUMENTS.get(kind, [{}]):
            rule = alarms.rule_for(kind=kind, profile=DEFAULT_PROFILE, **arguments)
            codes |= {rule.action_rule, f"{rule.rule_prefix}.alert"}
    return frozenset(codes)


def names_alarm_rule(reference: str) -> bool:
    """A rule code, or a prefix of one at a dot ("particles" for "particles.action")."""
    return any(code == reference or code.startswith(f"{reference}.") for code in alarm_rule_codes())


@dataclass(frozen=True)
class Problem:
    """One mistake: the part ("scenario", "steps", "events", "decisions" or "responses"), the
    row's index within it (None for the scenario), the field and the sentence to show."""

    part: str
    index: int | None
    field: str
    message: str


def check_scenario(
    *,
    duration_s: int | None,
    offered_actions: Sequence[str],
    steps: Sequence[dict],
    events: Sequence[dict],
    decisions: Sequence[dict],
    responses: Sequence[dict],
) -> list[Problem]:
    problems: list[Problem] = []
    for part, rows in (("events", events), ("decisions", decisions), ("responses", responses)):
        problems += _unique_codes(part, rows)
    if duration_s:
        problems += _within_duration(duration_s, steps, events, decisions)
    event_codes = {row.get("code") for row in events}
    options = {row.get("code"): _option_codes(row.get("options")) for row in decisions}
    for index, response in enumerate(responses):
        problems += _check_response(index, response, offered_actions, event_codes, options)
    return problems


def _option_codes(options) -> set[str]:
    if not isinstance(options, list):
        return set()
    return {option.get("code") for option in options if isinstance(option, dict)}


def _unique_codes(part: str, rows: Sequence[dict]) -> list[Problem]:
    seen, problems = set(), []
    for index, row in enumerate(rows):
        code = row.get("code")
        if code in seen:
            message = _("The code “%(code)s” is used twice.") % {"code": code}
            problems.append(Problem(part, index, "code", message))
        seen.add(code)
    return problems


def _within_duration(duration_s: int, steps, events, decisions) -> list[Problem]:
    message = _("This is after the scenario ends (%(duration)s s).") % {"duration": duration_s}
    problems = []
    for part, rows, fields in (
        ("steps", steps, ("starts_at_s",)),
        ("events", events, ("at_s", "latest_s")),
        ("decisions", decisions, ("opens_at_s",)),
    ):
        for index, row in enumerate(rows):
            for field in fields:
                value = row.get(field)
                if value is not None and value >= duration_s:
                    problems.append(Problem(part, index, field, message))
    return problems


def _check_response(index, response, offered, event_codes, options) -> list[Problem]:
    problems = []
    action, trigger, ref = (
        response.get("action"),
        response.get("trigger"),
        response.get("trigger_ref"),
    )
    if action and action not in ALWAYS_ALLOWED and action not in offered:
        problems.append(
            Problem(
                "responses",
                index,
                "action",
                _("The scenario does not offer this action: add it to the actions offered."),
            )
        )
    if trigger == ExpectedResponse.Trigger.ALARM and ref and not names_alarm_rule(ref):
        problems.append(
            Problem(
                "responses",
                index,
                "trigger_ref",
                _("No alarm rule is called “%(code)s” or starts with it.") % {"code": ref},
            )
        )
    if trigger == ExpectedResponse.Trigger.EVENT and ref not in event_codes:
        problems.append(
            Problem(
                "responses",
                index,
                "trigger_ref",
                _("The scenario has no event with the code “%(code)s”.") % {"code": ref},
            )
        )
    if trigger == ExpectedResponse.Trigger.DECISION and ref not in options:
        problems.append(
            Problem(
                "responses",
                index,
                "trigger_ref",
                _("The scenario has no decision point with the code “%(code)s”.") % {"code": ref},
            )
        )
    if action == Action.ANSWER:
        problems += _check_answer(index, response, options)
    return problems


def _check_answer(index, response, options) -> list[Problem]:
    target, value = response.get("target"), response.get("value")
    if target not in options:
        message = _("The scenario has no decision point with the code “%(code)s”.") % {
            "code": target
        }
        return [Problem("responses", index, "target", message)]
    if value not in options[target]:
        message = _("“%(value)s” is not an option of the decision point “%(code)s”.") % {
            "value": value,
            "code": target,
        }
        return [Problem("responses", index, "value", message)]
    return []
