"""Alarm thresholds of the process and its rooms that no regulation sets: bioreactor, freezer,
LN2 storage, room climate.

The values are those of ATMP_GMP_FACTS.md §3.1, §3.2 and §1.8 with the sheet's confidence tags:
[V] checked against a source, [K] from knowledge, [D] a design choice. A site sets its own, so
they are data (a frozen ProcessLimits) that a scenario may replace, never literals in a rule.
The pressure differential is a regulatory guidance value and lives in the regulatory profile.

A limit is judged the way the regulatory ones are: a value at the limit is within it.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MappingProxyType


class Direction(StrEnum):
    ABOVE = "above"  # a value above the limit is out of limits
    BELOW = "below"  # a value below the limit is out of limits
    OUTSIDE = "outside"  # a value outside the band [low, high] is out of limits


@dataclass(frozen=True)
class ProcessLimit:
    """One threshold as a rule reads it: for OUTSIDE, `low` and `high` bound the band; for
    ABOVE only `high` and for BELOW only `low` is set."""

    direction: Direction
    low: float | None
    high: float | None
    reference: str


@dataclass(frozen=True)
class ProcessLimits:
    # §3.2: set-point 37.0 °C [V, Xuri note]; ±1 °C sustained is alarm-worthy [D].
    bioreactor_temperature_setpoint_c: float = 37.0
    bioreactor_temperature_tolerance_c: float = 1.0
    # §3.2: set-point 5 % [V, Xuri note]; ±1 % [D].
    co2_setpoint_pct: float = 5.0
    co2_tolerance_pct: float = 1.0
    # §3.2: pH below 6.8 from lactate acidification [K/D].
    ph_min: float = 6.8
    # §3.2: keep glucose above ~2–5 mM by feeding or perfusion [D]; the lower end.
    glucose_min_mm: float = 2.0
    # §3.2: lactate target below ~20 mM [K/D].
    lactate_max_mm: float = 20.0
    # §3.2: viability below 80 % is a release risk (release specifications of §3.3 [V]).
    viability_min_pct: float = 80.0
    # §3.2: doubling time above 72 h is a "poor growth" deviation [D].
    doubling_time_max_h: float = 72.0
    # §3.1: controlled-rate freezing at ≤ −1 °C/min [V, Baboo et al. 2019]; a rate above it
    # (slower cooling, a stall or warming) leaves the profile.
    freezing_rate_max_c_per_min: float = -1.0
    # §3.1: storage in vapour-phase LN2 at ≤ −150 °C [K].
    ln2_vapour_max_c: float = -150.0
    # §1.8: Annex 1 sets no numbers; typical practice 18–22 °C and 30–60 % RH [D].
    room_temperature_c: tuple[float, float] = (18.0, 22.0)
    room_humidity_pct: tuple[float, float] = (30.0, 60.0)

    def __post_init__(self):
        for field in fields(self):
            value = getattr(self, field.name)
            numbers = value if isinstance(value, tuple) else (value,)
            if not all(_is_number(number) for number in numbers):
                raise ValueError(f"{field.name} must hold finite numbers, not {value!r}.")
        for name in ("bioreactor_temperature_tolerance_c", "co2_tolerance_pct"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be more than 0, not {getattr(self, name)}.")
        for name in ("room_temperature_c", "room_humidity_pct"):
            low, high = getattr(self, name)
            if not low < high:
                raise ValueError(f"{name} must be a (low, high) pair with low below high.")

    def limit(self, kind: str) -> ProcessLimit:
        """The threshold of `kind` (one of PROCESS_KINDS), with the source it comes from."""
        if kind not in PROCESS_KINDS:
            known = ", ".join(PROCESS_KINDS)
            raise ValueError(f"Unknown process limit {kind!r}: one of {known}.")
        direction, low, high = _BOUNDS[kind](self)
        return ProcessLimit(direction, low, high, REFERENCES[kind])


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _band(setpoint: float, tolerance: float) -> tuple[Direction, float, float]:
    return Direction.OUTSIDE, setpoint - tolerance, setpoint + tolerance


_BOUNDS = {
    "bioreactor_temperature": lambda limits: _band(
        limits.bioreactor_temperature_setpoint_c, limits.bioreactor_temperature_tolerance_c
    ),
    "co2": lambda limits: _band(limits.co2_setpoint_pct, limits.co2_tolerance_pct),
    "ph": lambda limits: (Direction.BELOW, limits.ph_min, None),
    "glucose": lambda limits: (Direction.BELOW, limits.glucose_min_mm, None),
    "lactate": lambda limits: (Direction.ABOVE, None, limits.lactate_max_mm),
    "viability": lambda limits: (Direction.BELOW, limits.viability_min_pct, None),
    "doubling_time": lambda limits: (Direction.ABOVE, None, limits.doubling_time_max_h),
    "freezing_rate": lambda limits: (Direction.ABOVE, None, limits.freezing_rate_max_c_per_min),
    "ln2_temperature": lambda limits: (Direction.ABOVE, None, limits.ln2_vapour_max_c),
    "room_temperature": lambda limits: (Direction.OUTSIDE, *limits.room_temperature_c),
    "room_humidity": lambda limits: (Direction.OUTSIDE, *limits.room_humidity_pct),
}

PROCESS_KINDS: tuple[str, ...] = tuple(_BOUNDS)

# Citations for the debrief, in English like the regulatory ones; each number's source is in
# ATMP_GMP_FACTS.md (§3.1, §3.2, §3.3, §1.8), which trainees cannot read, so it is not cited.
REFERENCES: Mapping[str, str] = MappingProxyType(
    {
        "bioreactor_temperature": "Site process limit; set-point per the bioreactor maker's note",
        "co2": "Site process limit; set-point per the bioreactor maker's note",
        "ph": "Site process limit",
        "glucose": "Site process limit",
        "lactate": "Site process limit",
        "viability": "Site process limit; release specifications of published CAR-T processes",
        "doubling_time": "Site process limit: poor growth",
        "freezing_rate": "Controlled-rate freezing, Baboo et al., Sci Rep 2019",
        "ln2_temperature": "Vapour-phase LN₂ storage at −150 °C or colder",
        "room_temperature": "Site practice; Annex 1 sets no limit",
        "room_humidity": "Site practice; Annex 1 sets no limit",
    }
)

DEFAULT_PROCESS_LIMITS = ProcessLimits()
