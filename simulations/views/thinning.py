"""Long channels cut down for the dashboard's first drawing.

A week of 1-minute samples is ten thousand points per channel, more than a chart a few hundred
pixels wide can show and megabytes of page. Each channel keeps at most MAX_POINTS: per bucket
of consecutive samples its lowest and highest value (so a spike or a dip beyond a limit is
never smoothed away), the first gap (so a sensor drop-out still shows as one), and always its
last sample and last reading, which the table of latest values shows. Later polls bring the
new samples whole.
"""

import math

import numpy as np

MAX_POINTS = 1200


def thinned(channels: dict, limit: int = MAX_POINTS) -> dict:
    return {name: _thin(channel, limit) for name, channel in channels.items()}


def _thin(channel: dict, limit: int) -> dict:
    count = len(channel["t"])
    if count <= limit:
        return channel
    values = np.array(channel["v"], dtype=float)  # None (no reading) becomes NaN
    missing = np.isnan(values)
    keep = {count - 1}
    readings = np.flatnonzero(~missing)
    if readings.size:
        keep.add(int(readings[-1]))
    size = math.ceil(count / (limit // 3))
    for start in range(0, count, size):
        keep.update(start + offset for offset in _extremes(values[start : start + size]))
    indices = sorted(keep)
    return {
        **channel,
        "t": [channel["t"][i] for i in indices],
        "v": [channel["v"][i] for i in indices],
    }


def _extremes(chunk: np.ndarray) -> list[int]:
    gaps = np.isnan(chunk)
    if gaps.all():
        return [0]
    found = [int(np.nanargmin(chunk)), int(np.nanargmax(chunk))]
    if gaps.any():
        found.append(int(np.argmax(gaps)))
    return found
