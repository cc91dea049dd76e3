"""One call that runs every simulator a model configures and returns its channels."""

import dataclasses
import math
from collections.abc import Iterable

from . import counters
from .bioreactor import CHANNELS as BIOREACTOR_CHANNELS
from .bioreactor import bioreactor_channels
from .config import MAX_DURATION_S, ConfigError, ModelConfig
from .cryo import cryo_channels
from .dynamics import grid
from .events import Event, Timeline
from .rooms import simulate_room
from .sensors import apply_faults, read
from .series import Channel, Series
from .viable import viable_channels
from .zones import simulate_zone

ROOM_CLIMATE = (
    ("dp_pa", "pressure", "Pa"),
    ("temperature_c", "temperature", "°C"),
    ("humidity_pct", "humidity", "% RH"),
)
CRYO_CHANNELS = {
    "freezer": ("chamber_c", "sample_c"),
    "storage": ("temperature_c", "ln2_level_pct"),
}


def channel_names(config: ModelConfig) -> list[str]:
    """The channels `simulate` returns for `config`, in order (viable channels only for the
    methods a plan uses)."""
    names = []
    for room in config.rooms:
        names += counters.channel_names(room) if room.counters else []
        names += [f"{room.name}.{quantity}" for quantity, _, _ in ROOM_CLIMATE]
    for zone in config.zones:
        names += counters.channel_names(zone) if zone.counters else []
    for plan in config.viable:
        methods = {
            "air": plan.air_times_s,
            "settle": plan.settle_exposures_s,
            "contact": plan.contact_times_s,
            "glove": plan.glove_times_s,
        }
        names += [plan.channel(method) for method, times in methods.items() if times]
    if config.bioreactor:
        names += [f"bioreactor.{quantity}" for quantity, _, _ in BIOREACTOR_CHANNELS]
    for source, quantities in CRYO_CHANNELS.items():
        if getattr(config, source):
            names += [f"{source}.{quantity}" for quantity in quantities]
    return names


def simulate(
    config: ModelConfig, events: Iterable[Event] = (), *, seed: int, duration_s: float
) -> Series:
    """Simulate `duration_s` seconds of `config` under `events`, drawing randomness from `seed`.

    Deterministic: the same arguments give bit-identical values. Causal: a sample at time t
    depends only on events with at_s ≤ t, so appending an event at T leaves every sample
    before T as it was; and a shorter duration gives the start of a longer run. Raises
    ConfigError for a bad seed, duration, event or target.
    """
    _check_call(config, seed, duration_s)
    timeline = Timeline(events, config, channel_names(config))
    times = grid(duration_s, config.step_s)
    channels: list[Channel] = []
    states = {}
    for room in config.rooms:
        state = simulate_room(room, timeline, times, _species(config, room))
        states[room.name] = state
        channels += _counters(state, timeline, seed, config.step_s)
        channels += _climate(state, timeline, seed)
    for zone in config.zones:
        state = simulate_zone(zone, timeline, times, _species(config, zone))
        states[zone.name] = state
        channels += _counters(state, timeline, seed, config.step_s, zone.false_count_rate_per_h)
    for plan in config.viable:
        state = states[plan.location]
        found = viable_channels(plan, state, timeline, seed, config.step_s, duration_s)
        channels += [_with_faults(channel, timeline) for channel in found]
    if config.bioreactor:
        channels += bioreactor_channels(config.bioreactor, timeline, seed, duration_s)
    for source in CRYO_CHANNELS:
        if getattr(config, source):
            channels += cryo_channels(getattr(config, source), source, timeline, seed, duration_s)
    return Series(channels)


def _species(config: ModelConfig, place) -> tuple[str, ...]:
    """The particle sizes a place's counter counts, and MCP if viable samples are taken there."""
    sampled = any(plan.location == place.name for plan in config.viable)
    return ("0_5", "5") * place.counters + ("mcp",) * sampled


def _check_call(config, seed, duration_s) -> None:
    if not isinstance(config, ModelConfig):
        raise ConfigError(f"simulate needs a ModelConfig, not {type(config).__name__}.")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise ConfigError(f"The seed must be a whole number from 0 to 2⁶³ − 1, not {seed!r}.")
    number = isinstance(duration_s, int | float) and not isinstance(duration_s, bool)
    if not number or not math.isfinite(duration_s):
        raise ConfigError(f"duration_s must be a number of seconds, not {duration_s!r}.")
    if not config.step_s <= duration_s <= MAX_DURATION_S:
        raise ConfigError(
            f"duration_s must lie between the model's step ({config.step_s} s) and "
            f"{MAX_DURATION_S} s (60 days), not {duration_s!r}."
        )


def _counters(state, timeline: Timeline, seed: int, step_s: int, false_rate: float = 0.0):
    config = state.config
    if not config.counters:
        return []
    times, counts = counters.count_samples(state, seed, step_s, false_rate)
    volume = counters.sample_volume_m3(config)
    for size in counters.SIZES:
        faults = [*timeline.faults(f"{config.name}.counts_{size}")]
        faults += [
            dataclasses.replace(fault, magnitude=fault.magnitude * volume)
            for fault in timeline.faults(f"{config.name}.particles_{size}")
        ]
        faults.sort(key=lambda fault: fault.start)
        counts[size] = apply_faults(counts[size], times, faults, integer=True)
    return counters.counter_channels(config, times, counts)


def _climate(state, timeline: Timeline, seed: int) -> list[Channel]:
    room = state.config
    channels = []
    for quantity, kind, unit in ROOM_CLIMATE:
        name = f"{room.name}.{quantity}"
        values = read(seed, name, getattr(state, quantity), state.times)
        channels.append(
            Channel(
                name=name,
                kind=kind,
                unit=unit,
                values=apply_faults(values, state.times, timeline.faults(name)),
                times_s=state.times.copy(),
                location=room.name,
                grade=room.grade,
            )
        )
    return channels


def _with_faults(channel: Channel, timeline: Timeline) -> Channel:
    faults = timeline.faults(channel.name)
    if not faults:
        return channel
    values = apply_faults(channel.values, channel.times_s, faults, channel.integer)
    return dataclasses.replace(channel, values=values, times_s=channel.times_s.copy())
