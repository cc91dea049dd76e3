"""Alarm and trend rules over one sampled channel, on plain numpy arrays.

A ChannelRule says what to check on a channel; `rule_for` builds it from the selected
regulatory profile (particles, viable counts, the pressure guidance value) or from the site's
process limits, so no limit is written here. `evaluate` returns the alarms of a series.

Semantics (ATMP_GMP_FACTS.md §1.6, §4.4):

- A value exceeds a limit when it is more than an upper limit or less than a lower one; a value
  at the limit is within it.
- An alarm fires at the sample where its condition becomes true, once per excursion. An
  excursion is a run of consecutive samples beyond the limit; it ends when a sample returns
  within the limit or reads nothing (NaN), after which a new excursion can alarm again.
- `consecutive_for_action` is the time filter: the action alarm fires at the n-th consecutive
  sample beyond the action limit. For Grade A ≥5 µm, where single counts may be false counts,
  the first sample of every such run raises an alert instead ("particles.5um.single_count"),
  and regular single counts within a window escalate to action.
- Trends: a run of `consecutive_alerts_for_trend` samples beyond the alert level, and
  `repeated_actions` action alarms within `repeated_actions_window_s`, each raise a "trend".
- NaN samples (sensor drop-out) raise "sensor.dropout" once per run of NaNs; a run of
  `stuck_samples` identical values raises "sensor.stuck".

Every alarm at or before a time depends only on samples at or before it, so evaluating a prefix
of a series gives the prefix of its alarms (`until_s` does exactly that). The trend and filter
defaults below are design choices [D] of FACTS §4.4 ("≥2–3 consecutive samples"); a scenario
tunes them with dataclasses.replace on the rule, which validates itself again.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from simulations.process_limits import (
    DEFAULT_PROCESS_LIMITS,
    PROCESS_KINDS,
    Direction,
    ProcessLimits,
)
from simulations.regulatory import (
    NO_GROWTH,
    Grade,
    LimitNotSet,
    Occupancy,
    ParticleSize,
    Reference,
    RegulatoryProfile,
    Sample,
)


class Level(StrEnum):
    ALERT = "alert"
    ACTION = "action"
    INVESTIGATION = "investigation"
    TREND = "trend"


@dataclass(frozen=True)
class Alarm:
    """One alarm. `value` is the reading that raised it and `limit` the threshold it crossed
    (the number of identical samples for "sensor.stuck"); both are None for "sensor.dropout",
    which has neither, so that alarms compare equal and serialise as JSON."""

    at_s: float
    channel: str
    level: str
    rule: str
    value: float | None
    limit: float | None
    reference: str


# Design choices [D], FACTS §4.4.
CONSECUTIVE_ALERTS_FOR_TREND = 3
REPEATED_ACTIONS = 2
REPEATED_ACTIONS_WINDOW_S = 8 * 3600.0
FALSE_COUNT_FILTER = 2  # consecutive ≥5 µm samples above the Grade A limit before action
REGULAR_COUNTS = 3
REGULAR_COUNTS_WINDOW_S = 3600.0
STUCK_SAMPLES = 30

SENSOR_REFERENCE = "Sensor fault: data integrity (FACTS §4.4)"
PROCESS_TREND_REFERENCE = "Trend rules for continuous variables (FACTS §4.4)"

COUNT_KINDS = ("particles", "viable")
# Computed from readings, not read: a steady process gives a steady value, and a stuck sensor
# shows in the readings they come from.
DERIVED_KINDS = ("freezing_rate", "doubling_time")
RULE_KINDS: tuple[str, ...] = (*COUNT_KINDS, "pressure", *PROCESS_KINDS)

# Per continuous kind: the family its alert code is built on, and the code of its action alarm.
_CONTINUOUS_CODES = {
    "pressure": ("pressure", "pressure.below_guidance"),
    "bioreactor_temperature": ("process.temperature", "process.temperature_out_of_range"),
    "co2": ("process.co2", "process.co2_out_of_range"),
    "ph": ("process.ph", "process.ph_low"),
    "glucose": ("process.glucose", "process.glucose_low"),
    "lactate": ("process.lactate", "process.lactate_high"),
    "viability": ("process.viability", "process.viability_low"),
    "doubling_time": ("process.doubling_time", "process.doubling_time_high"),
    "freezing_rate": ("freezer.rate", "freezer.cooling_too_slow"),
    "ln2_temperature": ("storage.ln2", "storage.ln2_too_warm"),
    "room_temperature": ("room.temperature", "room.temperature_out_of_range"),
    "room_humidity": ("room.humidity", "room.humidity_out_of_range"),
}


@dataclass(frozen=True)
class ChannelRule:
    """What to check on one channel.

    `action_limit` is the upper limit for ABOVE, the lower one for BELOW and the band's upper
    end for OUTSIDE, whose lower end is `lower_action_limit`. The alert level lies on the safe
    side of the action limit; a two-sided band takes none. Empty references fall back to
    `reference`.
    """

    kind: str
    action_limit: float | None
    alert_level: float | None
    direction: str
    reference: str
    rule_prefix: str
    action_rule: str
    action_level: str = Level.ACTION
    lower_action_limit: float | None = None
    consecutive_for_action: int = 1
    consecutive_for_alert: int = 1
    consecutive_alerts_for_trend: int | None = CONSECUTIVE_ALERTS_FOR_TREND
    repeated_actions: int | None = REPEATED_ACTIONS
    repeated_actions_window_s: float = REPEATED_ACTIONS_WINDOW_S
    single_count_alert: bool = False
    regular_counts: int | None = None
    regular_counts_window_s: float = REGULAR_COUNTS_WINDOW_S
    stuck_samples: int | None = None
    alert_reference: str = ""
    trend_reference: str = ""
    false_count_reference: str = ""

    def __post_init__(self):
        _check_choice("direction", self.direction, Direction)
        _check_choice("action_level", self.action_level, (Level.ACTION, Level.INVESTIGATION))
        self._check_limits()
        self._check_counts()

    def _check_limits(self):
        for name in ("action_limit", "alert_level", "lower_action_limit"):
            value = getattr(self, name)
            if value is not None and not _is_number(value):
                raise ValueError(f"{name} must be a finite number, not {value!r}.")
        if self.direction == Direction.OUTSIDE:
            if self.action_limit is None or self.lower_action_limit is None:
                raise ValueError("A two-sided rule needs a lower_action_limit and an action_limit.")
            if not self.lower_action_limit < self.action_limit:
                raise ValueError("lower_action_limit must lie below action_limit.")
            if self.alert_level is not None:
                raise ValueError("A two-sided rule takes no alert level.")
            return
        if self.lower_action_limit is not None:
            raise ValueError(
                "Only a two-sided rule (direction 'outside') has a lower_action_limit."
            )
        if self.alert_level is None or self.action_limit is None:
            return
        if self.direction == Direction.ABOVE and not self.alert_level < self.action_limit:
            raise ValueError(
                f"An alert level must lie below the action limit ({self.action_limit:g}), "
                f"not {self.alert_level:g}."
            )
        if self.direction == Direction.BELOW and not self.alert_level > self.action_limit:
            raise ValueError(
                f"An alert level must lie above the lower action limit ({self.action_limit:g}), "
                f"not {self.alert_level:g}."
            )

    def _check_counts(self):
        for name, least in (
            ("consecutive_for_action", 1),
            ("consecutive_for_alert", 1),
            ("consecutive_alerts_for_trend", 2),
            ("repeated_actions", 2),
            ("regular_counts", 2),
            ("stuck_samples", 2),
        ):
            value = getattr(self, name)
            optional = name not in ("consecutive_for_action", "consecutive_for_alert")
            if value is None and optional:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ValueError(
                    f"{name} must be a whole number of at least {least}, not {value!r}."
                )
        for name in ("repeated_actions_window_s", "regular_counts_window_s"):
            value = getattr(self, name)
            if not _is_number(value) or value <= 0:
                raise ValueError(f"{name} must be a number of seconds above 0, not {value!r}.")
        if self.regular_counts is not None and not self.single_count_alert:
            raise ValueError("regular_counts applies only to a rule with single_count_alert.")


def _check_choice(name: str, value, allowed) -> None:
    if value not in tuple(allowed):
        raise ValueError(f"Unknown {name} {value!r}: one of {', '.join(allowed)}.")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def rule_for(
    *,
    kind: str,
    profile: RegulatoryProfile,
    grade: str | None = None,
    occupancy: str | None = None,
    size: str | None = None,
    sample: str | None = None,
    process_limits: ProcessLimits = DEFAULT_PROCESS_LIMITS,
    alert_fraction: float | None = None,
    alert_level: float | None = None,
) -> ChannelRule:
    """The rule for a channel of `kind` (one of RULE_KINDS), its limits taken from `profile`
    (particles, viable, pressure) or `process_limits` (the others).

    The alert level is the site's: given outright, or as `alert_fraction` of the action limit
    (counts only). Raises ValueError for an unknown kind, grade, size, occupancy or sample, a
    missing argument, or an alert level not below the action limit; LimitNotSet where the
    profile sets no limit (Grade D in operation, glove prints in C and D).
    """
    _check_choice("kind", kind, RULE_KINDS)
    if alert_fraction is not None and alert_level is not None:
        raise ValueError("Give an alert_level or an alert_fraction, not both.")
    if alert_fraction is not None and kind not in COUNT_KINDS:
        raise ValueError("An alert_fraction applies to particle and viable counts only.")
    if kind == "particles":
        return _particle_rule(profile, grade, size, occupancy, alert_fraction, alert_level)
    if kind == "viable":
        return _viable_rule(profile, grade, sample, alert_fraction, alert_level)
    return _continuous_rule(kind, profile, process_limits, alert_level)


def _particle_rule(profile, grade, size, occupancy, alert_fraction, alert_level) -> ChannelRule:
    if grade is None or size is None or occupancy is None:
        raise ValueError("A particle rule needs a grade, a size and an occupancy.")
    grade = _member(Grade, "grade", grade)
    size = _member(ParticleSize, "size", size)
    occupancy = _member(Occupancy, "occupancy", occupancy)
    limit = profile.particle_limit(grade=grade, size=size, occupancy=occupancy)
    alert = _count_alert_level(limit, alert_fraction, alert_level)
    # Single ≥5 µm counts in Grade A may be false counts (FACTS §1.6): alert first, act on a run.
    false_counts = grade == Grade.A and size == ParticleSize.LARGE
    return ChannelRule(
        kind="particles",
        action_limit=float(limit),
        alert_level=alert,
        direction=Direction.ABOVE,
        reference=profile.reference(Reference.PARTICLE_MONITORING),
        rule_prefix="particles",
        action_rule="particles.action",
        consecutive_for_action=FALSE_COUNT_FILTER if false_counts else 1,
        single_count_alert=false_counts,
        regular_counts=REGULAR_COUNTS if false_counts else None,
        alert_reference=profile.reference(Reference.ALERT_LEVELS),
        trend_reference=profile.reference(Reference.TRENDS),
        false_count_reference=profile.reference(Reference.FALSE_COUNTS),
    )


def _viable_rule(profile, grade, sample, alert_fraction, alert_level) -> ChannelRule:
    if grade is None or sample is None:
        raise ValueError("A viable rule needs a grade and a sample.")
    grade = _member(Grade, "grade", grade)
    sample = _member(Sample, "sample", sample)
    limit = profile.action_limit(grade=grade, sample=sample)
    alert = _count_alert_level(limit, alert_fraction, alert_level)
    # Table 6 note (c): any growth in Grade A is investigated, not merely acted on.
    no_growth = limit == NO_GROWTH
    return ChannelRule(
        kind="viable",
        action_limit=float(limit),
        alert_level=alert,
        direction=Direction.ABOVE,
        reference=profile.reference(
            Reference.GRADE_A_GROWTH if no_growth else Reference.VIABLE_ACTION
        ),
        rule_prefix="viable",
        action_rule="viable.grade_a.any_growth" if no_growth else "viable.action",
        action_level=Level.INVESTIGATION if no_growth else Level.ACTION,
        alert_reference=profile.reference(Reference.ALERT_LEVELS),
        trend_reference=profile.reference(Reference.TRENDS),
    )


def _continuous_rule(kind, profile, process_limits, alert_level) -> ChannelRule:
    prefix, action_rule = _CONTINUOUS_CODES[kind]
    if kind == "pressure":
        minimum = profile.guidance.pressure_differential_pa
        if minimum is None:
            raise LimitNotSet(f"{profile.code} gives no pressure differential guidance value.")
        direction, low, high = Direction.BELOW, float(minimum), None
        reference = profile.reference(Reference.PRESSURE)
        trend_reference = profile.reference(Reference.TRENDS)
    else:
        limit = process_limits.limit(kind)
        direction, low, high, reference = limit.direction, limit.low, limit.high, limit.reference
        trend_reference = PROCESS_TREND_REFERENCE
    return ChannelRule(
        kind=kind,
        action_limit=low if direction == Direction.BELOW else high,
        lower_action_limit=low if direction == Direction.OUTSIDE else None,
        alert_level=None if alert_level is None else float(alert_level),
        direction=direction,
        reference=reference,
        rule_prefix=prefix,
        action_rule=action_rule,
        stuck_samples=None if kind in DERIVED_KINDS else STUCK_SAMPLES,
        trend_reference=trend_reference,
    )


def _member(enum, name: str, value):
    try:
        return enum(value)
    except ValueError:
        raise ValueError(f"Unknown {name} {value!r}: one of {', '.join(enum)}.") from None


def _count_alert_level(limit: int, alert_fraction, alert_level) -> float | None:
    """The site's alert level for a count limit: 0 or more, below the limit (as `assess`)."""
    if alert_fraction is not None:
        if not _is_number(alert_fraction) or not 0 < alert_fraction < 1:
            raise ValueError(f"An alert fraction lies between 0 and 1, not {alert_fraction!r}.")
        alert_level = alert_fraction * limit
    if alert_level is None:
        return None
    if not _is_number(alert_level) or not 0 <= alert_level < limit:
        raise ValueError(
            f"An alert level must lie between 0 and the action limit ({limit}), "
            f"not {alert_level!r}."
        )
    return float(alert_level)


SINGLE_COUNT = "particles.5um.single_count"
REGULAR_COUNTS_RULE = "particles.5um.regular_counts"
CONSECUTIVE_ALERTS = "trend.consecutive_alerts"
REPEATED_ACTIONS_RULE = "trend.repeated_actions"
DROPOUT = "sensor.dropout"
STUCK = "sensor.stuck"


@dataclass(frozen=True)
class _Found:
    """Alarms of one rule at sample `indices`; `order` ranks rules raised at the same sample."""

    indices: np.ndarray
    order: int
    level: str
    rule: str
    limits: np.ndarray | float
    reference: str


def evaluate(
    *,
    channel: str,
    times_s: np.ndarray,
    values: np.ndarray,
    rule: ChannelRule,
    until_s: float | None = None,
) -> list[Alarm]:
    """The alarms of one channel in time order, using only the samples at or before `until_s`.

    `values` may hold NaN for samples a sensor did not deliver. Raises ValueError for arrays
    of different lengths, more than one dimension, or times that are not finite and strictly
    increasing.
    """
    times, readings = _series(times_s, values, until_s)
    found = [*_sensor_alarms(readings, rule), *_limit_alarms(times, readings, rule)]
    if not any(item.indices.size for item in found):
        return []
    indices = np.concatenate([item.indices for item in found])
    # Each rule has its own rank and fires at most once per sample, so this order is total.
    ranks = np.concatenate([np.full(item.indices.size, item.order) for item in found])
    limits = np.concatenate(
        [
            np.broadcast_to(np.asarray(item.limits, dtype=float), item.indices.shape)
            for item in found
        ]
    )
    which = np.repeat(np.arange(len(found)), [item.indices.size for item in found])
    order = np.lexsort((ranks, indices))
    indices = indices[order]
    kinds = [(str(item.level), item.rule, item.reference) for item in found]
    return [
        Alarm(
            at_s=at_s,
            channel=channel,
            level=kinds[item][0],
            rule=kinds[item][1],
            value=None if value != value else value,  # only a drop-out reads NaN
            limit=None if limit != limit else limit,
            reference=kinds[item][2],
        )
        for at_s, value, limit, item in zip(
            times[indices].tolist(),
            readings[indices].tolist(),
            limits[order].tolist(),
            which[order].tolist(),
            strict=True,
        )
    ]


def _series(times_s, values, until_s) -> tuple[np.ndarray, np.ndarray]:
    try:
        times = np.asarray(times_s, dtype=float)
        readings = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("times_s and values must be arrays of numbers.") from None
    if times.ndim != 1 or readings.ndim != 1:
        raise ValueError("times_s and values must be one-dimensional arrays.")
    if times.shape != readings.shape:
        raise ValueError(
            f"times_s and values must have the same length, not {times.size} and {readings.size}."
        )
    # Strictly increasing between finite ends means finite throughout; NaN fails the test.
    increasing = bool((times[1:] > times[:-1]).all())
    if times.size and not (increasing and np.isfinite(times[[0, -1]]).all()):
        raise ValueError("times_s must be finite and strictly increasing.")
    if until_s is None:
        return times, readings
    if not _is_number(until_s) and not isinstance(until_s, np.floating | np.integer):
        raise ValueError(f"until_s must be a number of seconds, not {until_s!r}.")
    end = int(np.searchsorted(times, until_s, side="right"))
    return times[:end], readings[:end]


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and lengths of the runs of True in `mask`."""
    if not mask.size:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    changes = np.flatnonzero(mask[1:] != mask[:-1]) + 1
    rises = changes[mask[changes]]
    falls = changes[~mask[changes]]
    starts = np.concatenate(([0], rises)) if mask[0] else rises
    ends = np.concatenate((falls, [mask.size])) if mask[-1] else falls
    return starts, ends - starts


def _nth_of_runs(mask: np.ndarray, n: int) -> np.ndarray:
    """The index of the n-th sample of every run of True that reaches n samples."""
    starts, lengths = _runs(mask)
    return starts[lengths >= n] + (n - 1)


def _window_hits(times: np.ndarray, count: int, window_s: float) -> np.ndarray:
    """Positions in `times` (event times, ascending) where the events within the window
    (t − window_s, t] first number `count`."""
    earliest = np.searchsorted(times, times - window_s, side="right")
    return np.flatnonzero(np.arange(times.size) - earliest + 1 == count)


def _sensor_alarms(readings: np.ndarray, rule: ChannelRule) -> list[_Found]:
    found = [
        _Found(_runs(np.isnan(readings))[0], 0, Level.ALERT, DROPOUT, math.nan, SENSOR_REFERENCE)
    ]
    if rule.stuck_samples is not None and readings.size > 1:
        # Sample j and j+1 agree; the run's n-th identical sample is one past its (n−1)-th pair.
        same = readings[1:] == readings[:-1]
        stuck = _nth_of_runs(same, rule.stuck_samples - 1) + 1
        found.append(
            _Found(stuck, 1, Level.ALERT, STUCK, float(rule.stuck_samples), SENSOR_REFERENCE)
        )
    return found


def _limit_alarms(times: np.ndarray, readings: np.ndarray, rule: ChannelRule) -> list[_Found]:
    found = []
    taken = np.empty(0, dtype=np.intp)
    if rule.action_limit is not None:
        found, taken = _action_alarms(times, readings, rule)
    if rule.alert_level is not None:
        found += _alert_alarms(readings, rule, taken)
    return found


def _beyond_action(readings: np.ndarray, rule: ChannelRule) -> np.ndarray:
    if rule.direction == Direction.ABOVE:
        return readings > rule.action_limit
    if rule.direction == Direction.BELOW:
        return readings < rule.action_limit
    return (readings < rule.lower_action_limit) | (readings > rule.action_limit)


def _action_limits(readings: np.ndarray, indices: np.ndarray, rule: ChannelRule):
    if rule.direction != Direction.OUTSIDE:
        return rule.action_limit
    return np.where(
        readings[indices] > rule.action_limit, rule.action_limit, rule.lower_action_limit
    )


def _action_alarms(times, readings, rule: ChannelRule) -> tuple[list[_Found], np.ndarray]:
    """Action excursions, single and regular counts, repeated actions; and the samples at which
    an action-family alarm fired, which an alert at the same sample would only repeat."""
    starts, lengths = _runs(_beyond_action(readings, rule))
    n = rule.consecutive_for_action
    actions = starts[lengths >= n] + (n - 1)
    found = [
        _Found(
            actions,
            2,
            rule.action_level,
            rule.action_rule,
            _action_limits(readings, actions, rule),
            rule.reference,
        )
    ]
    taken = [actions]
    if rule.single_count_alert and n > 1:
        found_counts, taken_counts = _count_alarms(times, starts, rule)
        found += found_counts
        taken += taken_counts
    if rule.repeated_actions is not None:
        repeated = actions[
            _window_hits(times[actions], rule.repeated_actions, rule.repeated_actions_window_s)
        ]
        trend_reference = rule.trend_reference or rule.reference
        found.append(
            _Found(
                repeated,
                7,
                Level.TREND,
                REPEATED_ACTIONS_RULE,
                _action_limits(readings, repeated, rule),
                trend_reference,
            )
        )
    return found, np.concatenate(taken)


def _count_alarms(times, starts, rule: ChannelRule) -> tuple[list[_Found], list[np.ndarray]]:
    """Grade A ≥5 µm: every run above the limit opens with a possible false count (an alert);
    `regular_counts` of them within the window call for action."""
    reference = rule.false_count_reference or rule.reference
    regular = np.empty(0, dtype=np.intp)
    if rule.regular_counts is not None:
        regular = starts[
            _window_hits(times[starts], rule.regular_counts, rule.regular_counts_window_s)
        ]
    single = np.setdiff1d(starts, regular, assume_unique=True)
    return [
        _Found(regular, 3, Level.ACTION, REGULAR_COUNTS_RULE, rule.action_limit, reference),
        _Found(single, 4, Level.ALERT, SINGLE_COUNT, rule.action_limit, reference),
    ], [regular, single]


def _alert_alarms(readings, rule: ChannelRule, taken: np.ndarray) -> list[_Found]:
    if rule.direction == Direction.ABOVE:
        beyond = readings > rule.alert_level
    else:
        beyond = readings < rule.alert_level
    starts, lengths = _runs(beyond)
    m = rule.consecutive_for_alert
    alerts = starts[lengths >= m] + (m - 1)
    alerts = alerts[~np.isin(alerts, taken)]
    found = [
        _Found(
            alerts,
            5,
            Level.ALERT,
            f"{rule.rule_prefix}.alert",
            rule.alert_level,
            rule.alert_reference or rule.reference,
        )
    ]
    k = rule.consecutive_alerts_for_trend
    if k is not None:
        trends = starts[lengths >= k] + (k - 1)
        found.append(
            _Found(
                trends,
                6,
                Level.TREND,
                CONSECUTIVE_ALERTS,
                rule.alert_level,
                rule.trend_reference or rule.reference,
            )
        )
    return found


def rate_per_min(
    *, times_s: np.ndarray, values: np.ndarray, window_s: float
) -> tuple[np.ndarray, np.ndarray]:
    """The change per minute over the trailing `window_s`, as (times, rates), to judge a
    temperature series by the "freezing_rate" rule. The rates start one whole window after the
    first sample; each uses only samples at or before its own time. A missing sample at either
    end of a window gives NaN, which the rule reports as a drop-out."""
    if not _is_number(window_s) or window_s <= 0:
        raise ValueError(f"window_s must be a number of seconds above 0, not {window_s!r}.")
    times, readings = _series(times_s, values, None)
    if not times.size:
        return times, readings
    first = int(np.searchsorted(times, times[0] + window_s, side="left"))
    ends = np.arange(first, times.size)
    starts = np.searchsorted(times, times[ends] - window_s, side="left")
    rates = (readings[ends] - readings[starts]) / (times[ends] - times[starts]) * 60.0
    return times[ends], rates
