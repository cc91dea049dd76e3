"""The Grade A test scenario that the simulation tests share, built in one place.

A Grade B room around a Grade A zone; two steps (set-up from 0 s, the open step from 300 s);
an operator's intervention at 300 s for 60 s that raises a particle action alarm in the zone
about a minute later; and a release question with the options yes and no. Runs play 20
simulated minutes at 10× unless a caller says otherwise. Callers add the expected responses
they test with `expect`.
"""

from certificates.models import Competency, ProficiencyLevel
from simulations.models import (
    ExpectedResponse,
    Scenario,
    ScenarioDecision,
    ScenarioEvent,
    ScenarioStep,
)

LEVELS = [
    ("Aware", "Bewust"),
    ("Supervised", "Onder toezicht"),
    ("Independent", "Zelfstandig"),
    ("Teaches others", "Leert anderen aan"),
]
COMPETENCIES = {
    "C4": ("Aseptic technique", "Aseptische techniek", "aseptic"),
    "C1": ("Deviations and documentation", "Afwijkingen en documentatie", "quality"),
}


def make_competencies() -> dict[str, Competency]:
    """The proficiency scale and the two competencies the scenario scores (C4 and C1)."""
    for value, (en, nl) in enumerate(LEVELS, start=1):
        ProficiencyLevel.objects.get_or_create(value=value, defaults={"name_en": en, "name_nl": nl})
    return {
        code: Competency.objects.get_or_create(
            code=code,
            defaults={
                "title_en": title_en,
                "title_nl": title_nl,
                "category": category,
                "validity_months": 12,
            },
        )[0]
        for code, (title_en, title_nl, category) in COMPETENCIES.items()
    }


def build_grade_a_scenario(
    *,
    slug: str,
    offered_actions: list[str],
    title: tuple[str, str] = ("Open manipulation in the cabinet", "Open handeling in de kast"),
    briefing: tuple[str, str] = ("Work in the cabinet.", "Werk in de kast."),
    instruction: tuple[str, str] = ("", ""),
    release_prompt: tuple[str, str] = ("Release the batch?", "De batch vrijgeven?"),
    release_opens_at_s: int = 600,
    **changes,
) -> Scenario:
    """The scenario without expected responses; `changes` override Scenario fields."""
    scenario = Scenario.objects.create(
        **{
            "slug": slug,
            "title_en": title[0],
            "title_nl": title[1],
            "briefing_en": briefing[0],
            "briefing_nl": briefing[1],
            "setting": Scenario.Setting.CLEANROOM,
            "duration_s": 1200,
            "time_compression": 10.0,
            "setup": {
                "rooms": [{"name": "room", "grade": "B", "people": 2}],
                "zones": [{"name": "zone", "room": "room"}],
            },
            "offered_actions": offered_actions,
            **changes,
        }
    )
    ScenarioStep.objects.create(
        scenario=scenario,
        starts_at_s=0,
        title_en="Set-up",
        title_nl="Opbouw",
        instruction_en=instruction[0],
        instruction_nl=instruction[1],
    )
    ScenarioStep.objects.create(
        scenario=scenario, starts_at_s=300, title_en="Open step", title_nl="Open stap"
    )
    ScenarioEvent.objects.create(
        scenario=scenario,
        code="reach",
        kind="intervention",
        at_s=300,
        duration_s=60,
        magnitude=5.0,
        note_en="An operator reached over the open vial.",
        note_nl="Een operator reikte over het open flesje.",
    )
    ScenarioDecision.objects.create(
        scenario=scenario,
        code="release",
        opens_at_s=release_opens_at_s,
        prompt_en=release_prompt[0],
        prompt_nl=release_prompt[1],
        options=[{"code": "yes", "en": "Yes", "nl": "Ja"}, {"code": "no", "en": "No", "nl": "Nee"}],
    )
    return scenario


def expect(
    scenario: Scenario,
    *,
    code: str,
    action: str,
    competency: Competency,
    reference: str,
    within_s: int | None = None,
    critical: bool = False,
    explanation: tuple[str, str] | None = None,
    **trigger,
) -> ExpectedResponse:
    """An expected response to the zone's particle action alarm, unless `trigger` names
    another (trigger, trigger_ref, target, value)."""
    explanation_en, explanation_nl = explanation or (
        f"Why {code} is expected.",
        f"Waarom {code} verwacht wordt.",
    )
    return ExpectedResponse.objects.create(
        scenario=scenario,
        code=code,
        action=action,
        trigger=trigger.pop("trigger", "alarm"),
        trigger_ref=trigger.pop("trigger_ref", "particles.action"),
        within_s=within_s,
        critical=critical,
        competency=competency,
        level=2,
        explanation_en=explanation_en,
        explanation_nl=explanation_nl,
        reference=reference,
        **trigger,
    )
