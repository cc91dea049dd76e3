"""Well-mixed cleanrooms of Grade B, C and D: particles, microbe-carrying particles (MCP),
differential pressure, temperature and humidity (FACTS §4.1, §1.8, §4.4).

Particles: V·dC/dt = G + Q·C_supply + q·C_adjacent − (Q + q + k_dep·V)·C, with G the
people's emission (Whyte & Hejab, gowned: 1.02 × 10⁶ ≥0.5 µm, 37 300 ≥5 µm and 177 MCP per
minute each, FACTS §4.1 [V]) times the activity factor, Q the supply air (air changes × volume),
q the air exchanged through an open door, and k_dep settling. Between events the parameters
are constant and the closed form applies, so a room returns to at rest with 100:1 in
ln(100)/N hours (FACTS §4.1).

Design values [D]: settling 0 (≥0.5 µm), 0.9/h (≥5 µm) and 2.4/h (MCP, 2 mm/s over 3 m); a
door exchanges 0.2 m³/s, an interlock failure two doors' worth; an intervention adds one
operator at full activity times its magnitude; poor gowning moves emission toward Whyte &
Hejab's street-clothes rates (2.13 × 10⁶, 332 000, 2 400 per minute [V]); a HEPA leak of
magnitude 1 lets 1 % of unfiltered air (3.5 × 10⁷ ≥0.5 µm/m³) through; the adjacent room's
MCP is its ≥0.5 µm concentration / 5 800 (the emission ratio of FACTS §4.1). An open door
pulls the differential toward 5 % of its set-point within ~1.5 s and it recovers within ~5 s
once closed; people warm the room by 0.25 °C per person at full activity with a 10-minute lag,
the HVAC adds a ±0.05 °C ripple, and humidity follows the temperature at −6.4 % of its value
per °C (constant moisture) plus 0.3 % RH per person [D].
"""

import math
from dataclasses import dataclass

import numpy as np

from .config import RoomConfig
from .dynamics import breakpoints, ramp_level, relax, relax_many
from .events import PERSONNEL_DOOR_S, Occurrence, Timeline

SPECIES = ("0_5", "5", "mcp")
GOWNED_PER_MIN = {"0_5": 1.02e6, "5": 37_300.0, "mcp": 177.0}
STREET_PER_MIN = {"0_5": 2.13e6, "5": 332_000.0, "mcp": 2_400.0}
SETTLING_PER_H = {"0_5": 0.0, "5": 0.9, "mcp": 2.4}
UNFILTERED_M3 = {"0_5": 3.5e7, "5": 3.0e5, "mcp": 500.0}
HEPA_LEAK = 0.01
PARTICLES_PER_MCP = 5_800.0
DOOR_M3_S = 0.2
DOOR_DP_SHARE = 0.05
DOOR_OPEN_TAU_S = 1.5
DOOR_CLOSE_TAU_S = 5.0
HEAT_C_PER_ACTIVE_PERSON = 0.25
HEAT_TAU_S = 600.0
HVAC_RIPPLE_C = 0.05
HVAC_PERIOD_S = 900.0
RH_PER_PERSON = 0.3
RH_SHARE_PER_C = 0.064

ROOM_KINDS = (
    "personnel_entry",
    "personnel_exit",
    "stop_process",
    "poor_gowning",
    "intervention",
    "door_open",
    "interlock_failure",
    "hepa_failure",
)


def gowning_factor(species: str, gowning: float) -> float:
    """Emission multiplier: 1 gowned, street-clothes rate at gowning 1 (Whyte & Hejab)."""
    return 1.0 + gowning * (STREET_PER_MIN[species] / GOWNED_PER_MIN[species] - 1.0)


@dataclass
class Conditions:
    people: int
    activity: float
    gowning: float
    interventions: float
    doors: int
    interlock: bool
    leak: float


@dataclass
class RoomState:
    """A room's true (noise-free) state on the model grid; counters sample `particles`."""

    config: RoomConfig
    times: np.ndarray
    particles: dict[str, np.ndarray]
    dp_pa: np.ndarray
    temperature_c: np.ndarray
    humidity_pct: np.ndarray

    @property
    def mcp(self) -> np.ndarray:
        return self.particles["mcp"]


def conditions(room: RoomConfig, by_kind: dict[str, list[Occurrence]], t: float) -> Conditions:
    """The room's conditions at t from its occurrences grouped by kind."""

    def active(kind):
        return [item for item in by_kind.get(kind, ()) if item.start <= t < item.end]

    people = room.people
    personnel_doors = 0
    for kind, sign in (("personnel_entry", 1), ("personnel_exit", -1)):
        for item in by_kind.get(kind, ()):
            if item.start <= t:
                people += sign * int(item.magnitude)
                personnel_doors += t < item.start + PERSONNEL_DOOR_S
    stopped = bool(active("stop_process"))
    return Conditions(
        people=max(people, 0),
        activity=room.idle_activity_factor if stopped else room.activity_factor,
        gowning=max([item.level(t) for item in active("poor_gowning")], default=0.0),
        interventions=sum(item.level(t) for item in active("intervention")),
        doors=len(active("door_open")) + personnel_doors,
        interlock=bool(active("interlock_failure")),
        leak=sum(item.level(t) for item in active("hepa_failure")),
    )


def _breaks(items: list[Occurrence], duration_s: float) -> list[float]:
    points = []
    for item in items:
        points += item.breakpoints()
        if item.kind in ("personnel_entry", "personnel_exit"):
            points.append(item.start + PERSONNEL_DOOR_S)
    return breakpoints(points, duration_s)


def _species(room: RoomConfig, species: str, state: Conditions) -> tuple[float, float]:
    """(steady state per m³, relaxation rate per second) under constant conditions."""
    supply = room.air_changes_per_h * room.volume_m3 / 3600.0
    exchange = DOOR_M3_S * (state.doors + 2 * state.interlock)
    settling = SETTLING_PER_H[species] / 3600.0 * room.volume_m3
    sources = state.people * state.activity + state.interventions
    emission = sources * GOWNED_PER_MIN[species] / 60.0 * gowning_factor(species, state.gowning)
    background = {"0_5": room.background_0_5, "5": room.background_5, "mcp": 0.0}[species]
    adjacent = {
        "0_5": room.adjacent_0_5,
        "5": room.adjacent_5,
        "mcp": room.adjacent_0_5 / PARTICLES_PER_MCP,
    }[species]
    supplied = (
        background * (supply + settling)
        + supply * state.leak * HEPA_LEAK * (UNFILTERED_M3[species])
    )
    removal = supply + exchange + settling
    return (emission + supplied + exchange * adjacent) / removal, removal / room.volume_m3


def simulate_room(
    room: RoomConfig, timeline: Timeline, times: np.ndarray, species: tuple = SPECIES
) -> RoomState:
    """The room's state on `times`; particles only for the `species` something samples."""
    duration = float(times[-1])
    items = timeline.of(room.name, *ROOM_KINDS)
    breaks = _breaks(items, duration)
    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    states = [conditions(room, by_kind, t) for t in breaks]
    particles = {}
    for kind in species:
        pairs = [_species(room, kind, state) for state in states]
        targets = [pair[0] for pair in pairs]
        particles[kind] = relax(times, breaks, targets, [p[1] for p in pairs], targets[0])
    dp = _pressure(room, states, breaks, times)
    heat_targets = [HEAT_C_PER_ACTIVE_PERSON * s.people * s.activity for s in states]
    moisture_targets = [RH_PER_PERSON * s.people for s in states]
    heat, moisture = relax_many(
        times,
        breaks,
        [heat_targets, moisture_targets],
        [1.0 / HEAT_TAU_S] * len(breaks),
        [heat_targets[0], moisture_targets[0]],
    )
    drift = ramp_level(times, timeline.of(room.name, "temperature_drift"))
    ripple = HVAC_RIPPLE_C * np.sin(2 * math.pi * times / HVAC_PERIOD_S)
    warming = heat + drift + ripple
    humidity = room.humidity_pct * (1 - RH_SHARE_PER_C * warming) + moisture
    return RoomState(
        config=room,
        times=times,
        particles=particles,
        dp_pa=dp,
        temperature_c=room.temperature_c + warming,
        humidity_pct=np.clip(humidity, 0.0, 100.0),
    )


def _pressure(room, states, breaks, times) -> np.ndarray:
    set_point = room.pressure_pa - room.adjacent_pressure_pa
    opened = [state.doors > 0 or state.interlock for state in states]
    return relax(
        times,
        breaks,
        [set_point * (DOOR_DP_SHARE if open_ else 1.0) for open_ in opened],
        [1.0 / (DOOR_OPEN_TAU_S if open_ else DOOR_CLOSE_TAU_S) for open_ in opened],
        set_point * (DOOR_DP_SHARE if opened[0] else 1.0),
    )
