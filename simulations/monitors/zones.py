"""Grade A unidirectional-airflow zones (FACTS §4.1, §1.6–1.8).

First air sweeps the zone at 0.36–0.54 m/s, so the background stays at tens of ≥0.5 µm
particles per m³ and mostly no ≥5 µm. An intervention raises the concentration toward
`spike_*` × its magnitude (× the gowning factor of the room around it) and, once it ends, the
excess decays with a time constant of seconds: `decay_s` at 0.45 m/s, longer in slower air
[D]. MCP in the zone are 0.003 per m³ at rest (a 1 m³ air sample finds a colony in ~0.15 % of
samples, inside FACTS §4.2's 0.1–1 % [D]) plus the intervention's particles / 5 800 (the
emission ratio, FACTS §4.1). A HEPA leak acts as in a room (rooms.py). Single false ≥5 µm
counts are added by the counter (counters.py).
"""

from dataclasses import dataclass

import numpy as np

from .config import ZoneConfig
from .dynamics import breakpoints, relax_many
from .events import Timeline
from .rooms import HEPA_LEAK, PARTICLES_PER_MCP, SPECIES, UNFILTERED_M3, gowning_factor

NOMINAL_SPEED_M_S = 0.45
RESTING_MCP_M3 = 0.003
ZONE_KINDS = ("intervention", "poor_gowning", "hepa_failure")


@dataclass
class ZoneState:
    config: ZoneConfig
    times: np.ndarray
    particles: dict[str, np.ndarray]

    @property
    def mcp(self) -> np.ndarray:
        return self.particles["mcp"]


def _excess(zone: ZoneConfig, by_kind: dict, t: float) -> dict[str, float]:
    def level(kind):
        return [item.level(t) for item in by_kind.get(kind, ())]

    gowning = max(level("poor_gowning"), default=0.0)
    work = sum(level("intervention"))
    leak = sum(level("hepa_failure")) * HEPA_LEAK
    spikes = {"0_5": zone.spike_0_5, "5": zone.spike_5}
    excess = {
        size: work * spike * gowning_factor(size, gowning) + leak * UNFILTERED_M3[size]
        for size, spike in spikes.items()
    }
    excess["mcp"] = (
        work * zone.spike_0_5 / PARTICLES_PER_MCP * gowning_factor("mcp", gowning)
        + leak * UNFILTERED_M3["mcp"]
    )
    return excess


def simulate_zone(
    zone: ZoneConfig, timeline: Timeline, times: np.ndarray, species: tuple = SPECIES
) -> ZoneState:
    """The zone's concentrations on `times`, for the `species` something samples."""
    items = timeline.of(zone.name, *ZONE_KINDS)
    points = [point for item in items for point in item.breakpoints()]
    breaks = breakpoints(points, float(times[-1]))
    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    excesses = [_excess(zone, by_kind, t) for t in breaks]
    rate = zone.air_speed_m_s / NOMINAL_SPEED_M_S / zone.decay_s
    resting = {"0_5": zone.background_0_5, "5": zone.background_5, "mcp": RESTING_MCP_M3}
    targets = [[excess[kind] for excess in excesses] for kind in species]
    rows = relax_many(times, breaks, targets, [rate] * len(breaks), [row[0] for row in targets])
    particles = {kind: resting[kind] + row for kind, row in zip(species, rows, strict=True)}
    return ZoneState(config=zone, times=times, particles=particles)
