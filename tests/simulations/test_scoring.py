"""Scoring is a pure function of the snapshot, the server's alarms and the trainee's actions."""

from dataclasses import dataclass

from simulations.scoring import LATE, MET, MISSED, NOT_APPLICABLE, WRONG, score


@dataclass(frozen=True)
class A:  # an alarm
    at_s: float
    channel: str
    rule: str


@dataclass(frozen=True)
class Act:  # an action
    seq: int
    kind: str
    at_s: float
    target: str = ""
    value: str = ""


def _response(code, action, **kwargs):
    base = {
        "code": code,
        "action": action,
        "target": "",
        "value": "",
        "trigger": "start",
        "trigger_ref": "",
        "trigger_channel": "",
        "within_s": None,
        "competency": "C4",
        "level": 2,
        "points": 1,
        "critical": False,
    }
    base.update(kwargs)
    return base


def _snapshot(*responses, pass_mark=80, events=(), decisions=()):
    return {
        "responses": list(responses),
        "pass_mark": pass_mark,
        "events": list(events),
        "decisions": list(decisions),
    }


GRADE_A = _snapshot(
    _response(
        "ack",
        "acknowledge",
        trigger="alarm",
        trigger_ref="particles.action",
        within_s=60,
        critical=True,
    ),
    _response(
        "stop",
        "stop_process",
        trigger="alarm",
        trigger_ref="particles.action",
        within_s=120,
        critical=True,
        points=2,
    ),
    _response(
        "deviation",
        "document_deviation",
        trigger="alarm",
        trigger_ref="particles.action",
        competency="C6",
        points=1,
    ),
)
ALARM = A(300.0, "zone.particles_0_5", "particles.action")
KEY = "zone.particles_0_5|particles.action|300"
RULES = {KEY: "particles.action"}


def test_a_correct_response_scores_full_marks():
    outcome = score(
        snapshot=GRADE_A,
        alarms=[ALARM],
        actions=[
            Act(1, "acknowledge", 310, KEY),
            Act(2, "stop_process", 330),
            Act(3, "document_deviation", 400),
        ],
        ended_at_s=900,
        alarm_rules=RULES,
    )
    assert outcome.score == 100.0
    assert outcome.passed
    assert [r.status for r in outcome.responses] == [MET, MET, MET]
    assert {c.competency: c.passed for c in outcome.competencies} == {"C4": True, "C6": True}


def test_ignoring_a_grade_a_action_excursion_fails_the_competency():
    outcome = score(
        snapshot=GRADE_A,
        alarms=[ALARM],
        actions=[Act(1, "document_deviation", 400)],
        ended_at_s=900,
        alarm_rules=RULES,
    )
    c4 = next(c for c in outcome.competencies if c.competency == "C4")
    assert not c4.passed
    assert c4.critical_failed == ["ack", "stop"]
    assert not outcome.passed
    assert [r.status for r in outcome.responses] == [MISSED, MISSED, MET]


def test_acting_too_late_earns_nothing_and_fails_a_critical_response():
    outcome = score(
        snapshot=GRADE_A,
        alarms=[ALARM],
        actions=[Act(1, "acknowledge", 361, KEY), Act(2, "stop_process", 330)],
        ended_at_s=900,
        alarm_rules=RULES,
    )
    ack = outcome.responses[0]
    assert ack.status == LATE and ack.earned == 0 and ack.deadline_s == 360
    assert "ack" in outcome.competencies[0].critical_failed


def test_actions_before_the_trigger_do_not_count():
    outcome = score(
        snapshot=GRADE_A,
        alarms=[ALARM],
        actions=[Act(1, "stop_process", 100)],
        ended_at_s=900,
        alarm_rules=RULES,
    )
    assert outcome.responses[1].status == MISSED


def test_acknowledging_another_alarm_does_not_meet_the_response():
    other = "room.dp_pa|pressure.below_guidance|310"
    outcome = score(
        snapshot=GRADE_A,
        alarms=[ALARM, A(310.0, "room.dp_pa", "pressure.below_guidance")],
        actions=[Act(1, "acknowledge", 320, other)],
        ended_at_s=900,
        alarm_rules={**RULES, other: "pressure.below_guidance"},
    )
    assert outcome.responses[0].status == MISSED


def test_a_response_whose_alarm_never_fired_does_not_count():
    outcome = score(snapshot=GRADE_A, alarms=[], actions=[], ended_at_s=900)
    assert {r.status for r in outcome.responses} == {NOT_APPLICABLE}
    assert outcome.score is None
    assert not outcome.passed
    assert all(c.possible == 0 and not c.passed for c in outcome.competencies)


def test_an_alarm_after_the_end_is_not_a_trigger():
    outcome = score(
        snapshot=GRADE_A, alarms=[A(950.0, "z", "particles.action")], actions=[], ended_at_s=900
    )
    assert outcome.responses[0].status == NOT_APPLICABLE


def test_a_rule_prefix_matches_only_at_a_dot():
    snapshot = _snapshot(_response("ack", "acknowledge", trigger="alarm", trigger_ref="particles"))
    near_miss = score(
        snapshot=snapshot, alarms=[A(5, "z", "particlesx.action")], actions=[], ended_at_s=60
    )
    assert near_miss.responses[0].status == NOT_APPLICABLE
    hit = score(snapshot=snapshot, alarms=[A(5, "z", "particles.alert")], actions=[], ended_at_s=60)
    assert hit.responses[0].status == MISSED


def test_a_wrong_answer_is_wrong_and_a_right_one_met():
    decision = {"code": "gown", "opens_at_s": 600, "options": []}
    snapshot = _snapshot(
        _response(
            "verdict",
            "answer",
            target="gown",
            value="fail",
            trigger="decision",
            trigger_ref="gown",
            competency="C3",
        ),
        decisions=[decision],
    )
    wrong = score(
        snapshot=snapshot,
        alarms=[],
        actions=[Act(1, "answer", 610, "gown", "pass")],
        ended_at_s=900,
    )
    assert wrong.responses[0].status == WRONG and not wrong.passed
    right = score(
        snapshot=snapshot,
        alarms=[],
        actions=[Act(1, "answer", 610, "gown", "fail")],
        ended_at_s=900,
    )
    assert right.responses[0].status == MET and right.passed


def test_an_event_trigger_uses_the_drawn_event_time():
    snapshot = _snapshot(
        _response("sample", "extra_sample", trigger="event", trigger_ref="breach", within_s=100),
        events=[{"code": "breach", "at_s": 500}],
    )
    early = score(
        snapshot=snapshot, alarms=[], actions=[Act(1, "extra_sample", 450)], ended_at_s=900
    )
    assert early.responses[0].status == MISSED
    met = score(snapshot=snapshot, alarms=[], actions=[Act(1, "extra_sample", 590)], ended_at_s=900)
    assert met.responses[0].status == MET and met.responses[0].trigger_at_s == 500


def test_the_pass_mark_decides_a_competency_without_critical_responses():
    snapshot = _snapshot(
        _response("a", "escalate_qa", points=3),
        _response("b", "sanitise", points=1),
        pass_mark=75,
    )
    three_of_four = score(
        snapshot=snapshot, alarms=[], actions=[Act(1, "escalate_qa", 5)], ended_at_s=60
    )
    assert three_of_four.competencies[0].percent == 75.0 and three_of_four.passed
    one_of_four = score(
        snapshot=snapshot, alarms=[], actions=[Act(1, "sanitise", 5)], ended_at_s=60
    )
    assert one_of_four.competencies[0].percent == 25.0 and not one_of_four.passed


def test_the_competency_level_is_the_highest_its_responses_assess():
    snapshot = _snapshot(
        _response("a", "escalate_qa", level=2), _response("b", "sanitise", level=3)
    )
    outcome = score(snapshot=snapshot, alarms=[], actions=[], ended_at_s=60)
    assert outcome.competencies[0].level == 3
