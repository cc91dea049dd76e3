"""The run state machine: the server's clock, its data up to now only, validated actions,
pause and resume, the end, scoring and evidence, and replay."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

import pytest

from certificates.models import Evidence
from simulations import engine, results, series
from simulations.models import (
    Run,
    RunAlarm,
)
from tests.factories import make_user

from .grade_a import build_grade_a_scenario, expect, make_competencies

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

T0 = timezone.now().replace(microsecond=0)


def at(seconds: float):
    """The wall-clock time at which a run started at T0 with compression 10 has simulated
    `seconds`."""
    return T0 + timedelta(seconds=seconds / 10)


@pytest.fixture
def competency():
    return make_competencies()["C4"]


@pytest.fixture
def scenario(competency):
    scenario = build_grade_a_scenario(
        slug="bsc-test",
        title=("Open manipulation", "Open handeling"),
        release_prompt=("Release?", "Vrijgeven?"),
        offered_actions=[
            "stop_process",
            "document_deviation",
            "escalate_qa",
            "sanitise",
            "start_intervention",
            "abort_intervention",
            "extra_sample",
        ],
    )
    common = {
        "competency": competency,
        "explanation": ("Why.", "Waarom."),
        "reference": "EU GMP Annex 1 Table 5",
    }
    expect(scenario, code="ack", action="acknowledge", within_s=120, critical=True, **common)
    expect(scenario, code="stop", action="stop_process", within_s=180, critical=True, **common)
    expect(
        scenario,
        code="answer",
        action="answer",
        target="release",
        value="no",
        trigger="decision",
        trigger_ref="release",
        **common,
    )
    return scenario


@pytest.fixture
def trainee():
    return make_user(role="Student")


@pytest.fixture
def run(scenario, trainee):
    return engine.start_run(scenario=scenario, trainee=trainee, seed=42, now=T0)


def _first_action_alarm(run, until_s):
    state = engine.state(run=run, now=at(until_s))
    return next(a for a in state["alarms"] if a["rule"] == "particles.action")


def test_the_clock_runs_with_the_compression_and_stops_at_the_end(run):
    assert engine.sim_time(run, at(100)) == pytest.approx(100)
    assert engine.sim_time(run, at(5000)) == 1200


def test_the_browser_never_receives_data_from_the_future(run):
    state = engine.state(run=run, now=at(250))
    assert state["now_s"] == pytest.approx(250)
    for channel in state["channels"].values():
        assert all(t <= 250 for t in channel["t"])
    assert all(alarm["at_s"] <= 250 for alarm in state["alarms"])
    later = engine.state(run=run, since_s=250, now=at(400))
    for channel in later["channels"].values():
        assert all(250 < t <= 400 for t in channel["t"])


def test_the_intervention_raises_a_grade_a_particle_action_alarm(run):
    alarm = _first_action_alarm(run, 500)
    assert 300 <= alarm["at_s"] <= 420
    assert alarm["channel"].startswith("zone.particles")
    assert "Annex 1" in alarm["reference"]
    assert RunAlarm.objects.filter(run=run, key=alarm["key"]).exists()


def test_a_correct_response_scores_full_marks_and_records_evidence(run, trainee, competency):
    alarm = _first_action_alarm(run, 420)
    engine.act(run=run, actor=trainee, kind="acknowledge", target=alarm["key"], now=at(430))
    engine.act(run=run, actor=trainee, kind="stop_process", now=at(440))
    engine.act(run=run, actor=trainee, kind="answer", target="release", value="no", now=at(700))
    assert engine.finish_if_due(run=run, now=at(1300))
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED and run.ended_at_s == 1200
    assert float(run.score) == 100.0 and run.passed
    evidence = Evidence.objects.get(person=trainee, competency=competency)
    assert evidence.source == Evidence.Source.SIMULATION
    assert evidence.verification == Evidence.Verification.SERVER
    assert evidence.source_ref == f"run:{run.public_id}"
    assert evidence.level == 2


def test_ignoring_the_action_excursion_fails_the_competency(run, trainee, competency):
    engine.act(run=run, actor=trainee, kind="answer", target="release", value="no", now=at(700))
    engine.end(run=run, actor=trainee, now=at(800))
    run.refresh_from_db()
    assert run.ended_early and run.ended_at_s == pytest.approx(800)
    assert run.passed is False
    assert {r["code"]: r["status"] for r in run.outcome["responses"]} == {
        "ack": "missed",
        "stop": "missed",
        "answer": "met",
    }
    assert not Evidence.objects.filter(person=trainee).exists()


def test_replay_reproduces_the_run(run, trainee):
    alarm = _first_action_alarm(run, 420)
    engine.act(run=run, actor=trainee, kind="acknowledge", target=alarm["key"], now=at(430))
    engine.act(run=run, actor=trainee, kind="stop_process", now=at(560))
    engine.end(run=run, actor=trainee, now=at(900))
    run.refresh_from_db()
    series._cache.clear()
    assert results.outcome_of(run).as_dict() == run.outcome
    first = engine.state(run=run, now=at(900), deliver=False)
    series._cache.clear()
    again = engine.state(run=run, now=at(900), deliver=False)
    assert first["channels"] == again["channels"]


def test_an_action_never_changes_the_past(run, trainee):
    before = engine.state(run=run, now=at(600), deliver=False)
    engine.act(run=run, actor=trainee, kind="stop_process", now=at(600))
    after = engine.state(run=run, now=at(600), deliver=False)
    assert before["channels"] == after["channels"]


def test_someone_else_cannot_act_in_the_run(run):
    intruder = make_user(role="Student")
    with pytest.raises(PermissionDenied):
        engine.act(run=run, actor=intruder, kind="stop_process", now=at(100))
    assert not run.actions.exists()


def test_acting_after_the_end_is_refused(run, trainee):
    with translation.override("en"), pytest.raises(engine.RunError, match="ended"):
        engine.act(run=run, actor=trainee, kind="stop_process", now=at(1300))
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED
    assert not run.actions.exists()


@pytest.mark.parametrize(
    ("kind", "kwargs", "message"),
    [
        ("teleport", {}, "not an action"),
        ("quarantine", {}, "does not offer"),
        ("document_deviation", {"reason": "short"}, "at least"),
        ("acknowledge", {"target": "nothing|here|1"}, "no such alarm"),
        ("answer", {"target": "release", "value": "yes"}, "no such question"),
        ("abort_intervention", {}, "No intervention"),
        ("extra_sample", {"target": "kitchen.particles_0_5"}, "sampling point"),
    ],
)
def test_invalid_actions_are_refused_and_change_nothing(run, trainee, kind, kwargs, message):
    from django.utils import translation

    with translation.override("en"), pytest.raises(engine.RunError, match=message):
        engine.act(run=run, actor=trainee, kind=kind, now=at(100), **kwargs)
    run.refresh_from_db()
    assert run.version == 0 and not run.actions.exists()


def test_an_alarm_cannot_be_acknowledged_twice(run, trainee):
    alarm = _first_action_alarm(run, 480)
    engine.act(run=run, actor=trainee, kind="acknowledge", target=alarm["key"], now=at(490))
    with pytest.raises(engine.RunError):
        engine.act(run=run, actor=trainee, kind="acknowledge", target=alarm["key"], now=at(495))
    assert run.actions.count() == 1


def test_pause_stops_the_clock_and_refuses_actions_until_resumed(run, trainee):
    engine.pause(run=run, actor=trainee, now=at(100))
    run.refresh_from_db()
    assert engine.sim_time(run, at(900)) == pytest.approx(100)
    with translation.override("en"), pytest.raises(engine.RunError, match="paused"):
        engine.act(run=run, actor=trainee, kind="stop_process", now=at(200))
    engine.resume(run=run, actor=trainee, now=at(900))
    run.refresh_from_db()
    assert engine.sim_time(run, at(1000)) == pytest.approx(200)
    engine.act(run=run, actor=trainee, kind="stop_process", now=at(1000))
    assert run.actions.get().at_s == pytest.approx(200)


def test_the_state_shows_the_current_step_and_open_questions(run):
    early = engine.state(run=run, now=at(100), deliver=False)
    assert early["step"]["title"] in ("Set-up", "Opbouw") and early["decisions"] == []
    later = engine.state(run=run, now=at(650), deliver=False)
    assert later["decisions"][0]["code"] == "release"
    assert later["step"]["starts_at_s"] == 300


def test_a_run_left_alone_is_ended_and_scored_by_the_housekeeping(run):
    from simulations.housekeeping import finish_due_runs

    assert finish_due_runs(now=at(600)) == 0
    assert finish_due_runs(now=at(1300)) == 1
    run.refresh_from_db()
    assert run.status == Run.Status.FINISHED and run.passed is False
    assert finish_due_runs(now=at(1400)) == 0


def test_every_event_kind_of_the_simulators_can_be_chosen_in_a_scenario():
    from simulations.models.events import EVENT_CHOICES
    from simulations.monitors import EVENT_KINDS

    assert {code for code, _label in EVENT_CHOICES} == set(EVENT_KINDS)


def test_aborting_an_intervention_ends_it_in_the_zones_without_stopping_the_room(run, trainee):
    engine.act(run=run, actor=trainee, kind="start_intervention", now=at(100))
    engine.act(run=run, actor=trainee, kind="abort_intervention", now=at(120))
    events = series.events_for(run.snapshot, list(run.actions.order_by("seq")))
    by_time = [(e.at_s, e.kind, e.target) for e in events if e.at_s < 300]
    assert by_time == [(100.0, "intervention", ""), (120.0, "stop_process", "zone")]


def test_a_door_opening_does_not_raise_a_pressure_alarm_but_a_failed_interlock_does():
    from simulations.monitors import Event, simulate
    from simulations.regulatory import DEFAULT_PROFILE
    from simulations.setup import build_config

    config = build_config({"rooms": [{"name": "room", "grade": "B"}]})
    door = simulate(
        config, events=[Event(at_s=100, kind="door_open", duration_s=8)], seed=3, duration_s=600
    )
    failure = simulate(
        config,
        events=[Event(at_s=100, kind="interlock_failure", duration_s=300)],
        seed=3,
        duration_s=600,
    )

    def pressure_alarms(result):
        channel = result["room.dp_pa"]
        rule = series.rule_for_channel(channel, DEFAULT_PROFILE, {})
        return [
            alarm
            for alarm in series.alarm_rules.evaluate(
                channel=channel.name, times_s=channel.times_s, values=channel.values, rule=rule
            )
            if alarm.rule == "pressure.below_guidance"
        ]

    assert pressure_alarms(door) == []
    assert pressure_alarms(failure)


def test_the_beat_ends_runs_left_alone_every_minute():
    from django_celery_beat.models import PeriodicTask

    from simulations.tasks import finish_due_runs

    entry = PeriodicTask.objects.get(task="simulations.tasks.finish_due_runs")
    assert entry.enabled
    assert (entry.interval.every, entry.interval.period) == (1, "minutes")
    assert finish_due_runs.name == entry.task
