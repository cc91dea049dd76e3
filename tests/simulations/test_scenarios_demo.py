"""The demo student's finished runs: one passed, one failed, played through the engine, once."""

from django.core.management import CommandError, call_command

import pytest

from certificates.models import Evidence
from simulations import demo
from simulations.models import Run
from simulations.seed import load_scenarios, scenario_files
from tests.certificates.conftest import framework
from tests.factories import make_user

# Fixtures from other modules, named here so that pytest finds them in this module.
FIXTURES = (framework,)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def sam(framework):
    load_scenarios()
    return make_user("Student", email=demo.STUDENT, full_name="Sam Student")


def test_the_demo_student_has_a_passed_and_a_failed_run_to_debrief(sam):
    runs = demo.load()
    by_slug = {run.scenario.slug: run for run in runs}
    passed = by_slug["grade-a-open-manipulation"]
    failed = by_slug["gowning-qualification"]
    assert passed.status == failed.status == Run.Status.FINISHED
    assert (passed.passed, passed.score) == (True, 100)
    assert failed.passed is False
    c3 = next(c for c in failed.outcome["competencies"] if c["competency"] == "C3")
    assert c3["critical_failed"] == ["qualification"]
    assert passed.started_at < failed.started_at
    assert Evidence.objects.filter(person=sam, source_ref=f"run:{passed.public_id}").count() == 4
    assert not Evidence.objects.filter(person=sam, competency__code="C3").exists()


def test_loading_the_demo_twice_plays_nothing_twice(sam):
    first = demo.load()
    actions = sum(run.actions.count() for run in first)
    second = demo.load()
    assert [run.pk for run in second] == [run.pk for run in first]
    assert Run.objects.count() == 2
    assert sum(run.actions.count() for run in second) == actions


def test_without_lesson_pages_the_demo_runs_are_practice_runs(sam):
    assert {run.context for run in demo.load()} == {"practice"}


def test_the_command_says_what_to_load_first(framework):
    with pytest.raises(CommandError) as caught:
        call_command("load_simulation_demo")
    assert "load_demo" in str(caught.value)
    make_user("Student", email=demo.STUDENT)
    with pytest.raises(CommandError) as caught:
        call_command("load_simulation_demo")
    assert "load_scenarios" in str(caught.value)


def test_the_command_reports_the_runs(sam, capsys):
    call_command("load_simulation_demo")
    out = capsys.readouterr().out
    assert "grade-a-open-manipulation, 100.0 %, passed" in out
    assert "gowning-qualification" in out and "not passed" in out


def test_each_shipped_scenario_is_placed_in_one_demo_lesson_in_both_languages():
    from courses import demo as courses_demo

    placed = {}
    for module in courses_demo.MODULES:
        for lesson in module["lessons"]:
            chosen = {
                language: [
                    value["scenario"]
                    for block_type, value in lesson[language]["body"]
                    if block_type == "simulation"
                ]
                for language in ("nl", "en")
            }
            assert chosen["nl"] == chosen["en"], lesson["slug"]
            for slug in chosen["nl"]:
                placed.setdefault(slug, []).append(lesson["slug"]["nl"])
    assert sorted(placed) == sorted(path.stem for path in scenario_files())
    assert all(len(lessons) == 1 for lessons in placed.values()), placed
    assert {placed[run.scenario][0] for run in demo.RUNS} == {run.lesson_slug for run in demo.RUNS}
