"""A small scenario made in the database, for the admin and loader tests.

Tests import the fixtures into their module:
    from tests.certificates.conftest import framework  # noqa: F401
    from tests.simulations.scenario_fixtures import scenario  # noqa: F401
"""

from django.utils import timezone

import pytest

from simulations.models import (
    ExpectedResponse,
    Run,
    Scenario,
    ScenarioDecision,
    ScenarioEvent,
    ScenarioStep,
)

SETUP = {"zones": [{"name": "bsc"}]}
OPTIONS = [
    {"code": "stop", "en": "Stop", "nl": "Stoppen"},
    {"code": "go_on", "en": "Go on", "nl": "Doorgaan"},
]


def make_scenario(framework, slug: str = "tiny", **changes) -> Scenario:
    values = {
        "slug": slug,
        "title_en": "A small Grade A exercise",
        "title_nl": "Een kleine oefening in klasse A",
        "briefing_en": "Watch the cabinet.",
        "briefing_nl": "Houd de kast in de gaten.",
        "setting": Scenario.Setting.CLEANROOM,
        "duration_s": 600,
        "time_compression": 2.0,
        "setup": SETUP,
        "offered_actions": ["stop_process", "document_deviation"],
        **changes,
    }
    scenario = Scenario(**values)
    scenario.full_clean()
    scenario.save()
    ScenarioStep.objects.create(
        scenario=scenario, sort_order=0, starts_at_s=0, title_en="Set up", title_nl="Opzetten"
    )
    ScenarioEvent.objects.create(
        scenario=scenario, sort_order=0, code="touch", kind="intervention", at_s=120
    )
    ScenarioDecision.objects.create(
        scenario=scenario,
        sort_order=0,
        code="what_now",
        opens_at_s=300,
        prompt_en="What now?",
        prompt_nl="Wat nu?",
        options=OPTIONS,
    )
    ExpectedResponse.objects.create(
        scenario=scenario,
        sort_order=0,
        code="answer",
        action="answer",
        target="what_now",
        value="stop",
        trigger=ExpectedResponse.Trigger.DECISION,
        trigger_ref="what_now",
        competency=framework["C4"],
        level=2,
        explanation_en="Stop first.",
        explanation_nl="Eerst stoppen.",
        reference="EU GMP Annex 1 (2022) §9.30",
    )
    return scenario


def make_run(scenario: Scenario, trainee) -> Run:
    """A run row without playing it (what matters here is that the scenario has one)."""
    return Run.objects.create(
        scenario=scenario,
        trainee=trainee,
        seed=1,
        snapshot={},
        time_compression=scenario.time_compression,
        duration_s=scenario.duration_s,
        clock_anchor_at=timezone.now(),
    )


@pytest.fixture
def scenario(framework) -> Scenario:
    return make_scenario(framework)
