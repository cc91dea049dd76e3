"""Alarm and trend rules: every rule on both sides of its limit, limits from the selected
profile, bad input, and causality (a prefix of a series gives the prefix of its alarms)."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations.alarms import (
    RULE_KINDS,
    Alarm,
    ChannelRule,
    evaluate,
    rate_per_min,
    rule_for,
)
from simulations.process_limits import DEFAULT_PROCESS_LIMITS, PROCESS_KINDS, ProcessLimits
from simulations.regulatory import ANNEX1_2022, PART_IV_2017, LimitNotSet

NAN = math.nan
GRADE_A_5UM = {"kind": "particles", "grade": "A", "size": "5", "occupancy": "in_operation"}


def run(values, rule, *, step_s=60.0, until_s=None, channel="ch"):
    times = np.arange(len(values), dtype=float) * step_s
    return evaluate(
        channel=channel,
        times_s=times,
        values=np.array(values, dtype=float),
        rule=rule,
        until_s=until_s,
    )


def fired(alarms):
    """(sample index at 60 s a sample, rule) of each alarm."""
    return [(int(alarm.at_s // 60), alarm.rule) for alarm in alarms]


def quiet(rule, **changes):
    """The rule without its trend rules, to look at one rule at a time."""
    return dataclasses.replace(
        rule, consecutive_alerts_for_trend=None, repeated_actions=None, **changes
    )


# Particles


def test_particle_action_limit_is_table_5_and_a_count_at_it_is_within():
    rule = rule_for(
        kind="particles", profile=ANNEX1_2022, grade="B", size="5", occupancy="in_operation"
    )
    assert rule.action_limit == 2930
    assert rule.reference == "EU GMP Annex 1 (2022) Table 5"
    assert fired(run([2930, 2931, 2930], quiet(rule))) == [(1, "particles.action")]


def test_an_excursion_alarms_once_and_again_only_after_returning_within():
    rule = quiet(
        rule_for(
            kind="particles",
            profile=ANNEX1_2022,
            grade="C",
            size="0.5",
            occupancy="in_operation",
        )
    )
    values = [0, 4e6, 5e6, 4e6, 3e6, 4e6, 4e6]
    assert fired(run(values, rule)) == [(1, "particles.action"), (5, "particles.action")]


def test_the_alarm_carries_value_limit_level_and_reference():
    rule = rule_for(
        kind="particles", profile=ANNEX1_2022, grade="B", size="0.5", occupancy="at_rest"
    )
    [alarm] = run([100, 4000], quiet(rule), channel="room.particles_0_5")
    assert alarm == Alarm(
        at_s=60.0,
        channel="room.particles_0_5",
        level="action",
        rule="particles.action",
        value=4000.0,
        limit=3520.0,
        reference="EU GMP Annex 1 (2022) Table 5",
    )


def test_particle_alert_level_is_the_sites_and_warns_before_action():
    rule = rule_for(
        kind="particles",
        profile=ANNEX1_2022,
        grade="B",
        size="5",
        occupancy="in_operation",
        alert_level=1500,
    )
    alarms = run([1500, 1501, 2000, 3000, 100], quiet(rule))
    assert fired(alarms) == [(1, "particles.alert"), (3, "particles.action")]
    assert alarms[0].limit == 1500
    assert alarms[0].reference == ANNEX1_2022.reference("alert_levels")


def test_an_alert_fraction_sets_the_alert_level_from_the_action_limit():
    rule = rule_for(
        kind="particles",
        profile=ANNEX1_2022,
        grade="C",
        size="5",
        occupancy="at_rest",
        alert_fraction=0.5,
    )
    assert rule.alert_level == 1465


def test_a_jump_straight_past_the_action_limit_raises_the_action_alone():
    rule = rule_for(
        kind="particles",
        profile=ANNEX1_2022,
        grade="B",
        size="5",
        occupancy="in_operation",
        alert_level=1500,
    )
    assert fired(run([0, 3000, 0], quiet(rule))) == [(1, "particles.action")]


def test_grade_a_single_5um_count_is_an_alert_consecutive_counts_an_action():
    rule = quiet(rule_for(profile=ANNEX1_2022, **GRADE_A_5UM))
    one_particle = 35.3  # one count in 28.3 L
    alarms = run([0, one_particle, 0, 0, one_particle, one_particle, 0], rule)
    assert fired(alarms) == [
        (1, "particles.5um.single_count"),
        (4, "particles.5um.single_count"),
        (5, "particles.action"),
    ]
    assert [alarm.level for alarm in alarms] == ["alert", "alert", "action"]
    assert alarms[0].reference == "EU GMP Annex 1 (2022) §9.≈20; 2008 text, note 17"


def test_grade_a_consecutive_count_filter_is_configurable():
    rule = quiet(rule_for(profile=ANNEX1_2022, **GRADE_A_5UM), consecutive_for_action=3)
    assert fired(run([0, 35, 35, 0, 35, 35, 35], rule)) == [
        (1, "particles.5um.single_count"),
        (4, "particles.5um.single_count"),
        (6, "particles.action"),
    ]


def test_regular_single_counts_within_the_window_escalate_to_action():
    rule = quiet(rule_for(profile=ANNEX1_2022, **GRADE_A_5UM))
    assert (rule.regular_counts, rule.regular_counts_window_s) == (3, 3600.0)
    counts = [0] * 90
    for minute in (10, 30, 50):
        counts[minute] = 35
    assert fired(run(counts, rule)) == [
        (10, "particles.5um.single_count"),
        (30, "particles.5um.single_count"),
        (50, "particles.5um.regular_counts"),
    ]
    spread = [0] * 140
    for minute in (10, 70, 130):
        spread[minute] = 35
    assert [alarm.rule for alarm in run(spread, rule)] == ["particles.5um.single_count"] * 3


def test_grade_a_5um_limit_comes_from_the_selected_profile_29_or_20():
    series = [0, 25, 25, 0]
    under_2022 = run(series, rule_for(profile=ANNEX1_2022, **GRADE_A_5UM))
    under_2008 = run(series, rule_for(profile=PART_IV_2017, **GRADE_A_5UM))
    assert under_2022 == []
    assert fired(under_2008) == [(1, "particles.5um.single_count"), (2, "particles.action")]
    assert {alarm.limit for alarm in under_2008} == {20.0}
    assert under_2008[1].reference == "EU GMP Annex 1 (2008)"
    assert fired(run([0, 30, 30], rule_for(profile=ANNEX1_2022, **GRADE_A_5UM))) == [
        (1, "particles.5um.single_count"),
        (2, "particles.action"),
    ]


def test_only_grade_a_5um_treats_single_counts_as_possible_false_counts():
    rule = quiet(
        rule_for(kind="particles", profile=ANNEX1_2022, grade="A", size="0.5", occupancy="at_rest")
    )
    assert not rule.single_count_alert
    assert fired(run([0, 3521, 0], rule)) == [(1, "particles.action")]


def test_grade_d_in_operation_has_no_particle_limit_to_alarm_on():
    with pytest.raises(LimitNotSet):
        rule_for(
            kind="particles", profile=ANNEX1_2022, grade="D", size="5", occupancy="in_operation"
        )


# Viable counts


def test_any_growth_in_grade_a_is_an_investigation():
    rule = quiet(rule_for(kind="viable", profile=ANNEX1_2022, grade="A", sample="settle_plate"))
    alarms = run([0, 1, 0, 0], rule)
    assert fired(alarms) == [(1, "viable.grade_a.any_growth")]
    assert alarms[0].level == "investigation"
    assert alarms[0].reference == "EU GMP Annex 1 (2022) Table 6, note (c)"
    assert run([0, 0, 0], rule) == []


def test_grade_b_viable_counts_alert_above_the_alert_level_act_above_table_6():
    rule = quiet(
        rule_for(
            kind="viable",
            profile=ANNEX1_2022,
            grade="B",
            sample="active_air",
            alert_level=5,
        )
    )
    alarms = run([5, 6, 0, 10, 0, 11], rule)
    assert fired(alarms) == [(1, "viable.alert"), (3, "viable.alert"), (5, "viable.action")]
    assert alarms[-1].reference == "EU GMP Annex 1 (2022) §9.30, Table 6"
    assert alarms[-1].limit == 10


def test_viable_limits_come_from_the_selected_profile():
    for profile in (ANNEX1_2022, PART_IV_2017):
        rule = rule_for(kind="viable", profile=profile, grade="C", sample="contact_plate")
        assert rule.action_limit == profile.action_limit(grade="C", sample="contact_plate")
        assert rule.reference == profile.reference("viable_action")


@pytest.mark.parametrize("alert", [{"alert_level": 0}, {"alert_fraction": 0.5}])
def test_grade_a_viable_has_no_room_for_an_alert_level(alert):
    with pytest.raises(ValueError, match="alert level"):
        rule_for(kind="viable", profile=ANNEX1_2022, grade="A", sample="active_air", **alert)


def test_glove_prints_in_grade_c_have_no_limit_to_alarm_on():
    with pytest.raises(LimitNotSet):
        rule_for(kind="viable", profile=ANNEX1_2022, grade="C", sample="glove_print")


# Pressure and process variables


def test_pressure_below_the_guidance_value_alarms_at_the_value_it_does_not():
    for profile in (ANNEX1_2022, PART_IV_2017):
        rule = quiet(rule_for(kind="pressure", profile=profile))
        alarms = run([15, 10, 9.9, 12], rule)
        assert fired(alarms) == [(2, "pressure.below_guidance")]
        assert alarms[0].limit == profile.guidance.pressure_differential_pa
        assert alarms[0].reference == profile.reference("pressure")


def test_pressure_alert_lies_above_the_guidance_value():
    rule = quiet(rule_for(kind="pressure", profile=ANNEX1_2022, alert_level=12))
    assert fired(run([15, 12, 11.5, 9, 15], rule)) == [
        (2, "pressure.alert"),
        (3, "pressure.below_guidance"),
    ]
    with pytest.raises(ValueError, match="above the lower action limit"):
        rule_for(kind="pressure", profile=ANNEX1_2022, alert_level=8)


def test_a_time_filter_ignores_excursions_shorter_than_the_consecutive_count():
    rule = quiet(rule_for(kind="pressure", profile=ANNEX1_2022), consecutive_for_action=3)
    door_opening = [15, 2, 3, 15]
    failure = [15, 2, 2, 2, 2, 15]
    assert run(door_opening, rule) == []
    assert fired(run(failure, rule)) == [(3, "pressure.below_guidance")]


ONE_SIDED = {
    "ph": (6.8, -0.01, "process.ph_low"),
    "glucose": (2.0, -0.01, "process.glucose_low"),
    "lactate": (20.0, 0.01, "process.lactate_high"),
    "viability": (80.0, -0.01, "process.viability_low"),
    "doubling_time": (72.0, 0.01, "process.doubling_time_high"),
    "freezing_rate": (-1.0, 0.01, "freezer.cooling_too_slow"),
    "ln2_temperature": (-150.0, 0.01, "storage.ln2_too_warm"),
}
TWO_SIDED = {
    "bioreactor_temperature": (36.0, 38.0, "process.temperature_out_of_range"),
    "co2": (4.0, 6.0, "process.co2_out_of_range"),
    "room_temperature": (18.0, 22.0, "room.temperature_out_of_range"),
    "room_humidity": (30.0, 60.0, "room.humidity_out_of_range"),
}


def test_every_process_kind_has_a_case_here():
    assert set(ONE_SIDED) | set(TWO_SIDED) == set(PROCESS_KINDS)


@pytest.mark.parametrize(("kind", "case"), ONE_SIDED.items())
def test_one_sided_process_limits_alarm_beyond_the_limit_not_at_it(kind, case):
    limit, beyond, code = case
    rule = quiet(rule_for(kind=kind, profile=ANNEX1_2022))
    alarms = run([limit, limit + beyond, limit], rule)
    assert fired(alarms) == [(1, code)]
    assert alarms[0].limit == limit
    assert alarms[0].reference == DEFAULT_PROCESS_LIMITS.limit(kind).reference


@pytest.mark.parametrize(("kind", "case"), TWO_SIDED.items())
def test_two_sided_limits_alarm_on_either_side_naming_the_side_crossed(kind, case):
    low, high, code = case
    rule = quiet(rule_for(kind=kind, profile=ANNEX1_2022))
    alarms = run([low, high, high + 0.01, high, low - 0.01, low], rule)
    assert fired(alarms) == [(2, code), (4, code)]
    assert [alarm.limit for alarm in alarms] == [high, low]


def test_process_limits_are_the_sites_when_it_sets_its_own():
    site = ProcessLimits(lactate_max_mm=25.0)
    rule = quiet(rule_for(kind="lactate", profile=ANNEX1_2022, process_limits=site))
    assert run([22.0], rule) == []
    assert fired(run([25.5], rule)) == [(0, "process.lactate_high")]


def test_a_one_sided_process_limit_takes_an_alert_level_a_band_does_not():
    rule = quiet(rule_for(kind="lactate", profile=ANNEX1_2022, alert_level=15))
    assert fired(run([10, 16, 21], rule)) == [
        (1, "process.lactate.alert"),
        (2, "process.lactate_high"),
    ]
    with pytest.raises(ValueError, match="two-sided"):
        rule_for(kind="co2", profile=ANNEX1_2022, alert_level=5.5)
    with pytest.raises(ValueError, match="below the action limit"):
        rule_for(kind="lactate", profile=ANNEX1_2022, alert_level=20)


# Sensor faults


def test_a_dropout_alarms_once_per_run_of_missing_samples_and_ends_an_excursion():
    rule = quiet(rule_for(kind="lactate", profile=ANNEX1_2022))
    alarms = run([10, NAN, NAN, 10, 25, NAN, 25, 25], rule)
    assert fired(alarms) == [
        (1, "sensor.dropout"),
        (4, "process.lactate_high"),
        (5, "sensor.dropout"),
        (6, "process.lactate_high"),
    ]
    assert (alarms[0].value, alarms[0].limit, alarms[0].level) == (None, None, "alert")


def test_a_flat_lined_sensor_alarms_once_after_n_identical_samples():
    rule = quiet(rule_for(kind="room_temperature", profile=ANNEX1_2022), stuck_samples=4)
    assert run([20.0, 20.1, 20.1, 20.1, 20.2], rule) == []
    alarms = run([20.0, 20.1, 20.1, 20.1, 20.1, 20.1, 20.2, 20.2], rule)
    assert fired(alarms) == [(4, "sensor.stuck")]
    assert (alarms[0].value, alarms[0].limit) == (20.1, 4.0)


def test_a_steady_derived_value_is_not_taken_for_a_stuck_sensor():
    for kind in ("freezing_rate", "doubling_time"):
        assert rule_for(kind=kind, profile=ANNEX1_2022).stuck_samples is None
    assert rule_for(kind="ph", profile=ANNEX1_2022).stuck_samples == 30


def test_counts_are_never_taken_for_a_stuck_sensor():
    rule = rule_for(kind="viable", profile=ANNEX1_2022, grade="A", sample="active_air")
    assert rule.stuck_samples is None
    assert run([0] * 500, rule) == []


# Trends


def test_consecutive_alert_excursions_are_a_trend():
    rule = rule_for(
        kind="viable",
        profile=ANNEX1_2022,
        grade="C",
        sample="settle_plate",
        alert_level=25,
    )
    assert rule.consecutive_alerts_for_trend == 3
    assert fired(run([30, 30, 0, 30, 30, 30, 30], rule)) == [
        (0, "viable.alert"),
        (3, "viable.alert"),
        (5, "trend.consecutive_alerts"),
    ]
    assert fired(run([30, 30, 30], dataclasses.replace(rule, consecutive_alerts_for_trend=2))) == [
        (0, "viable.alert"),
        (1, "trend.consecutive_alerts"),
    ]


def test_repeated_isolated_action_excursions_within_the_window_are_a_trend():
    rule = rule_for(kind="viable", profile=ANNEX1_2022, grade="B", sample="contact_plate")
    rule = dataclasses.replace(rule, repeated_actions_window_s=600.0)
    close = run([6, 0, 0, 6, 0], rule)
    assert fired(close) == [
        (0, "viable.action"),
        (3, "viable.action"),
        (3, "trend.repeated_actions"),
    ]
    assert close[-1].level == "trend"
    assert close[-1].reference == ANNEX1_2022.reference("trends")
    far = run([6] + [0] * 10 + [6], rule)
    assert fired(far) == [(0, "viable.action"), (11, "viable.action")]


def test_the_trend_window_reaches_back_less_than_its_length():
    rule = rule_for(kind="viable", profile=ANNEX1_2022, grade="B", sample="contact_plate")
    rule = dataclasses.replace(rule, repeated_actions_window_s=600.0)
    just_inside = run([6] + [0] * 8 + [6], rule)
    exactly_a_window_apart = run([6] + [0] * 9 + [6], rule)
    assert fired(just_inside)[-1] == (9, "trend.repeated_actions")
    assert "trend.repeated_actions" not in [alarm.rule for alarm in exactly_a_window_apart]


# Causality and scale


def test_evaluating_until_a_time_uses_only_the_samples_up_to_it():
    rule = quiet(rule_for(kind="lactate", profile=ANNEX1_2022))
    values = [10, 10, 30, 30]
    assert run(values, rule, until_s=60.0) == []
    assert fired(run(values, rule, until_s=120.0)) == [(2, "process.lactate_high")]
    assert fired(run(values, rule, until_s=119.9)) == []


READINGS = st.lists(
    st.sampled_from([0.0, 5.0, 12.0, 20.0, 29.0, 30.0, 35.3, 120.0, NAN]), max_size=80
)


@settings(max_examples=150, deadline=None)
@given(values=READINGS, cut=st.integers(min_value=-1, max_value=81))
def test_a_prefix_of_a_series_gives_the_prefix_of_its_alarms(values, cut):
    rule = dataclasses.replace(
        rule_for(profile=ANNEX1_2022, alert_level=10, **GRADE_A_5UM),
        stuck_samples=3,
        repeated_actions_window_s=900.0,
        regular_counts_window_s=600.0,
    )
    until_s = cut * 60.0
    whole = run(values, rule)
    assert run(values, rule, until_s=until_s) == [a for a in whole if a.at_s <= until_s]


def reference_alarms(values, action, alert, n):
    """A sample-by-sample state machine of the excursion rules, to check the vectorised one."""
    alarms, action_run, alert_run, missing = [], 0, 0, False
    for index, value in enumerate(values):
        if math.isnan(value):
            if not missing:
                alarms.append((index, "sensor.dropout"))
            missing, action_run, alert_run = True, 0, 0
            continue
        missing = False
        action_run = action_run + 1 if value > action else 0
        alert_run = alert_run + 1 if value > alert else 0
        if action_run == n:
            alarms.append((index, "particles.action"))
        elif action_run == 1:
            alarms.append((index, "particles.5um.single_count"))
        elif alert_run == 1:
            alarms.append((index, "particles.alert"))
    return alarms


@settings(max_examples=150, deadline=None)
@given(values=READINGS, n=st.integers(min_value=2, max_value=4))
def test_the_vectorised_rules_agree_with_a_sample_by_sample_state_machine(values, n):
    rule = quiet(
        rule_for(profile=ANNEX1_2022, alert_level=10, **GRADE_A_5UM),
        consecutive_for_action=n,
        regular_counts=None,
    )
    assert fired(run(values, rule)) == reference_alarms(values, 29.0, 10.0, n)


def test_a_shift_of_24_channels_at_one_second_gives_exactly_the_injected_alarms():
    rng = np.random.default_rng(5)
    times = np.arange(8 * 3600, dtype=float)
    rule = rule_for(kind="pressure", profile=ANNEX1_2022)
    expected, alarms = [], []
    for channel in range(24):
        values = rng.normal(15.0, 0.5, times.size)
        start = 1000 + 997 * channel
        values[start : start + 20] = 5.0
        values[start + 3000] = NAN
        expected += [(float(start), "pressure.below_guidance"), (start + 3000.0, "sensor.dropout")]
        alarms += evaluate(channel=f"dp{channel}", times_s=times, values=values, rule=rule)
    assert sorted((alarm.at_s, alarm.rule) for alarm in alarms) == sorted(expected)


# Bad input


def test_unknown_kinds_grades_and_samples_are_refused_naming_the_choices():
    with pytest.raises(ValueError, match="Unknown kind 'humidity'.*particles, viable, pressure"):
        rule_for(kind="humidity", profile=ANNEX1_2022)
    with pytest.raises(ValueError, match="Unknown grade 'E': one of A, B, C, D"):
        rule_for(kind="viable", profile=ANNEX1_2022, grade="E", sample="active_air")
    with pytest.raises(ValueError, match="Unknown sample 'swab'"):
        rule_for(kind="viable", profile=ANNEX1_2022, grade="B", sample="swab")
    with pytest.raises(ValueError, match="Unknown size '1'"):
        rule_for(kind="particles", profile=ANNEX1_2022, grade="B", size="1", occupancy="at_rest")
    assert set(RULE_KINDS) == {"particles", "viable", "pressure", *PROCESS_KINDS}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "particles", "grade": "B", "size": "5"}, "grade, a size and an occupancy"),
        ({"kind": "viable", "grade": "B"}, "grade and a sample"),
        ({**GRADE_A_5UM, "alert_level": 29}, "between 0 and the action limit"),
        ({**GRADE_A_5UM, "alert_level": -1}, "between 0 and the action limit"),
        ({**GRADE_A_5UM, "alert_level": 5, "alert_fraction": 0.2}, "not both"),
        ({**GRADE_A_5UM, "alert_fraction": 1.0}, "between 0 and 1"),
        ({**GRADE_A_5UM, "alert_fraction": 0}, "between 0 and 1"),
        ({"kind": "lactate", "alert_fraction": 0.5}, "particle and viable counts only"),
    ],
)
def test_bad_rule_arguments_are_refused_with_a_clear_message(arguments, message):
    with pytest.raises(ValueError, match=message):
        rule_for(profile=ANNEX1_2022, **arguments)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consecutive_for_action": 0}, "consecutive_for_action must be a whole number"),
        ({"consecutive_alerts_for_trend": 1}, "at least 2"),
        ({"stuck_samples": 1}, "stuck_samples"),
        ({"repeated_actions": 2.5}, "repeated_actions"),
        ({"repeated_actions_window_s": 0}, "seconds above 0"),
        ({"direction": "sideways"}, "Unknown direction 'sideways'"),
        ({"action_level": "alert"}, "Unknown action_level"),
        ({"action_limit": NAN}, "finite number"),
        ({"lower_action_limit": 1.0}, "Only a two-sided rule"),
        ({"regular_counts": 3}, "single_count_alert"),
    ],
)
def test_a_rule_validates_itself_when_tuned(changes, message):
    rule = rule_for(kind="lactate", profile=ANNEX1_2022)
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(rule, **changes)


def test_a_two_sided_rule_needs_an_ordered_band():
    rule = rule_for(kind="co2", profile=ANNEX1_2022)
    with pytest.raises(ValueError, match="below action_limit"):
        dataclasses.replace(rule, lower_action_limit=7.0)
    with pytest.raises(ValueError, match="needs a lower_action_limit"):
        dataclasses.replace(rule, lower_action_limit=None)


@pytest.mark.parametrize(
    ("times", "values", "message"),
    [
        ([0.0, 1.0, 2.0], [1.0, 2.0], "same length, not 3 and 2"),
        ([[0.0, 1.0]], [[1.0, 2.0]], "one-dimensional"),
        ([0.0, 2.0, 1.0], [1.0, 2.0, 3.0], "strictly increasing"),
        ([0.0, 1.0, 1.0], [1.0, 2.0, 3.0], "strictly increasing"),
        ([0.0, NAN, 2.0], [1.0, 2.0, 3.0], "finite"),
        ([0.0, 1.0, math.inf], [1.0, 2.0, 3.0], "finite"),
        (["a", "b"], [1.0, 2.0], "arrays of numbers"),
    ],
)
def test_bad_series_are_refused_with_a_clear_message(times, values, message):
    rule = rule_for(kind="lactate", profile=ANNEX1_2022)
    with pytest.raises(ValueError, match=message):
        evaluate(channel="ch", times_s=times, values=values, rule=rule)


@pytest.mark.parametrize("until_s", ["later", NAN, None])
def test_until_must_be_a_time(until_s):
    rule = rule_for(kind="lactate", profile=ANNEX1_2022)
    arguments = {"channel": "ch", "times_s": [0.0, 1.0], "values": [30.0, 30.0], "rule": rule}
    if until_s is None:
        assert len(evaluate(**arguments, until_s=until_s)) == 1
    else:
        with pytest.raises(ValueError, match="until_s"):
            evaluate(**arguments, until_s=until_s)


def test_an_empty_series_has_no_alarms():
    rule = rule_for(kind="lactate", profile=ANNEX1_2022)
    assert evaluate(channel="ch", times_s=[], values=[], rule=rule) == []


def test_a_channel_rule_is_frozen():
    rule = rule_for(kind="lactate", profile=ANNEX1_2022)
    assert isinstance(rule, ChannelRule)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.action_limit = 30.0


def test_a_freezer_cooling_at_one_degree_a_minute_is_within_a_stall_is_not():
    rule = quiet(rule_for(kind="freezing_rate", profile=ANNEX1_2022))
    times = np.arange(0.0, 3600.0, 10.0)
    profile = 4.0 - times / 60.0
    stalled = 4.0 - 1.5 * times / 60.0
    stalled[180:] = stalled[180]  # the chamber stops cooling after 30 minutes
    rate_times, rates = rate_per_min(times_s=times, values=profile, window_s=300.0)
    assert rate_times[0] == 300.0
    assert np.allclose(rates, -1.0)
    assert evaluate(channel="freezer", times_s=rate_times, values=rates - 1e-9, rule=rule) == []
    rate_times, rates = rate_per_min(times_s=times, values=stalled, window_s=300.0)
    [alarm] = evaluate(channel="freezer", times_s=rate_times, values=rates, rule=rule)
    assert (alarm.rule, alarm.at_s, alarm.limit) == ("freezer.cooling_too_slow", 1910.0, -1.0)


def test_a_rate_uses_only_the_samples_up_to_its_own_time():
    rng = np.random.default_rng(3)
    times = np.arange(0.0, 600.0, 5.0)
    values = rng.normal(-50.0, 2.0, times.size)
    whole_times, whole = rate_per_min(times_s=times, values=values, window_s=60.0)
    part_times, part = rate_per_min(times_s=times[:70], values=values[:70], window_s=60.0)
    assert np.array_equal(part_times, whole_times[: part_times.size])
    assert np.array_equal(part, whole[: part.size])


@pytest.mark.parametrize("window_s", [0, -60.0, NAN, "5 min"])
def test_a_rate_needs_a_window_of_seconds(window_s):
    with pytest.raises(ValueError, match="window_s"):
        rate_per_min(times_s=[0.0, 60.0], values=[1.0, 0.0], window_s=window_s)


def test_a_series_shorter_than_the_window_has_no_rates():
    times, rates = rate_per_min(times_s=[0.0, 60.0], values=[1.0, 0.0], window_s=300.0)
    assert times.size == rates.size == 0
