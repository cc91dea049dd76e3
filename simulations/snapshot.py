"""A scenario frozen as a run plays it: plain JSON, random event times already drawn.

The run scores and replays from this copy alone, so editing or extending a scenario later
changes no run that has started. Events with a time window get their time from the run's seed
(a stream of its own, apart from the simulators'), so a replay draws the same times.
"""

import numpy as np

from .models import Scenario

FORMAT = 1
# A stream key apart from the simulators' per-channel streams.
_EVENT_TIMES_STREAM = 0x5CE7


def take_snapshot(scenario: Scenario, seed: int) -> dict:
    rng = np.random.default_rng([seed, _EVENT_TIMES_STREAM])
    return {
        "format": FORMAT,
        "scenario": {
            "id": scenario.pk,
            "slug": scenario.slug,
            "title_en": scenario.title_en,
            "title_nl": scenario.title_nl,
        },
        "setting": scenario.setting,
        "profile": scenario.profile_code,
        "duration_s": scenario.duration_s,
        "time_compression": scenario.time_compression,
        "step_s": scenario.step_s,
        "pass_mark": scenario.pass_mark,
        "offered_actions": list(scenario.offered_actions),
        "setup": scenario.setup,
        "intervention_s": scenario.intervention_s,
        "steps": [
            {
                "starts_at_s": step.starts_at_s,
                "title_en": step.title_en,
                "title_nl": step.title_nl,
                "instruction_en": step.instruction_en,
                "instruction_nl": step.instruction_nl,
            }
            for step in sorted(
                scenario.steps.all(), key=lambda s: (s.starts_at_s, s.sort_order or 0)
            )
        ],
        "events": sorted(
            (_event(event, rng) for event in scenario.events.all()), key=lambda e: e["at_s"]
        ),
        "decisions": [
            {
                "code": decision.code,
                "opens_at_s": decision.opens_at_s,
                "prompt_en": decision.prompt_en,
                "prompt_nl": decision.prompt_nl,
                "options": decision.options,
            }
            for decision in scenario.decisions.all()
        ],
        "responses": [
            {
                "code": response.code,
                "action": response.action,
                "target": response.target,
                "value": response.value,
                "trigger": response.trigger,
                "trigger_ref": response.trigger_ref,
                "trigger_channel": response.trigger_channel,
                "within_s": response.within_s,
                "competency": response.competency.code,
                "level": response.level,
                "points": response.points,
                "critical": response.critical,
                "explanation_en": response.explanation_en,
                "explanation_nl": response.explanation_nl,
                "reference": response.reference,
            }
            for response in scenario.responses.select_related("competency")
        ],
    }


def _event(event, rng: np.random.Generator) -> dict:
    at = event.at_s
    if event.latest_s is not None and event.latest_s > event.at_s:
        # Drawn in the events' stored order, so the same seed gives each event the same time.
        at = int(rng.integers(event.at_s, event.latest_s, endpoint=True))
    return {
        "code": event.code,
        "kind": event.kind,
        "at_s": at,
        "duration_s": event.duration_s,
        "magnitude": event.magnitude,
        "target": event.target,
        "note_en": event.note_en,
        "note_nl": event.note_nl,
    }
