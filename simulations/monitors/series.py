"""The simulators' output: named channels of timed samples.

Values are float64 for every channel. NaN marks a sample the sensor did not deliver (a
sensor_dropout fault); the UI shows a gap and alarm logic must skip it. Channels with
`integer` set hold whole numbers (counts, colonies) wherever they are not NaN. The arrays are
read-only, so a Series handed around cannot be changed by accident.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

CHANNEL_KINDS = (
    "particles",
    "counts",
    "cfu",
    "pressure",
    "temperature",
    "humidity",
    "cell_density",
    "viability",
    "concentration",
    "ph",
    "dissolved_oxygen",
    "gas",
    "level",
)


@dataclass(frozen=True, eq=False)
class Channel:
    """One channel: `values[i]` was measured at `times_s[i]` (seconds from the start).

    `location` is the room, zone or sample location it belongs to, `grade` that place's grade
    (for the limits the Django side looks up), both None for process equipment. `size` is a
    particle channel's size as simulations.regulatory.ParticleSize spells it ("0.5", "5").
    """

    name: str
    kind: str
    unit: str
    values: np.ndarray
    times_s: np.ndarray
    integer: bool = False
    location: str | None = None
    grade: str | None = None
    size: str | None = None

    def __post_init__(self):
        if self.kind not in CHANNEL_KINDS:
            raise ValueError(f"Channel kind must be one of {', '.join(CHANNEL_KINDS)}.")
        if self.values.shape != self.times_s.shape:
            raise ValueError(f"Channel {self.name} needs one time per value.")
        self.values.setflags(write=False)
        self.times_s.setflags(write=False)

    def __len__(self) -> int:
        return len(self.values)

    def until(self, t_s: float) -> "Channel":
        # Times are sorted, so the samples up to t_s are a prefix.
        end = int(np.searchsorted(self.times_s, t_s, side="right"))
        return Channel(
            name=self.name,
            kind=self.kind,
            unit=self.unit,
            values=self.values[:end].copy(),
            times_s=self.times_s[:end].copy(),
            integer=self.integer,
            location=self.location,
            grade=self.grade,
            size=self.size,
        )


class Series:
    """Channels by name, in the order the model produced them."""

    def __init__(self, channels: list[Channel]):
        self._channels = {channel.name: channel for channel in channels}
        if len(self._channels) != len(channels):
            raise ValueError("Every channel of a series needs a name of its own.")

    def __getitem__(self, name: str) -> Channel:
        try:
            return self._channels[name]
        except KeyError:
            raise KeyError(
                f"This series has no channel {name!r}; it has {', '.join(self._channels)}."
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._channels

    def __iter__(self) -> Iterator[Channel]:
        return iter(self._channels.values())

    def __len__(self) -> int:
        return len(self._channels)

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(self._channels)

    def samples_until(self, t_s: float) -> "Series":
        """A new Series with only the samples whose time is at most `t_s`."""
        return Series([channel.until(t_s) for channel in self])
