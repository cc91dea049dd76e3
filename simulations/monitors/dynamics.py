"""Closed-form first-order dynamics between events, evaluated on a time grid without a
Python loop over time.

Between two breakpoints the parameters are constant and y' = k·(a + r·(t − t₀) − y), whose
solution is y(t) = a − r/k + r·(t − t₀) + (y₀ − a + r/k)·e^(−k·(t − t₀)). With r = 0 this is
the well-mixed room's C(t) = C_ss + (C₀ − C_ss)·e^(−N·t) (FACTS §4.1). Each grid value depends
only on the segment it falls in and the segments before it, so a breakpoint added at T leaves
every value before T bit-identical.
"""

import math
from collections.abc import Iterable

import numpy as np

SETTLED = 40.0


def grid(duration_s: float, step_s: float) -> np.ndarray:
    return np.arange(int(duration_s // step_s) + 1, dtype=np.float64) * step_s


def breakpoints(points: Iterable[float], duration_s: float) -> list[float]:
    """Sorted unique breakpoints inside the run, starting with 0."""
    return sorted({0.0, *(float(p) for p in points if 0 < p <= duration_s)})


def relax(
    times: np.ndarray,
    breaks: list[float],
    targets: list[float],
    rates: list[float],
    start: float,
    slopes: list[float] | None = None,
) -> np.ndarray:
    """y on `times` relaxing toward targets[i] (+ slopes[i]·(t − breaks[i])) at rates[i]
    (per second) from breaks[i] on; y(0) = start."""
    slopes = slopes or [0.0] * len(breaks)
    return relax_many(times, breaks, [targets], rates, [start], [slopes])[0]


def relax_many(
    times: np.ndarray,
    breaks: list[float],
    targets: list[list[float]],
    rates: list[float],
    starts: list[float],
    slopes: list[list[float]] | None = None,
) -> np.ndarray:
    """relax() for several signals sharing breakpoints and rates, one row each: the
    exponential is computed once per segment for all of them."""
    count = len(targets)
    slopes = slopes or [[0.0] * len(breaks)] * count
    values = np.empty((count, len(times)))
    edges = np.searchsorted(times, breaks, side="left").tolist() + [len(times)]
    levels = list(starts)
    for index, (t0, rate) in enumerate(zip(breaks, rates, strict=True)):
        low, high = edges[index], edges[index + 1]
        span = breaks[index + 1] - t0 if index + 1 < len(breaks) else 0.0
        # Past SETTLED time constants the transient is below 10⁻¹⁷ of its start: it is left out.
        settled = low + int(np.searchsorted(times[low:high], t0 + SETTLED / rate, side="left"))
        decay = np.exp(-rate * (times[low:settled] - t0))
        for row in range(count):
            slope = slopes[row][index]
            offset = targets[row][index] - slope / rate
            values[row, low:settled] = offset + (levels[row] - offset) * decay
            values[row, settled:high] = offset
            if slope:
                values[row, low:high] += slope * (times[low:high] - t0)
            levels[row] = offset + slope * span + (levels[row] - offset) * math.exp(-rate * span)
    return values


def ramp_level(times: np.ndarray, occurrences) -> np.ndarray:
    """The summed level of ramping or stepped occurrences on `times`, exactly (no stairs)."""
    total = np.zeros_like(times)
    for item in occurrences:
        active = (times >= item.start) & (times < item.end)
        fraction = np.clip((times - item.start) / item.ramp_s, 0, 1) if item.ramp_s > 0 else 1.0
        total += np.where(active, item.magnitude * fraction, 0.0)
    return total
