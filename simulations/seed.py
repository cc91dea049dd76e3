"""Scenario files (simulations/data/scenarios/*.yaml) into the database.

Each file holds one scenario: the fields of Scenario, and lists of its steps, events, decision
points and expected responses with their fields (a response names its competency by code).
Every file is checked before anything is written, through the models' full_clean and the
checks across parts (scenario_checks), and one mistake anywhere loads nothing; the error names
the file and the field. A scenario is matched to its row by slug: an unchanged file writes
nothing, a changed one replaces the scenario's values and parts, audited like an admin edit.
Runs already played keep their snapshot, so reloading never changes them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import yaml

from certificates.models import Competency

from .models import ExpectedResponse, Scenario, ScenarioDecision, ScenarioEvent, ScenarioStep
from .scenario_audit import CHILDREN, SCENARIO_FIELDS, audit_scenario_change, snapshot
from .scenario_checks import check_scenario

SCENARIO_DIR = Path(__file__).parent / "data" / "scenarios"
PARTS = {
    "steps": ScenarioStep,
    "events": ScenarioEvent,
    "decisions": ScenarioDecision,
    "responses": ExpectedResponse,
}
# Fields a file may leave out, as the model's default fills them.
OPTIONAL = {"active", "practice", "sort_order", "intervention_s", "step_s", "time_compression"}


class ScenarioFileError(ValueError):
    """One or more scenario files cannot be loaded; nothing was written."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass
class _Prepared:
    name: str
    scenario: Scenario
    parts: dict[str, list]
    existed: bool


def scenario_files() -> list[Path]:
    return sorted(SCENARIO_DIR.glob("*.yaml"))


def load_scenarios(paths: Iterable[Path | str] | None = None, *, actor=None) -> LoadResult:
    """Load the shipped scenario files, or `paths`; all or nothing (ScenarioFileError)."""
    files = [Path(path) for path in paths] if paths is not None else scenario_files()
    competencies = {c.code: c for c in Competency.objects.all()}
    prepared, problems = [], []
    for path in files:
        item, found = _prepare(path, competencies)
        problems += found
        if item is not None:
            prepared.append(item)
    problems += _duplicate_slugs(prepared)
    if problems:
        raise ScenarioFileError(problems)
    with transaction.atomic():
        return _write(prepared, actor)


def _duplicate_slugs(prepared: list[_Prepared]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for item in prepared:
        slug = item.scenario.slug
        if slug in seen:
            problems.append(
                _("%(file)s: slug: “%(slug)s” is also the slug of %(other)s.")
                % {"file": item.name, "slug": slug, "other": seen[slug]}
            )
        seen[slug] = item.name
    return problems


def _read(path: Path) -> tuple[dict | None, list[str]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return None, [
            _("%(file)s: cannot be read: %(error)s") % {"file": path.name, "error": error}
        ]
    if not isinstance(data, dict):
        return None, [_("%(file)s: must hold one scenario as a mapping.") % {"file": path.name}]
    return data, []


def _prepare(path: Path, competencies: dict) -> tuple[_Prepared | None, list[str]]:
    data, problems = _read(path)
    if data is None:
        return None, problems
    name = path.name
    known = {*SCENARIO_FIELDS, *PARTS}
    unknown = sorted(set(data) - known)
    if unknown:
        return None, [
            _("%(file)s: unknown fields: %(fields)s.")
            % {"file": name, "fields": ", ".join(unknown)}
        ]
    missing = sorted(set(SCENARIO_FIELDS) - OPTIONAL - set(data))
    if missing:
        return None, [
            _("%(file)s: missing fields: %(fields)s.")
            % {"file": name, "fields": ", ".join(missing)}
        ]
    existing = Scenario.objects.filter(slug=data["slug"]).first()
    scenario = existing or Scenario()
    for key in SCENARIO_FIELDS:
        if key in data:
            setattr(scenario, key, data[key])
        elif key in OPTIONAL and existing is not None:
            setattr(scenario, key, Scenario._meta.get_field(key).get_default())
    problems += _validate(name, "", scenario, exclude=[])
    parts = {}
    for part, model in PARTS.items():
        rows = data.get(part) or []
        if not isinstance(rows, list):
            problems.append(_("%(file)s: %(part)s: must be a list.") % {"file": name, "part": part})
            rows = []
        parts[part] = [
            _child(name, part, index, model, row, competencies, problems)
            for index, row in enumerate(rows)
        ]
    problems += _cross_checks(name, data, parts)
    item = _Prepared(name, scenario, parts, existing is not None)
    return item, problems


def _child(name, part, index, model, row, competencies, problems):
    where = f"{part}[{index}]"
    if not isinstance(row, dict):
        problems.append(
            _("%(file)s: %(where)s: must be a mapping.") % {"file": name, "where": where}
        )
        return model()
    values = dict(row)
    allowed = set(CHILDREN[part]) | ({"competency"} if model is ExpectedResponse else set())
    unknown = sorted(set(values) - allowed)
    if unknown:
        problems.append(
            _("%(file)s: %(where)s: unknown fields: %(fields)s.")
            % {"file": name, "where": where, "fields": ", ".join(unknown)}
        )
        return model()
    if model is ExpectedResponse:
        code = values.pop("competency", None)
        if code not in competencies:
            problems.append(
                _("%(file)s: %(where)s.competency: no competency has the code “%(code)s”.")
                % {"file": name, "where": where, "code": code}
            )
            return model()
        values["competency"] = competencies[code]
    instance = model(sort_order=index, **values)
    problems += _validate(name, where, instance, exclude=["scenario"])
    return instance


def _validate(name: str, where: str, instance, *, exclude: list[str]) -> list[str]:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = []
        for key, messages in error.message_dict.items():
            place = ".".join(p for p in (where, "" if key == "__all__" else key) if p)
            problems.append(
                _("%(file)s: %(field)s: %(message)s")
                % {"file": name, "field": place or "scenario", "message": " ".join(messages)}
            )
        return problems
    return []


def _cross_checks(name: str, data: dict, parts: dict[str, list]) -> list[str]:
    rows = {
        part: [{key: getattr(item, key, None) for key in CHILDREN[part]} for item in items]
        for part, items in parts.items()
    }
    found = check_scenario(
        duration_s=data.get("duration_s"),
        offered_actions=data.get("offered_actions") or [],
        **rows,
    )
    return [
        _("%(file)s: %(field)s: %(message)s")
        % {
            "file": name,
            "field": f"{problem.part}[{problem.index}].{problem.field}"
            if problem.index is not None
            else problem.field,
            "message": problem.message,
        }
        for problem in found
    ]


def _write(prepared: list[_Prepared], actor) -> LoadResult:
    result = LoadResult()
    for item in prepared:
        scenario = item.scenario
        old = snapshot(Scenario.objects.get(pk=scenario.pk)) if item.existed else None
        for part, children in item.parts.items():
            setattr(scenario, part, children)
        new = snapshot(scenario)
        if old == new:
            result.unchanged.append(scenario.slug)
            continue
        scenario.save()
        audit_scenario_change(actor=actor, scenario=scenario, old=old, new=snapshot(scenario))
        (result.changed if item.existed else result.created).append(scenario.slug)
    return result
