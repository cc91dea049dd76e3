"""Events: what happens to a simulated room or process, and what a trainee's actions do.

An `Event` starts at `at_s`. Kinds that last (an intervention, a failure, a sensor fault) end
after `duration_s`, or, with a duration of 0, when a later event ends them; kinds that ramp
(hepa_failure, co2_drift, temperature_drift) reach their full `magnitude` over `duration_s`
and stay until a `repair`:

=====================  ======================================  ==========================
kind                   magnitude and effect                    ends with
=====================  ======================================  ==========================
door_open              (unused) door open; 0 s lasts 10 s      its duration
personnel_entry/exit   people (whole); the door opens for 5 s  — (the count stays)
intervention           1 routine, more is worse technique      duration (0: 60 s) or
                                                               stop_process
hepa_failure           leak; 1 passes 1 % of unfiltered air    repair
interlock_failure      (unused) airlock doors open together    duration or repair
glove_breach           CFU added to each glove print           duration, sanitise, repair
poor_gowning           0–1; 1 sheds like street clothes        duration or repair
sanitise               (instant) surfaces and gloves clean     —
stop_process           (unused) activity idles, interventions  duration or resume_process
                       end
resume_process         (instant) activity back                 —
missed_feed            (unused) perfusion and feeds stop       duration or a feed
feed                   glucose in mmol; feeding resumes        —
perfusion_change       factor on the perfusion rate            the next perfusion_change
co2_drift              CO₂ offset, % (signed)                  repair
temperature_drift      temperature offset, °C (signed)         repair
ln2_supply_failure     (unused) no LN₂ refills                 duration or repair
lid_open               0–1; 1 = wide open                      duration or repair
repair                 (instant) ends failures and faults      —
sensor_stuck           (unused) reading frozen                 duration or repair
sensor_dropout         (unused) no reading (NaN)               duration or repair
sensor_spike           added to the reading                    duration (0: one reading)
sensor_miscalibration  offset added to the reading             duration or repair
=====================  ======================================  ==========================

`target` names what the event acts on: a room or zone, "bioreactor", "freezer", "storage", or
a channel for the sensor kinds (which need one; repair may name one too). Empty means the
first source the kind can act on (Timeline._candidates: zones before rooms for intervention
and glove_breach, rooms before zones for hepa_failure, bioreactor, freezer, storage, then
rooms for temperature_drift, storage before freezer for lid_open), and everything for
sanitise, stop_process, resume_process and repair. Those four, poor_gowning and glove_breach
aimed at a room also reach the zones inside it (REACH_INTO_ZONES). The default durations above
are design values [D].
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from .config import ConfigError, ModelConfig

EVENT_KINDS = (
    "door_open",
    "personnel_entry",
    "personnel_exit",
    "intervention",
    "hepa_failure",
    "interlock_failure",
    "glove_breach",
    "poor_gowning",
    "sanitise",
    "stop_process",
    "resume_process",
    "missed_feed",
    "feed",
    "perfusion_change",
    "co2_drift",
    "temperature_drift",
    "ln2_supply_failure",
    "lid_open",
    "repair",
    "sensor_stuck",
    "sensor_dropout",
    "sensor_spike",
    "sensor_miscalibration",
)
SENSOR_KINDS = frozenset(
    {"sensor_stuck", "sensor_dropout", "sensor_spike", "sensor_miscalibration"}
)
GLOBAL_KINDS = frozenset({"sanitise", "stop_process", "resume_process", "repair"})
RAMP_KINDS = frozenset({"hepa_failure", "co2_drift", "temperature_drift"})
# Which later kinds end a lasting kind early (same target, a room around it, or everything).
ENDED_BY = {
    "intervention": frozenset({"stop_process"}),
    "hepa_failure": frozenset({"repair"}),
    "interlock_failure": frozenset({"repair"}),
    "glove_breach": frozenset({"sanitise", "repair"}),
    "poor_gowning": frozenset({"repair"}),
    "stop_process": frozenset({"resume_process"}),
    "missed_feed": frozenset({"feed"}),
    "co2_drift": frozenset({"repair"}),
    "temperature_drift": frozenset({"repair"}),
    "ln2_supply_failure": frozenset({"repair"}),
    "lid_open": frozenset({"repair"}),
    **{kind: frozenset({"repair"}) for kind in SENSOR_KINDS},
}
# What the operators of a room do there they also do in the zones inside it; an intervention
# or a HEPA failure of the room leaves the zone's own first air alone.
REACH_INTO_ZONES = frozenset(
    {"poor_gowning", "glove_breach", "sanitise", "stop_process", "resume_process", "repair"}
)
DEFAULT_DURATION_S = {"door_open": 10.0, "intervention": 60.0}
PERSONNEL_DOOR_S = 5.0
ALL = "*"

# Magnitude ranges: (low, high, whole number?).
MAGNITUDES = {
    "personnel_entry": (1, 50, True),
    "personnel_exit": (1, 50, True),
    "intervention": (0, 100, False),
    "hepa_failure": (0, 100, False),
    "glove_breach": (0, 50, False),
    "poor_gowning": (0, 1, False),
    "feed": (0, 1000, False),
    "perfusion_change": (0, 10, False),
    "co2_drift": (-5, 15, False),
    "temperature_drift": (-60, 60, False),
    "lid_open": (0, 1, False),
    "sensor_spike": (-1e9, 1e9, False),
    "sensor_miscalibration": (-1e9, 1e9, False),
}


@dataclass(frozen=True)
class Event:
    at_s: float
    kind: str
    duration_s: float = 0.0
    magnitude: float = 1.0
    target: str = ""

    def __post_init__(self):
        if self.kind not in EVENT_KINDS:
            raise ConfigError(
                f"Event.kind must be one of {', '.join(EVENT_KINDS)}, not {self.kind!r}."
            )
        for name in ("at_s", "duration_s"):
            value = getattr(self, name)
            if not _number(value) or not 0 <= value <= 1e8:
                raise ConfigError(
                    f"Event.{name} of a {self.kind} event must be a number of seconds from 0 "
                    f"to 100000000, not {value!r}."
                )
        low, high, whole = MAGNITUDES.get(self.kind, (-1e9, 1e9, False))
        value = self.magnitude
        if not _number(value) or not low <= value <= high or (whole and value != int(value)):
            kind = "a whole number" if whole else "a number"
            raise ConfigError(
                f"Event.magnitude of a {self.kind} event must be {kind} from {low:g} to "
                f"{high:g}, not {value!r}."
            )
        if not isinstance(self.target, str):
            raise ConfigError(f"Event.target must be a string, not {self.target!r}.")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Occurrence:
    """An event resolved against the model: its target, and when it ends (math.inf: never)."""

    kind: str
    target: str
    start: float
    end: float
    magnitude: float
    ramp_s: float = 0.0

    def level(self, t: float) -> float:
        """The magnitude reached at `t` (a ramping kind grows linearly over ramp_s)."""
        if not self.start <= t < self.end:
            return 0.0
        if self.ramp_s > 0:
            return self.magnitude * min(1.0, (t - self.start) / self.ramp_s)
        return self.magnitude

    def breakpoints(self, steps: int = 20) -> list[float]:
        """Times at which a piecewise-constant model must start a new segment; a ramp is cut
        into `steps` equal stairs."""
        points = [self.start]
        if self.ramp_s > 0:
            points += [self.start + self.ramp_s * k / steps for k in range(1, steps + 1)]
        if math.isfinite(self.end):
            points.append(self.end)
        return points


class Timeline:
    """The events of one run resolved against a model, looked up by target and kind.

    Sorting is stable, so events at the same time keep the order they were given in and an
    event appended at a later time never reorders the earlier ones.
    """

    def __init__(self, events: Iterable[Event], config: ModelConfig, channels: Iterable[str]):
        self.config = config
        self.channels = frozenset(channels)
        self.zone_room = {zone.name: zone.room for zone in config.zones if zone.room}
        checked = []
        for event in events:
            if not isinstance(event, Event):
                raise ConfigError(f"Every event must be an Event, not {event!r}.")
            checked.append((event, self._resolve(event)))
        checked.sort(key=lambda pair: pair[0].at_s)
        self.resolved = checked
        ending = set().union(*ENDED_BY.values())
        self._enders = [
            (position, event, target)
            for position, (event, target) in enumerate(checked)
            if event.kind in ending
        ]
        self.occurrences = [self._occurrence(index) for index in range(len(checked))]

    def of(self, target: str, *kinds: str) -> list[Occurrence]:
        """Occurrences of `kinds` acting on `target`, including global and room-wide ones."""
        return [
            item
            for item in self.occurrences
            if item.kind in kinds and self.reaches(item.target, target, item.kind)
        ]

    def faults(self, channel: str) -> list[Occurrence]:
        """Sensor faults on `channel`, in time order."""
        items = self.occurrences
        return [item for item in items if item.kind in SENSOR_KINDS and item.target == channel]

    def reaches(self, event_target: str, target: str, kind: str) -> bool:
        if event_target in (target, ALL):
            return True
        return kind in REACH_INTO_ZONES and self.zone_room.get(target) == event_target

    def _occurrence(self, index: int) -> Occurrence:
        event, target = self.resolved[index]
        duration = event.duration_s or DEFAULT_DURATION_S.get(event.kind, 0.0)
        ramp = event.duration_s if event.kind in RAMP_KINDS else 0.0
        lasting = event.kind in ENDED_BY or event.kind in DEFAULT_DURATION_S
        if event.kind in RAMP_KINDS or not lasting:
            end = math.inf
        elif event.kind == "sensor_spike" and duration == 0:
            end = event.at_s
        else:
            end = event.at_s + duration if duration > 0 else math.inf
        enders = ENDED_BY.get(event.kind, ())
        for position, later, later_target in self._enders:
            if (
                position > index
                and later.kind in enders
                and self.reaches(later_target, target, later.kind)
            ):
                end = min(end, max(later.at_s, event.at_s))
                break
        return Occurrence(event.kind, target, event.at_s, end, float(event.magnitude), ramp)

    def _resolve(self, event: Event) -> str:
        candidates = self._candidates(event.kind)
        if event.kind in SENSOR_KINDS:
            if event.target not in self.channels:
                raise ConfigError(
                    f"A {event.kind} event at {event.at_s:g} s needs a channel of the model as "
                    f"its target, not {event.target!r}."
                )
            return event.target
        if not event.target:
            if event.kind in GLOBAL_KINDS:
                return ALL
            if not candidates:
                raise ConfigError(
                    f"A {event.kind} event at {event.at_s:g} s has nothing in the model to act on."
                )
            return candidates[0]
        if event.target not in candidates and not (
            event.kind == "repair" and event.target in self.channels
        ):
            raise ConfigError(
                f"A {event.kind} event at {event.at_s:g} s cannot act on {event.target!r}; "
                f"it acts on {', '.join(candidates) or 'nothing in this model'}."
            )
        return event.target

    def _candidates(self, kind: str) -> list[str]:
        config = self.config
        rooms = [room.name for room in config.rooms]
        zones = [zone.name for zone in config.zones]
        singles = {
            "bioreactor": config.bioreactor,
            "freezer": config.freezer,
            "storage": config.storage,
        }
        present = [name for name, part in singles.items() if part is not None]
        table = {
            "intervention": zones + rooms,
            "glove_breach": zones + rooms,
            "hepa_failure": rooms + zones,
            "temperature_drift": [*present, *rooms],
            "ln2_supply_failure": [name for name in ("storage",) if name in present],
            "lid_open": [name for name in ("storage", "freezer") if name in present],
        }
        if kind in table:
            return table[kind]
        if kind in {"missed_feed", "feed", "perfusion_change", "co2_drift"}:
            return [name for name in ("bioreactor",) if name in present]
        if kind in GLOBAL_KINDS:
            return [*rooms, *zones, *present]
        if kind in SENSOR_KINDS:
            return []
        return rooms
