"""What the audit trail keeps of a change to a scenario.

Both writers of scenarios, the admin (wagtail_hooks) and the loader (seed), record their
changes here, so that an event reads the same whichever way the change was made: the
scenario's values before and after, its steps, events, decision points and expected responses
included. The loader also compares these snapshots to tell an unchanged file from a change.
"""

from atmp_platform.audit.services import record_event

from .models import Scenario

SCENARIO_FIELDS = [
    "slug",
    "title_en",
    "title_nl",
    "briefing_en",
    "briefing_nl",
    "setting",
    "profile_code",
    "duration_s",
    "time_compression",
    "step_s",
    "setup",
    "intervention_s",
    "offered_actions",
    "pass_mark",
    "active",
    "practice",
    "sort_order",
]
STEP_FIELDS = ["starts_at_s", "title_en", "title_nl", "instruction_en", "instruction_nl"]
EVENT_FIELDS = [
    "code",
    "kind",
    "at_s",
    "latest_s",
    "duration_s",
    "magnitude",
    "target",
    "note_en",
    "note_nl",
]
DECISION_FIELDS = ["code", "opens_at_s", "prompt_en", "prompt_nl", "options"]
RESPONSE_FIELDS = [
    "code",
    "action",
    "target",
    "value",
    "trigger",
    "trigger_ref",
    "trigger_channel",
    "within_s",
    "level",
    "points",
    "critical",
    "explanation_en",
    "explanation_nl",
    "reference",
]
CHILDREN = {
    "steps": STEP_FIELDS,
    "events": EVENT_FIELDS,
    "decisions": DECISION_FIELDS,
    "responses": RESPONSE_FIELDS,
}


def _values(instance, names: list[str]) -> dict:
    return {name: getattr(instance, name) for name in names}


def _children(items, names: list[str]) -> list[dict]:
    ordered = sorted(items, key=lambda item: (item.sort_order or 0, item.pk or 0))
    rows = []
    for item in ordered:
        row = _values(item, names)
        if hasattr(item, "competency_id"):
            row["competency"] = item.competency.code if item.competency_id else None
        rows.append(row)
    return rows


def snapshot(scenario: Scenario) -> dict:
    """The audited values of a scenario and of everything it holds, as plain JSON."""
    values = _values(scenario, SCENARIO_FIELDS)
    for relation, names in CHILDREN.items():
        values[relation] = _children(getattr(scenario, relation).all(), names)
    return values


def audit_scenario_change(
    *, actor, scenario: Scenario, old: dict | None, new: dict | None, reason: str = ""
) -> None:
    """Record a create (old None), change or delete (new None; call it before deleting, while
    the scenario still has its key). An unchanged save is not recorded."""
    if old == new:
        return
    if old is None:
        verb = "created"
    elif new is None:
        verb = "deleted"
    else:
        verb = "changed"
    record_event(
        action=f"simulation.scenario_{verb}",
        actor=actor,
        target=scenario,
        old_value=old,
        new_value=new,
        reason=reason,
    )
