"""Sensors: y = x + b(t) + ε, and the faults a sensor can have (FACTS §4.4).

ε is Gaussian with the σ of FACTS §4.4 where it gives one (temperature 0.1 °C, pH 0.02,
ΔP 0.5 Pa) and a design value otherwise [D]; for cell counts, glucose and lactate it is
relative (cell counter CV ~5–10 %, FACTS §4.3). b(t) is a slow random-walk drift, one step
a minute [D].
Particle counts and colonies get no sensor noise: their randomness is the counting itself.

Faults come as events whose target is a channel: sensor_stuck holds the last reading taken at
or before the fault; sensor_dropout gives NaN (no reading) while it lasts; sensor_spike adds
its magnitude to the readings while it lasts (with no duration, to one reading);
sensor_miscalibration adds its magnitude as an offset until a repair. Faults on a particle
counter act on its counts, so counts and particles/m³ stay consistent: a magnitude given on a
particles channel is converted to counts with the sample volume.
"""

import math
from dataclasses import dataclass

import numpy as np

from .noise import normal

DRIFT_STEP_S = 60.0


@dataclass(frozen=True)
class Sensor:
    sigma: float
    drift_per_sqrt_h: float = 0.0
    relative: bool = False
    low: float = -math.inf
    high: float = math.inf


SENSORS = {
    "dp_pa": Sensor(0.5, 0.05),
    "temperature_c": Sensor(0.1, 0.01),
    "humidity_pct": Sensor(1.0, 0.1, low=0.0, high=100.0),
    "vcd": Sensor(0.07, relative=True, low=0.0),
    "viability_pct": Sensor(1.5, low=0.0, high=100.0),
    "glucose_mm": Sensor(0.03, relative=True, low=0.0),
    "lactate_mm": Sensor(0.03, relative=True, low=0.0),
    "ph": Sensor(0.02, 0.005),
    "do_pct": Sensor(1.0, 0.1, low=0.0, high=100.0),
    "co2_pct": Sensor(0.05, 0.01, low=0.0),
    "chamber_c": Sensor(0.3),
    "sample_c": Sensor(0.3),
    "ln2_level_pct": Sensor(0.5, low=0.0, high=100.0),
}


def read(seed: int, channel: str, truth: np.ndarray, times: np.ndarray) -> np.ndarray:
    """What the sensor of `channel` reports for the true values `truth` at `times`."""
    sensor = SENSORS[channel.split(".", 1)[1]]
    size = len(truth)
    noise = sensor.sigma * normal(seed, channel, "noise", size)
    values = truth * (1.0 + noise) if sensor.relative else truth + noise
    if sensor.drift_per_sqrt_h and size:
        values = values + _drift(seed, channel, times, sensor.drift_per_sqrt_h)
    if math.isinf(sensor.low) and math.isinf(sensor.high):
        return values
    return np.clip(values, sensor.low, sensor.high)


def _drift(seed: int, channel: str, times: np.ndarray, per_sqrt_h: float) -> np.ndarray:
    """A random walk that takes one step every DRIFT_STEP_S seconds; step j is random but
    fixed for the seed and channel, so the drift depends on time alone."""
    index = (times // DRIFT_STEP_S).astype(np.int64)
    steps = normal(seed, channel, "drift", int(index[-1]) + 1) * math.sqrt(DRIFT_STEP_S / 3600)
    steps[0] = 0.0
    return per_sqrt_h * np.cumsum(steps)[index]


def apply_faults(
    values: np.ndarray, times: np.ndarray, faults, integer: bool = False, scale: float = 1.0
) -> np.ndarray:
    """`values` with the faults (Occurrences of sensor kinds, in time order) applied; a fault's
    magnitude is multiplied by `scale` (and rounded for whole-number channels)."""
    values = values.astype(np.float64, copy=True)
    for fault in faults:
        magnitude = fault.magnitude * scale
        if integer:
            magnitude = float(round(magnitude))
        inside = (times >= fault.start) & (times < fault.end)
        if fault.kind == "sensor_spike" and fault.end <= fault.start:
            inside = np.zeros(len(times), dtype=bool)
            first = int(np.searchsorted(times, fault.start, side="left"))
            if first < len(times):
                inside[first] = True
        if fault.kind == "sensor_stuck":
            values[inside] = _held(values, times, fault.start)
        elif fault.kind == "sensor_dropout":
            values[inside] = np.nan
        else:
            values[inside] = values[inside] + magnitude
        if integer:
            values = np.where(np.isnan(values), values, np.maximum(values, 0.0))
    return values


def _held(values: np.ndarray, times: np.ndarray, start: float) -> float:
    last = int(np.searchsorted(times, start, side="right")) - 1
    return values[max(last, 0)] if len(values) else math.nan
