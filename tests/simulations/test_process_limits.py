"""Process limits against ATMP_GMP_FACTS.md §3.1, §3.2 and §1.8, copied out here on purpose."""

import dataclasses

import pytest

from simulations.process_limits import (
    DEFAULT_PROCESS_LIMITS,
    PROCESS_KINDS,
    REFERENCES,
    Direction,
    ProcessLimits,
)

EXPECTED = {
    "bioreactor_temperature": (Direction.OUTSIDE, 36.0, 38.0),
    "co2": (Direction.OUTSIDE, 4.0, 6.0),
    "ph": (Direction.BELOW, 6.8, None),
    "glucose": (Direction.BELOW, 2.0, None),
    "lactate": (Direction.ABOVE, None, 20.0),
    "viability": (Direction.BELOW, 80.0, None),
    "doubling_time": (Direction.ABOVE, None, 72.0),
    "freezing_rate": (Direction.ABOVE, None, -1.0),
    "ln2_temperature": (Direction.ABOVE, None, -150.0),
    "room_temperature": (Direction.OUTSIDE, 18.0, 22.0),
    "room_humidity": (Direction.OUTSIDE, 30.0, 60.0),
}


@pytest.mark.parametrize(("kind", "expected"), EXPECTED.items())
def test_default_limits_are_those_of_the_fact_sheet(kind, expected):
    limit = DEFAULT_PROCESS_LIMITS.limit(kind)
    assert (limit.direction, limit.low, limit.high) == expected
    assert limit.reference == REFERENCES[kind]


def test_every_kind_has_a_limit_and_a_reference():
    assert set(PROCESS_KINDS) == set(EXPECTED) == set(REFERENCES)


def test_a_site_can_set_its_own_limits():
    site = dataclasses.replace(DEFAULT_PROCESS_LIMITS, lactate_max_mm=25.0, co2_tolerance_pct=0.5)
    assert site.limit("lactate").high == 25.0
    assert (site.limit("co2").low, site.limit("co2").high) == (4.5, 5.5)


def test_an_unknown_kind_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match="bioreactor_temperature, co2, ph"):
        DEFAULT_PROCESS_LIMITS.limit("dissolved_oxygen")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ph_min", float("nan"), "finite numbers"),
        ("lactate_max_mm", "20", "finite numbers"),
        ("glucose_min_mm", True, "finite numbers"),
        ("co2_tolerance_pct", 0.0, "more than 0"),
        ("bioreactor_temperature_tolerance_c", -1.0, "more than 0"),
        ("room_temperature_c", (22.0, 18.0), "low below high"),
        ("room_humidity_pct", (30.0, float("inf")), "finite numbers"),
    ],
)
def test_bad_limits_are_refused_naming_the_field(field, value, message):
    with pytest.raises(ValueError, match=message) as error:
        ProcessLimits(**{field: value})
    assert field in str(error.value)


def test_the_limits_cannot_be_changed_at_run_time():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_PROCESS_LIMITS.ph_min = 6.0
