"""A quick copy of the demo's Grade A scenario, for the student's keyboard-only run.

The demo's scenarios each take about ten real minutes, and the first alarm of the quickest
comes after two and a half: longer than a journey may take. This copy keeps everything the
Grade A scenario has (room, cabinet, limits, offered actions, questions, expected responses and
their competencies) and moves the colleague's intervention, the steps and the questions into
the first simulated minutes, played at 20×: the action alarm arrives a few real seconds after
the start and the questions a few seconds later. The scenario goes through the shipped loader,
so it is checked as any scenario file is.

Called by tests/journeys/prepare.py inside its Django process.
"""

import tempfile
from pathlib import Path

import yaml

SOURCE = "grade-a-open-manipulation.yaml"
SLUG = "journeys-grade-a-quick"
SUFFIX = {"en": " (quick run)", "nl": " (snelle run)"}
# Simulated seconds: the intervention starts at 45 s, lasts a minute, and the counter's 1-minute
# sample ending at 60 s raises the action alarm; the questions open at 180 s (nine real seconds).
QUICK = {"time_compression": 20, "duration_s": 1200}
STEP_STARTS = [0, 30, 180]
EVENT = {"at_s": 45, "latest_s": 45, "duration_s": 60}
QUESTIONS_OPEN_S = 180


def quick_definition(definition: dict) -> dict:
    """The demo scenario's `definition` (its YAML, read) with the quick timings."""
    quick = {**definition, **QUICK, "slug": SLUG, "sort_order": 0}
    for lang, suffix in SUFFIX.items():
        quick[f"title_{lang}"] = definition[f"title_{lang}"] + suffix
    quick["steps"] = [
        {**step, "starts_at_s": start}
        for step, start in zip(definition["steps"], STEP_STARTS, strict=True)
    ]
    quick["events"] = [{**event, **EVENT} for event in definition["events"]]
    quick["decisions"] = [
        {**decision, "opens_at_s": QUESTIONS_OPEN_S} for decision in definition["decisions"]
    ]
    return quick


def add_quick_scenario() -> dict:
    """Load the quick scenario; what a journey needs to find it (its titles per language)."""
    from simulations.seed import load_scenarios, scenario_files

    source = next(path for path in scenario_files() if path.name == SOURCE)
    quick = quick_definition(yaml.safe_load(source.read_text()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{SLUG}.yaml"
        path.write_text(yaml.safe_dump(quick, allow_unicode=True, sort_keys=False))
        load_scenarios([path])
    return {"slug": SLUG, "title": {lang: quick[f"title_{lang}"] for lang in SUFFIX}}
