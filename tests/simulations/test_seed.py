"""The scenario loader: the shipped files load, a second load writes nothing, a changed file
updates its scenario by slug (audited), and a mistake anywhere loads nothing and names the file
and the field."""

from pathlib import Path

from django.core.management import CommandError, call_command

import pytest
import yaml

from atmp_platform.audit.models import AuditEvent
from simulations.models import Scenario
from simulations.seed import SCENARIO_DIR, ScenarioFileError, load_scenarios, scenario_files
from tests.certificates.conftest import framework

from .scenario_fixtures import make_run

# Fixtures from other modules, named here so that pytest finds them in this module.
FIXTURES = (framework,)

pytestmark = pytest.mark.django_db

SHIPPED = [
    "car-t-expansion",
    "em-weekly-trend-review",
    "gowning-qualification",
    "grade-a-open-manipulation",
    "ln2-storage-coi",
]
GRADE_A = SCENARIO_DIR / "grade-a-open-manipulation.yaml"


def _copy(tmp_path: Path, source: Path = GRADE_A, name: str | None = None, **changes) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.update(changes)
    target = tmp_path / (name or source.name)
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_the_five_shipped_scenarios_load_with_their_parts(framework):
    assert [path.stem for path in scenario_files()] == SHIPPED
    result = load_scenarios()
    assert sorted(result.created) == SHIPPED
    scenario = Scenario.objects.get(slug="grade-a-open-manipulation")
    assert scenario.events.get().latest_s == 900
    assert scenario.responses.filter(critical=True, competency__code="C4").count() == 2
    assert {d.code for d in scenario.decisions.all()} == {"root_cause", "exposed_product"}
    for scenario in Scenario.objects.all():
        assert scenario.title_nl and scenario.briefing_nl, scenario.slug
        assert all(r.explanation_nl and r.reference for r in scenario.responses.all())
    assert AuditEvent.objects.filter(action="simulation.scenario_created").count() == 5


def test_every_shipped_run_takes_five_to_fifteen_real_minutes(framework):
    load_scenarios()
    for scenario in Scenario.objects.all():
        minutes = scenario.duration_s / scenario.time_compression / 60
        assert 5 <= minutes <= 15, (scenario.slug, minutes)


def test_a_second_load_writes_nothing(framework):
    load_scenarios()
    before = AuditEvent.objects.count()
    ids = {s.slug: [r.pk for r in s.responses.all()] for s in Scenario.objects.all()}
    result = load_scenarios()
    assert sorted(result.unchanged) == SHIPPED
    assert not result.created and not result.changed
    assert AuditEvent.objects.count() == before
    assert ids == {s.slug: [r.pk for r in s.responses.all()] for s in Scenario.objects.all()}


def test_a_changed_file_updates_its_scenario_by_slug_and_is_audited(framework, tmp_path):
    load_scenarios([GRADE_A])
    scenario = Scenario.objects.get(slug="grade-a-open-manipulation")
    changed = _copy(tmp_path, title_en="Grade A: revised", pass_mark=80)
    result = load_scenarios([changed])
    assert result.changed == ["grade-a-open-manipulation"]
    scenario.refresh_from_db()
    assert (scenario.title_en, scenario.pass_mark) == ("Grade A: revised", 80)
    assert Scenario.objects.count() == 1
    event = AuditEvent.objects.get(action="simulation.scenario_changed")
    assert event.old_value["title_en"].startswith("Grade A: open manipulation")
    assert event.new_value["title_en"] == "Grade A: revised"


def test_a_reload_leaves_a_played_run_as_it_was(framework, tmp_path, student):
    load_scenarios([GRADE_A])
    scenario = Scenario.objects.get(slug="grade-a-open-manipulation")
    run = make_run(scenario, student)
    load_scenarios([_copy(tmp_path, duration_s=1800)])
    run.refresh_from_db()
    assert run.duration_s == 2400
    assert run.scenario_id == scenario.pk


def _problems(paths) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        load_scenarios(paths)
    return caught.value.problems


def test_a_mistake_in_one_file_loads_no_file(framework, tmp_path):
    good = _copy(tmp_path, name="good.yaml", slug="good-one")
    bad = _copy(tmp_path, name="bad.yaml", slug="bad-one", duration_s=10)
    problems = _problems([good, bad])
    assert any(p.startswith("bad.yaml: duration_s:") for p in problems), problems
    assert not Scenario.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="simulation.").exists()


def test_a_setup_the_simulators_refuse_is_named_by_file_and_field(framework, tmp_path):
    path = _copy(tmp_path, setup={"zones": [{"name": "bsc", "decay_s": 0}]})
    problems = _problems([path])
    assert len(problems) == 1
    assert problems[0].startswith("grade-a-open-manipulation.yaml: setup:")
    assert "ZoneConfig.decay_s must be a number from 0.5 to 600 s" in problems[0]


def test_a_response_with_an_unknown_competency_or_event_is_named_by_its_row(framework, tmp_path):
    data = yaml.safe_load(GRADE_A.read_text(encoding="utf-8"))
    responses = data["responses"]
    responses[0]["competency"] = "C99"
    responses[1]["trigger"] = "event"
    responses[1]["trigger_ref"] = "no_such_event"
    path = _copy(tmp_path, responses=responses)
    problems = _problems([path])
    assert any("responses[0].competency" in p and "C99" in p for p in problems), problems
    assert any("responses[1].trigger_ref" in p and "no_such_event" in p for p in problems)


def test_unknown_and_missing_fields_are_refused(framework, tmp_path):
    data = yaml.safe_load(GRADE_A.read_text(encoding="utf-8"))
    del data["duration_s"]
    missing = tmp_path / "missing.yaml"
    missing.write_text(yaml.safe_dump(data), encoding="utf-8")
    typo = _copy(tmp_path, name="typo.yaml", slug="typo", duraton_s=100)
    problems = _problems([missing, typo])
    assert any(p.startswith("missing.yaml") and "duration_s" in p for p in problems)
    assert any(p.startswith("typo.yaml") and "duraton_s" in p for p in problems)


def test_a_file_that_is_not_yaml_is_refused(framework, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed", encoding="utf-8")
    problems = _problems([path])
    assert problems[0].startswith("broken.yaml:")


def test_two_files_with_one_slug_are_refused(framework, tmp_path):
    first = _copy(tmp_path, name="first.yaml")
    second = _copy(tmp_path, name="second.yaml")
    problems = _problems([first, second])
    assert any(p.startswith("second.yaml: slug:") and "first.yaml" in p for p in problems)


def test_the_command_loads_and_reports(framework, capsys):
    call_command("load_scenarios")
    assert "Scenarios created:" in capsys.readouterr().out
    call_command("load_scenarios")
    assert "Scenarios unchanged:" in capsys.readouterr().out


def test_the_command_names_the_problems_and_loads_nothing(framework, tmp_path):
    bad = _copy(tmp_path, duration_s=10)
    with pytest.raises(CommandError) as caught:
        call_command("load_scenarios", str(bad))
    assert "grade-a-open-manipulation.yaml: duration_s:" in str(caught.value)
    assert not Scenario.objects.exists()
