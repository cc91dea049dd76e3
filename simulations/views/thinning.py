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
    readings = np.flatnonzero(~np.isnan(values))
    last = [count - 1, *readings[-1:].tolist()]
    indices = sorted({*_extremes(values, math.ceil(count / (limit // 3))), *last})
    return {
        **channel,
        "t": [channel["t"][i] for i in indices],
        "v": [channel["v"][i] for i in indices],
    }


def _extremes(values: np.ndarray, size: int) -> list[int]:
    """Per bucket of `size` samples: the lowest and highest reading and the first gap."""
    count = values.size
    buckets = math.ceil(count / size)
    grid = np.full(buckets * size, np.nan)
    grid[:count] = values
    grid = grid.reshape(buckets, size)
    gaps = np.isnan(grid)
    read = ~gaps.all(axis=1)
    starts = np.arange(buckets) * size
    found = np.concatenate(
        [
            (starts + np.where(gaps, np.inf, grid).argmin(axis=1))[read],
            (starts + np.where(gaps, -np.inf, grid).argmax(axis=1))[read],
            (starts + gaps.argmax(axis=1))[gaps.any(axis=1)],
        ]
    )
    return found[found < count].tolist()
