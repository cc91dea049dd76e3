"""The debrief of a run: the timeline in simulated time, what the trainee saw, did and missed,
the score per competency with its reasons and references, in both languages; and the charts'
data, never later than the time asked for."""

import math

from django.utils import translation

import numpy as np
import pytest

from simulations import debrief, debrief_charts, engine
from simulations.models import RunAlarm
from simulations.places import clock
from tests.factories import make_user

from .debrief_fixtures import (
    ACK_REFERENCE,
    ANSWER_REFERENCE,
    DEVIATION_REFERENCE,
    STOP_REFERENCE,
    T0,
    at,
    first_action_alarm,
    make_grade_a_scenario,
    play_correct_run,
    play_mixed_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return make_grade_a_scenario()


@pytest.fixture
def trainee():
    return make_user(role="Student", full_name="Tina Trainee")


@pytest.fixture
def mixed_run(scenario, trainee):
    return play_mixed_run(scenario, trainee)


def _english(run, **kwargs):
    with translation.override("en"):
        return debrief.build(run, **kwargs)


def test_each_expected_response_says_met_late_or_missed_with_its_times_and_reference(mixed_run):
    alarm_at = first_action_alarm(mixed_run)["at_s"]
    result = {r.code: r for r in _english(mixed_run).responses}

    assert {code: r.status for code, r in result.items()} == {
        "ack": "met",
        "stop": "late",
        "deviation": "missed",
        "answer": "met",
    }
    ack, stop, deviation = result["ack"], result["stop"], result["deviation"]
    assert ack.trigger_at_s == alarm_at and ack.action_at_s == pytest.approx(430)
    assert ack.summary == (
        f"Done at 00:07:10, {debrief.span(430 - alarm_at)} after {clock(alarm_at, None)} "
        f"(in time: by {clock(alarm_at + 120, None)})."
    )
    assert stop.status_label == "Late" and stop.earned == 0
    assert f"later than {clock(alarm_at + 180, None)}" in stop.summary
    assert deviation.summary == (
        f"Expected from {clock(alarm_at, None)} until {clock(alarm_at + 600, None)}; not done."
    )
    assert (ack.reference, stop.reference, deviation.reference) == (
        ACK_REFERENCE,
        STOP_REFERENCE,
        DEVIATION_REFERENCE,
    )
    assert result["answer"].explanation.startswith("An excursion during an open step")


def test_each_competency_has_its_points_level_result_and_reasons(mixed_run):
    lines = {line.code: line for line in _english(mixed_run).competencies}

    aseptic, quality = lines["C4"], lines["C1"]
    assert (aseptic.title, aseptic.level, aseptic.level_name) == (
        "Aseptic technique",
        2,
        "Supervised",
    )
    assert (aseptic.earned, aseptic.possible, aseptic.percent, aseptic.passed) == (
        1,
        2,
        50.0,
        False,
    )
    assert [r.code for r in aseptic.responses] == ["ack", "stop"]
    assert aseptic.critical_missed == []
    assert (quality.earned, quality.possible, quality.passed) == (1, 2, False)


def test_a_missed_critical_response_is_named_as_the_reason_a_competency_failed(scenario, trainee):
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42, now=T0)
    engine.end(run=run, actor=trainee, now=at(700))
    run.refresh_from_db()

    aseptic = next(line for line in _english(run).competencies if line.code == "C4")

    assert not aseptic.passed
    assert [r.code for r in aseptic.critical_missed] == ["ack"]


def test_a_correct_run_passes_every_competency(scenario, trainee):
    result = _english(play_correct_run(scenario, trainee))

    assert result.passed and result.score == 100.0
    assert all(line.passed for line in result.competencies)
    assert {r.status for r in result.responses} == {"met"}


def test_the_timeline_merges_steps_events_alarms_actions_and_deadlines_in_simulated_time(
    mixed_run,
):
    timeline = _english(mixed_run).timeline

    assert [m.at_s for m in timeline] == sorted(m.at_s for m in timeline)
    kinds = {m.kind for m in timeline}
    assert kinds == {"step", "event", "decision", "alarm", "trigger", "action", "deadline", "end"}
    event = next(m for m in timeline if m.kind == "event")
    assert (event.at_s, event.title) == (300.0, "Operator intervention")
    assert event.detail == "An operator reached over the open vial."
    alarm_at = first_action_alarm(mixed_run)["at_s"]
    same_time = [m.kind for m in timeline if m.at_s == alarm_at]
    assert same_time.index("alarm") < same_time.index("trigger")
    stop = next(m for m in timeline if m.kind == "action" and m.title == "Stop the process")
    deadline = next(m for m in timeline if m.kind == "deadline" and "Stop" in m.title)
    assert deadline.at_s < stop.at_s and deadline.status == "late"
    assert timeline[-1].kind == "end" and timeline[-1].clock == "00:20:00"


def test_actions_name_what_they_acted_on(mixed_run):
    actions = [m for m in _english(mixed_run).timeline if m.kind == "action"]

    assert actions[0].detail == "Action limit exceeded · Particles ≥0.5 µm · zone"
    assert actions[-1].detail == "No"


def test_a_deviation_shows_its_reason(scenario, trainee):
    run = play_correct_run(scenario, trainee)

    deviation = next(
        m
        for m in _english(run).timeline
        if m.title == "Document a deviation" and m.kind == "action"
    )

    assert "Particle action excursion in the cabinet" in deviation.detail


def test_the_alarms_say_whether_and_when_the_trainee_saw_them(mixed_run):
    delivered = RunAlarm.objects.filter(run=mixed_run)
    assert delivered.exists()
    RunAlarm.objects.filter(run=mixed_run, rule="particles.5um.single_count").delete()

    alarms = _english(mixed_run).alarms
    action = next(a for a in alarms if a.rule == "particles.action")
    single = next(a for a in alarms if a.rule == "particles.5um.single_count")

    assert action.seen and action.seen_at is not None
    assert action.acknowledged_at_s == pytest.approx(430)
    assert "Annex 1" in action.reference and action.reference in _english(mixed_run).references
    assert not single.seen and single.acknowledged_at_s is None
    moment = next(m for m in _english(mixed_run).timeline if m.title.startswith("Alert"))
    assert "Not received on the trainee's screen." in moment.detail


def test_an_alarm_gives_its_reading_and_limit_with_the_unit(mixed_run):
    action = next(a for a in _english(mixed_run).alarms if a.rule == "particles.action")

    assert action.unit == "particles/m³"
    with translation.override("en"):
        assert action.limit_text == "3,520 particles/m³"
    with translation.override("nl"):
        assert action.limit_text == "3.520 particles/m³"
    assert action.reading.endswith("particles/m³") and action.value > action.limit


def test_the_references_list_each_citation_once(mixed_run):
    references = _english(mixed_run).references

    assert len(references) == len(set(references))
    for reference in (ACK_REFERENCE, STOP_REFERENCE, DEVIATION_REFERENCE, ANSWER_REFERENCE):
        assert reference in references


def test_the_debrief_is_in_dutch_for_a_dutch_reader(mixed_run):
    with translation.override("nl"):
        result = debrief.build(mixed_run)
        missed = str(debrief.STATUS_LABELS["missed"])
        ended = translation.gettext("Run ended")

    assert result.title == "Open handeling in de kast"
    assert next(m for m in result.timeline if m.kind == "event").detail.startswith(
        "Een operator reikte"
    )
    assert next(r for r in result.responses if r.code == "deviation").status_label == missed
    assert next(c for c in result.competencies if c.code == "C4").title == "Aseptische techniek"
    assert result.timeline[-1].title == ended


def test_building_a_debrief_takes_the_same_queries_whatever_the_run_holds(
    scenario, trainee, django_assert_num_queries
):
    quiet = engine.start_run(scenario=scenario, trainee=trainee, seed=42, now=T0)
    engine.end(run=quiet, actor=trainee, now=at(100))
    quiet.refresh_from_db()
    busy = play_correct_run(scenario, trainee)
    debrief.build(quiet)
    debrief.build(busy)

    with django_assert_num_queries(4):
        debrief.build(quiet)
    with django_assert_num_queries(4):
        debrief.build(busy)


def test_a_run_still_going_shows_nothing_after_the_time_given(scenario, trainee):
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42, now=T0)
    first_action_alarm(run, 500)

    result = _english(run, until_s=350)

    assert all(m.at_s <= 350 for m in result.timeline)
    assert all(a.at_s <= 350 for a in result.alarms)
    assert "end" not in {m.kind for m in result.timeline}
    assert result.responses == [] and result.competencies == []


def test_spans_read_in_the_largest_units():
    with translation.override("en"):
        assert debrief.span(59) == "59 s" and debrief.span(125) == "2 min 5 s"
        assert debrief.span(120) == "2 min"
        assert debrief.span(3 * 3600 + 600) == "3 h 10 min"


def test_the_charts_hold_nothing_after_the_time_asked_for(mixed_run):
    data = debrief_charts.chart_data(mixed_run, until_s=400, x_max=1200)

    assert data["until_s"] == 400 and data["x_max"] == 1200
    assert data["charts"] and all(max(c["t"]) <= 400 for c in data["charts"] if c["t"])
    assert all(a["t"] <= 400 for c in data["charts"] for a in c["alarms"])
    assert data["actions"] == []
    assert not any(c["name"].split(".")[1].startswith("counts") for c in data["charts"])
    zone = next(c for c in data["charts"] if c["name"] == "zone.particles_0_5")
    assert zone["limits"]["action"] == 3520
    assert zone["alarms"][0]["level"] == "action"


def test_the_whole_run_charts_every_action(mixed_run):
    with translation.override("en"):
        data = debrief_charts.chart_data(mixed_run, until_s=1200)

    assert [a["label"] for a in data["actions"]] == [
        "Acknowledge an alarm",
        "Stop the process",
        "Answer a decision point",
    ]


def test_thinning_keeps_peaks_and_gaps_and_the_order_of_time():
    times = np.arange(10_000, dtype=float)
    values = np.zeros(10_000)
    values[4321] = 99.0
    values[6800:7400] = math.nan

    kept_t, kept_v = debrief_charts.thin(times, values, limit=100)

    assert len(kept_t) <= 100
    assert kept_t == sorted(kept_t)
    assert 99.0 in kept_v and 4321.0 in kept_t
    assert None in kept_v


def test_a_short_channel_is_sent_whole():
    kept_t, kept_v = debrief_charts.thin(np.array([0.0, 1.0]), np.array([1.5, math.nan]))

    assert kept_t == [0.0, 1.0] and kept_v == [1.5, None]
