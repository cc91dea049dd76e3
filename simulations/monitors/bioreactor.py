"""A T-cell expansion bioreactor (FACTS §4.3, §3.1–3.2).

State: viable and dead cells (10⁶/mL), glucose and lactate (mM). After the lag,
dN/dt = μ·N·(1 − N/K)·G/(G + 0.5 mM) − k_d·N with μ = ln 2 / T_d (FACTS §4.3); dead cells
lyse at 1 %/h [D]. k_d rises by 0.02/h per unit of stress [D]: stress adds up glucose below
2 mM, lactate above 20 mM (per 15 mM), pH below 6.8 (per 0.4), and temperature or CO₂ more
than 1 °C or 1 % off set-point (per 2), the thresholds of FACTS §3.2 and §4.3. Glucose is
taken up in proportion to viable cells (Monod-limited, K_s 0.5 mM [D]) and becomes lactate at
the configured yield; perfusion at D vessel volumes per day brings fresh medium and washes
lactate out, cells stay. pH = pH₀ − 0.022 per mM of lactate produced [D: lactate at 55 mM
brings it near the 6.0 of FACTS §3.2's stress study] − log₁₀(CO₂ / CO₂ set-point)
(bicarbonate buffer). Dissolved oxygen falls 3 % air saturation per 10⁶ viable cells/mL [D].

The state is integrated with explicit Euler steps of `ode_step_s` (a loop over steps, not
seconds). Step k's rates use the conditions at its start g_k, i.e. events up to g_k; a feed
at τ in (g_{k−1}, g_k] is added at g_k. A value at t in [g_k, g_{k+1}) interpolates between
the state at g_k (after its feeds) and the state reached at g_{k+1} (before its feeds), so it
depends on events up to t only. Temperature, CO₂ and the CO₂ part of pH use the exact time.
"""

import math

import numpy as np

from .config import BioreactorConfig
from .dynamics import grid, ramp_level
from .events import Timeline
from .sensors import apply_faults, read
from .series import Channel

MONOD_MM = 0.5
LYSIS_PER_H = 0.01
STRESS_DEATH_PER_H = 0.02
PH_PER_LACTATE_MM = 0.022
DO_PER_E6 = 3.0
CHANNELS = (
    ("vcd", "cell_density", "10⁶ cells/mL"),
    ("viability_pct", "viability", "%"),
    ("glucose_mm", "concentration", "mM"),
    ("lactate_mm", "concentration", "mM"),
    ("ph", "ph", "pH"),
    ("do_pct", "dissolved_oxygen", "% air saturation"),
    ("temperature_c", "temperature", "°C"),
    ("co2_pct", "gas", "%"),
)


def _over(amount, scale: float, cap: float):
    """How far past a threshold, in units of `scale`, capped (scalars or arrays)."""
    return np.minimum(np.maximum(amount / scale, 0.0), cap)


def environment_stress(temperature_off: np.ndarray, co2_off: np.ndarray) -> np.ndarray:
    """Stress from temperature or CO₂ more than 1 °C or 1 % off set-point (per 2)."""
    return _over(np.abs(temperature_off) - 1.0, 2.0, 2.0) + _over(np.abs(co2_off) - 1.0, 2.0, 2.0)


def culture_stress(glucose: float, lactate: float, ph: float) -> float:
    """Stress from glucose below 2 mM, lactate above 20 mM (per 15) and pH below 6.8 (per
    0.4); plain floats, as it runs once per integration step."""
    return (
        min(max((2.0 - glucose) / 2.0, 0.0), 1.0)
        + min(max((lactate - 20.0) / 15.0, 0.0), 2.0)
        + min(max((6.8 - ph) / 0.4, 0.0), 2.0)
    )


def ph_of(config: BioreactorConfig, lactate, co2_off):
    co2 = np.maximum(config.co2_pct + co2_off, 0.05)
    return (
        config.ph_start
        - PH_PER_LACTATE_MM * (lactate - config.lactate_start_mm)
        - np.log10(co2 / max(config.co2_pct, 0.05))
    )


def _feeds(config: BioreactorConfig, timeline: Timeline, nodes: np.ndarray) -> np.ndarray:
    """Glucose added at each node (mM): scheduled feeds not missed, plus feed events (their
    magnitude in mmol of glucose)."""
    step = nodes[1] - nodes[0] if len(nodes) > 1 else 1.0
    added = np.zeros_like(nodes)
    litres = config.volume_ml / 1000.0
    missed = timeline.of("bioreactor", "missed_feed")
    feeds = []
    if config.feed_every_s:
        scheduled = np.arange(config.feed_every_s, nodes[-1] + 1, config.feed_every_s)
        feeds += [
            (float(t), config.feed_glucose_mmol)
            for t in scheduled
            if not any(item.start <= t < item.end for item in missed)
        ]
    feeds += [(item.start, item.magnitude) for item in timeline.of("bioreactor", "feed")]
    for at, mmol in feeds:
        index = math.ceil(at / step)
        if index < len(nodes):
            added[index] += mmol / litres
    return added


def _perfusion(timeline: Timeline, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    factor = np.ones_like(nodes)
    for item in timeline.of("bioreactor", "perfusion_change"):
        factor[nodes >= item.start] = item.magnitude
    paused = np.zeros(len(nodes), dtype=bool)
    for item in timeline.of("bioreactor", "missed_feed"):
        paused |= (nodes >= item.start) & (nodes < item.end)
    return factor, paused


def _conditions(config: BioreactorConfig, timeline: Timeline, nodes: np.ndarray) -> dict:
    """What events set at each node, as plain lists for the integration loop."""
    factor, paused = _perfusion(timeline, nodes)
    t_off = ramp_level(nodes, timeline.of("bioreactor", "temperature_drift"))
    c_off = ramp_level(nodes, timeline.of("bioreactor", "co2_drift"))
    co2 = np.maximum(config.co2_pct + c_off, 0.05) / max(config.co2_pct, 0.05)
    return {
        "feeds": _feeds(config, timeline, nodes).tolist(),
        "factor": factor.tolist(),
        "paused": paused.tolist(),
        "stress": environment_stress(t_off, c_off).tolist(),
        "ph_co2": (-np.log10(co2)).tolist(),
    }


def integrate(config: BioreactorConfig, timeline: Timeline, duration_s: float):
    """(nodes, state at each node after its feeds, state reached at each node), states as
    arrays of (viable, dead, glucose, lactate) rows."""
    c = config
    nodes = np.arange(math.ceil(duration_s / c.ode_step_s) + 2, dtype=np.float64) * c.ode_step_s
    given = _conditions(config, timeline, nodes)
    mu, hours = math.log(2) / c.doubling_time_h, c.ode_step_s / 3600.0
    lag_steps = math.ceil(c.lag_h / hours - 1e-9)
    viable, dead = c.seed_density_e6_per_ml, 0.0
    glucose, lactate = c.glucose_start_mm, c.lactate_start_mm
    perfusing = False
    started, reached = [], [(viable, dead, glucose, lactate)]
    for k in range(len(nodes) - 1):
        glucose += given["feeds"][k]
        started.append((viable, dead, glucose, lactate))
        ph = c.ph_start - PH_PER_LACTATE_MM * (lactate - c.lactate_start_mm) + given["ph_co2"][k]
        stress = given["stress"][k] + culture_stress(glucose, lactate, ph)
        death = c.death_rate_per_h + STRESS_DEATH_PER_H * stress
        limit = glucose / (glucose + MONOD_MM)
        growth = mu * limit * (1.0 - viable / c.capacity_e6_per_ml) if k >= lag_steps else 0.0
        perfusing = perfusing or viable >= c.perfusion_start_e6_per_ml
        rate = 0.0
        if perfusing and not given["paused"][k]:
            vvd = min(c.perfusion_vvd_per_e6 * viable, c.perfusion_max_vvd)
            rate = vvd * given["factor"][k] / 24.0
        uptake = c.glucose_uptake * viable * limit
        viable, dead, glucose, lactate = (
            max(viable + hours * (growth - death) * viable, 0.0),
            max(dead + hours * (death * viable - LYSIS_PER_H * dead), 0.0),
            max(glucose + hours * (rate * (c.medium_glucose_mm - glucose) - uptake), 0.0),
            max(lactate + hours * (c.lactate_yield * uptake - rate * lactate), 0.0),
        )
        reached.append((viable, dead, glucose, lactate))
    started.append((viable, dead, glucose + given["feeds"][-1], lactate))
    return nodes, np.array(started), np.array(reached)


def _interpolate(nodes, started, reached, times) -> list[np.ndarray]:
    step = nodes[1] - nodes[0]
    index = np.minimum((times // step).astype(np.int64), len(nodes) - 2)
    fraction = (times - nodes[index]) / step
    rows = []
    for column in range(started.shape[1]):
        begin = started[:, column][index]
        rows.append(begin + (reached[:, column][index + 1] - begin) * fraction)
    return rows


def true_state(config: BioreactorConfig, timeline: Timeline, duration_s: float) -> dict:
    times = grid(duration_s, config.measurement_interval_s)
    nodes, started, reached = integrate(config, timeline, duration_s)
    viable, dead, glucose, lactate = _interpolate(nodes, started, reached, times)
    t_off = ramp_level(times, timeline.of("bioreactor", "temperature_drift"))
    c_off = ramp_level(times, timeline.of("bioreactor", "co2_drift"))
    total = viable + dead
    return {
        "times": times,
        "vcd": viable,
        "viability_pct": np.where(total > 0, 100.0 * viable / np.maximum(total, 1e-12), 0.0),
        "glucose_mm": glucose,
        "lactate_mm": lactate,
        "ph": ph_of(config, lactate, c_off),
        "do_pct": np.clip(100.0 - DO_PER_E6 * viable, 0.0, 100.0),
        "temperature_c": config.temperature_c + t_off,
        "co2_pct": np.maximum(config.co2_pct + c_off, 0.0),
    }


def bioreactor_channels(
    config: BioreactorConfig, timeline: Timeline, seed: int, duration_s: float
) -> list[Channel]:
    state = true_state(config, timeline, duration_s)
    times = state["times"]
    channels = []
    for quantity, kind, unit in CHANNELS:
        name = f"bioreactor.{quantity}"
        values = read(seed, name, state[quantity], times)
        faults = timeline.faults(name)
        channels.append(
            Channel(
                name=name,
                kind=kind,
                unit=unit,
                values=apply_faults(values, times, faults),
                times_s=times.copy(),
            )
        )
    return channels
