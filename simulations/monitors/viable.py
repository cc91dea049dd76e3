"""Viable monitoring: active air samples, settle plates, contact plates and glove prints
(FACTS §4.2, §1.5).

Counts are zero-inflated negative binomial (FACTS §4.2 [V]: excess zeros and overdispersion)
around a mean the physics and the operators' technique set:

- active air: η · volume-weighted MCP concentration over the sampling time, with a sampler
  collection efficiency η of 0.5 [D]; reported as CFU/m³;
- settle plate (Ø90 mm, A = 0.0064 m²): v_dep · A · ∫ MCP dt with v_dep = 2 mm/s [D] (FACTS
  §4.2: mm/s to cm/s; it gives a Grade B room at default activity a mean of ~0.3 CFU per 4 h,
  within the 0.1–0.5 FACTS §4.2 suggests);
- contact plate and glove print: a per-grade baseline [D: A 0.003 (a colony in ~0.2 % of
  plates, FACTS §4.2: 0.1–1 %), B 0.3 and 0.2, C 3 and 1, D 8 and 2 CFU] times the poor-gowning
  factor for MCP (up to street clothes' 13.6×, FACTS §4.1), plus each active glove breach's
  magnitude on a glove print (FACTS §4.2: 1–3 CFU after a poorly performed intervention) and
  half of it on a contact plate, plus 0.2 CFU per magnitude of every intervention at the
  location since the last sanitisation [D].
"""

from dataclasses import dataclass

import numpy as np

from .config import ViablePlan
from .events import Timeline
from .noise import zero_inflated_counts
from .rooms import gowning_factor
from .series import Channel

SAMPLER_EFFICIENCY = 0.5
SETTLING_M_S = 0.002
PLATE_AREA_M2 = 0.0064
CONTACT_MEAN = {"A": 0.003, "B": 0.3, "C": 3.0, "D": 8.0}
GLOVE_MEAN = {"A": 0.003, "B": 0.2, "C": 1.0, "D": 2.0}
BREACH_ON_CONTACT = 0.5
PER_INTERVENTION = 0.2
UNITS = {"air": "CFU/m³", "settle": "CFU/plate", "contact": "CFU/plate", "glove": "CFU/glove"}


@dataclass
class Samples:
    method: str
    read_s: np.ndarray
    mean: np.ndarray


class Integral:
    """∫ MCP dt from 0 to t on the model grid (right Riemann sums, so up to t only)."""

    def __init__(self, state, step_s: int):
        self.step = step_s
        self.cumulative = np.concatenate([[0.0], np.cumsum(state.mcp[1:] * step_s)])

    def between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        last = len(self.cumulative) - 1
        first = np.clip((start // self.step).astype(np.int64), 0, last)
        final = np.clip((end // self.step).astype(np.int64), 0, last)
        return self.cumulative[final] - self.cumulative[first]


def _technique(plan: ViablePlan, grade: str, timeline: Timeline, t: float, method: str):
    items = timeline.of(plan.location, "poor_gowning", "glove_breach", "intervention", "sanitise")
    gowning = max([i.level(t) for i in items if i.kind == "poor_gowning"], default=0.0)
    breach = sum(i.level(t) for i in items if i.kind == "glove_breach")
    cleaned = max([i.start for i in items if i.kind == "sanitise" and i.start <= t], default=-1.0)
    worked = sum(i.magnitude for i in items if i.kind == "intervention" and cleaned < i.start <= t)
    if method == "glove":
        base, on_breach = GLOVE_MEAN[grade], 1.0
    else:
        base, on_breach = CONTACT_MEAN[grade], BREACH_ON_CONTACT
    return base * gowning_factor("mcp", gowning) + on_breach * breach + PER_INTERVENTION * worked


def _samples(plan: ViablePlan, grade: str, timeline: Timeline, integral: Integral) -> list:
    result = []
    if plan.air_times_s:
        start = np.array(plan.air_times_s, dtype=np.float64)
        end = start + plan.air_volume_m3 / (plan.air_flow_l_min / 1000.0 / 60.0)
        flow = plan.air_flow_l_min / 1000.0 / 60.0
        mean = SAMPLER_EFFICIENCY * flow * integral.between(start, end)
        result.append(Samples("air", end + plan.read_delay_s, mean))
    if plan.settle_exposures_s:
        start = np.array([pair[0] for pair in plan.settle_exposures_s], dtype=np.float64)
        end = np.array([pair[1] for pair in plan.settle_exposures_s], dtype=np.float64)
        mean = SETTLING_M_S * PLATE_AREA_M2 * integral.between(start, end)
        result.append(Samples("settle", end + plan.read_delay_s, mean))
    for method, times in (("contact", plan.contact_times_s), ("glove", plan.glove_times_s)):
        if times:
            taken = np.array(times, dtype=np.float64)
            mean = np.array([_technique(plan, grade, timeline, t, method) for t in times])
            result.append(Samples(method, taken + plan.read_delay_s, mean))
    return result


def viable_channels(
    plan: ViablePlan, state, timeline: Timeline, seed: int, step_s: int, duration_s: float
) -> list[Channel]:
    """One channel per sampling method the plan uses, with the results read in the run."""
    grade = state.config.grade
    channels = []
    for samples in _samples(plan, grade, timeline, Integral(state, step_s)):
        order = np.argsort(samples.read_s, kind="stable")
        read, mean = samples.read_s[order], samples.mean[order]
        name = plan.channel(samples.method)
        counts = zero_inflated_counts(seed, name, mean, plan.zero_inflation, plan.clustering)
        kept = read <= duration_s
        values = counts[kept]
        integer = True
        if samples.method == "air":
            values = values / plan.air_volume_m3
            integer = float(1.0 / plan.air_volume_m3).is_integer()
        channels.append(
            Channel(
                name=name,
                kind="cfu",
                unit=UNITS[samples.method],
                values=values,
                times_s=read[kept],
                integer=integer,
                location=plan.location,
                grade=grade,
            )
        )
    return channels
