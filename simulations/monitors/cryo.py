"""Cryopreservation: a controlled-rate freezer run and vapour-phase LN2 storage (FACTS §3.1).

Freezer: the programme holds the start temperature, cools at the configured rate (≤ −1 °C/min
for T cells, FACTS §3.1 [V]) and holds the end temperature. The chamber follows the programme
with a 30 s time constant [D]; the sample follows it with the sample lag added (one time
constant standing in for chamber and sample in series [D]). When the sample first reaches the
nucleation temperature, the latent heat of freezing warms it by a bump shaped
(1 − e^(−Δt/20 s))·e^(−Δt/300 s), scaled to peak at `latent_heat_bump_c` [D]. lid_open pulls
the chamber toward 20 °C ambient (by its magnitude, time constant 120 s [D]);
temperature_drift shifts it from the programme.

Storage: LN2 boils off at the consumption rate (tripled while the lid is fully open [D]); the
supply refills it between the configured levels unless ln2_supply_failure stops it. The vapour
stays at its set-point while LN2 is above the critical level, warms by `warming_c_per_pct` per
percent below it and by `empty_warming_c_per_h` once empty [D]; an open lid adds up to 40 °C
(time constant 60 s, 10 min to recover [D]). Every level change between events and
thresholds is linear, so the level is computed segment by segment, not second by second.
"""

import math

import numpy as np

from .config import FreezerConfig, StorageConfig
from .dynamics import breakpoints, grid, relax
from .events import Timeline
from .sensors import apply_faults, read
from .series import Channel

AMBIENT_C = 20.0
CHAMBER_TAU_S = 30.0
LID_TAU_S = 120.0
RELEASE_RISE_S = 20.0
RELEASE_DECAY_S = 300.0
# The peak of (1 − e^(−t/rise))·e^(−t/decay), at t = rise·ln(1 + decay/rise).
_PEAK_AT_S = RELEASE_RISE_S * math.log(1 + RELEASE_DECAY_S / RELEASE_RISE_S)
BUMP_PEAK = (1 - math.exp(-_PEAK_AT_S / RELEASE_RISE_S)) * math.exp(-_PEAK_AT_S / RELEASE_DECAY_S)
STORAGE_LID_C = 40.0
STORAGE_LID_OPEN_TAU_S = 60.0
STORAGE_LID_CLOSE_TAU_S = 600.0
LID_BOIL_OFF = 2.0


def _programme(config: FreezerConfig, t: float) -> tuple[float, float]:
    """(temperature, slope per second) of the programme at t."""
    cooling_s = (config.end_c - config.start_c) / config.rate_c_per_min * 60.0
    if t < config.hold_s:
        return config.start_c, 0.0
    if t < config.hold_s + cooling_s:
        slope = config.rate_c_per_min / 60.0
        return config.start_c + slope * (t - config.hold_s), slope
    return config.end_c, 0.0


def freezer_truth(config: FreezerConfig, timeline: Timeline, times: np.ndarray) -> dict:
    cooling_s = (config.end_c - config.start_c) / config.rate_c_per_min * 60.0
    items = timeline.of("freezer", "lid_open", "temperature_drift")
    points = [config.hold_s, config.hold_s + cooling_s]
    points += [point for item in items for point in item.breakpoints()]
    breaks = breakpoints(points, float(times[-1]))
    targets, slopes, lids = [], [], []
    for t in breaks:
        value, slope = _programme(config, t)
        lid = min(sum(i.level(t) for i in items if i.kind == "lid_open"), 1.0)
        drift = sum(i.level(t) for i in items if i.kind == "temperature_drift")
        targets.append((1 - lid) * value + lid * AMBIENT_C + drift)
        slopes.append((1 - lid) * slope)
        lids.append(lid)
    chamber_rates = [1 / (LID_TAU_S if lid else CHAMBER_TAU_S) for lid in lids]
    sample_rates = [1 / (1 / rate + config.sample_lag_s) for rate in chamber_rates]
    chamber = relax(times, breaks, targets, chamber_rates, targets[0], slopes)
    sample = relax(times, breaks, targets, sample_rates, targets[0], slopes)
    frozen = np.flatnonzero(sample <= config.nucleation_c)
    if len(frozen):
        since = np.maximum(times - times[frozen[0]], 0.0)
        bump = (1 - np.exp(-since / RELEASE_RISE_S)) * np.exp(-since / RELEASE_DECAY_S)
        sample = sample + config.latent_heat_bump_c * bump / BUMP_PEAK
    return {"chamber_c": chamber, "sample_c": sample}


def _level_segments(config: StorageConfig, timeline: Timeline, duration_s: float):
    """Segments (start, level at start, %/s, empty since or inf) of the LN2 level: a new one
    at every event breakpoint and wherever the level reaches a refill threshold or 0."""
    items = timeline.of("storage", "ln2_supply_failure", "lid_open")
    upcoming = breakpoints([p for item in items for p in item.breakpoints()], duration_s)[1:]
    level, t, empty_since = config.ln2_level_pct, 0.0, math.inf
    refilling = False
    segments = []
    while t <= duration_s:
        supply = not any(i.kind == "ln2_supply_failure" and i.start <= t < i.end for i in items)
        lid = min(sum(i.level(t) for i in items if i.kind == "lid_open"), 1.0)
        use = config.consumption_pct_per_h * (1 + LID_BOIL_OFF * lid) / 3600.0
        refilling = supply and (refilling or level <= config.refill_below_pct)
        rate = config.refill_pct_per_h / 3600.0 - use if refilling else -use
        if level <= 0 and rate <= 0:
            level, rate = 0.0, 0.0
            empty_since = min(empty_since, t)
        else:
            empty_since = math.inf
        segments.append((t, level, rate, empty_since))
        goal = _goal(config, refilling, supply, rate)
        crossing = t + (goal - level) / rate if goal is not None else math.inf
        following = next((point for point in upcoming if point > t), math.inf)
        if crossing < following:
            level, t = goal, crossing
            refilling = refilling and goal < config.refill_to_pct
        else:
            level, t = level + rate * (following - t), following
    return segments


def _goal(config: StorageConfig, refilling: bool, supply: bool, rate: float) -> float | None:
    """The level at which the level's course changes next, if it ever does."""
    if refilling and rate > 0:
        return config.refill_to_pct
    if rate < 0:
        return config.refill_below_pct if supply and not refilling else 0.0
    return None


def storage_truth(config: StorageConfig, timeline: Timeline, times: np.ndarray) -> dict:
    segments = _level_segments(config, timeline, float(times[-1]))
    starts = np.array([segment[0] for segment in segments])
    index = np.searchsorted(starts, times, side="right") - 1
    table = np.array([segment[1:] for segment in segments])
    level = np.clip(table[index, 0] + table[index, 1] * (times - starts[index]), 0.0, 100.0)
    empty = np.maximum(times - table[index, 2], 0.0)
    deficit = np.maximum(config.critical_level_pct - level, 0.0)
    warming = config.warming_c_per_pct * deficit + config.empty_warming_c_per_h * empty / 3600.0
    return {
        "temperature_c": np.minimum(config.temperature_c + warming, AMBIENT_C)
        + _storage_lid(timeline, times),
        "ln2_level_pct": level,
    }


def _storage_lid(timeline: Timeline, times: np.ndarray) -> np.ndarray:
    items = timeline.of("storage", "lid_open")
    breaks = breakpoints([p for item in items for p in item.breakpoints()], float(times[-1]))
    lids = [min(sum(i.level(t) for i in items), 1.0) for t in breaks]
    targets = [STORAGE_LID_C * lid for lid in lids]
    rates = [1 / (STORAGE_LID_OPEN_TAU_S if lid else STORAGE_LID_CLOSE_TAU_S) for lid in lids]
    return relax(times, breaks, targets, rates, targets[0])


def cryo_channels(config, source: str, timeline: Timeline, seed: int, duration_s: float):
    times = grid(duration_s, config.measurement_interval_s)
    if source == "freezer":
        truth = freezer_truth(config, timeline, times)
    else:
        truth = storage_truth(config, timeline, times)
    channels = []
    for quantity, values in truth.items():
        name = f"{source}.{quantity}"
        kind, unit = ("level", "%") if quantity == "ln2_level_pct" else ("temperature", "°C")
        sensed = read(seed, name, values, times)
        channels.append(
            Channel(
                name=name,
                kind=kind,
                unit=unit,
                values=apply_faults(sensed, times, timeline.faults(name)),
                times_s=times.copy(),
            )
        )
    return channels
