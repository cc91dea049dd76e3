from .runs import Run, RunAction, RunAlarm
from .scenarios import (
    ACTION_CHOICES,
    Action,
    ExpectedResponse,
    Scenario,
    ScenarioDecision,
    ScenarioEvent,
    ScenarioStep,
)

__all__ = [
    "ACTION_CHOICES",
    "Action",
    "ExpectedResponse",
    "Run",
    "RunAction",
    "RunAlarm",
    "Scenario",
    "ScenarioDecision",
    "ScenarioEvent",
    "ScenarioStep",
]
