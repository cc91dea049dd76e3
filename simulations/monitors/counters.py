"""Optical particle counters (FACTS §4.1, §1.7, §4.4).

A sample of `sample_s` seconds at `flow_l_min` draws V = flow × time. Its count is
gamma-Poisson with mean λ = η · V_true · mean concentration over the sample, η being the
counting efficiency, and a gamma factor for the concentration's variation that changes once
a minute (noise.VARIATION_S [D]). The true flow differs from the nominal one by a fixed error
within ±5 % per counter (FACTS §4.1 [K]; spread σ = 2 % [D]). The counter reports counts and
counts / V (nominal) as particles/m³. A zone's counter adds single false ≥5 µm counts at
`false_count_rate_per_h` (FACTS §1.6). A sample ends at its time stamp and covers the grid
points after the previous one, so it depends on nothing later.
"""

import numpy as np

from simulations.regulatory import ParticleSize

from .noise import channel_rng, gamma_poisson
from .series import Channel

FLOW_SIGMA = 0.02
FLOW_TOLERANCE = 0.05
# Channel suffix → the size as simulations.regulatory.ParticleSize spells it.
SIZES = {"0_5": ParticleSize.SMALL.value, "5": ParticleSize.LARGE.value}


def sample_volume_m3(config) -> float:
    return config.flow_l_min / 1000.0 * config.sample_s / 60.0


def _flow_factor(seed: int, channel: str) -> float:
    error = FLOW_SIGMA * channel_rng(seed, channel, "flow").standard_normal()
    return 1.0 + float(np.clip(error, -FLOW_TOLERANCE, FLOW_TOLERANCE))


def window_sums(values: np.ndarray, per_sample: int) -> np.ndarray:
    """Sums over consecutive windows of grid points 1..k·m (each row summed on its own)."""
    samples = (len(values) - 1) // per_sample
    return values[1 : 1 + samples * per_sample].reshape(samples, per_sample).sum(axis=1)


def count_samples(state, seed: int, step_s: int, false_rate_per_h: float = 0.0):
    """(sample times, {"0_5": counts, "5": counts}) for a room's or zone's true state."""
    config = state.config
    per_sample = config.sample_s // step_s
    flow_m3_s = config.flow_l_min / 1000.0 / 60.0
    samples = (len(state.times) - 1) // per_sample
    times = np.arange(1, samples + 1, dtype=np.float64) * config.sample_s
    counts = {}
    for size, efficiency in (("0_5", config.efficiency_0_5), ("5", config.efficiency_5)):
        name = f"{config.name}.counts_{size}"
        integral = window_sums(state.particles[size], per_sample) * step_s
        mean = efficiency * _flow_factor(seed, name) * flow_m3_s * integral
        counts[size] = gamma_poisson(seed, name, mean, config.overdispersion, times)
    if false_rate_per_h > 0:
        rate = false_rate_per_h * config.sample_s / 3600.0
        false = channel_rng(seed, f"{config.name}.counts_5", "false")
        counts["5"] = counts["5"] + false.poisson(rate, counts["5"].shape)
    return times, counts


def counter_channels(config, times: np.ndarray, counts: dict[str, np.ndarray]) -> list[Channel]:
    """Particles/m³ (counts / nominal sample volume) and raw counts for each size; NaN counts
    (a drop-out) stay NaN."""
    volume = sample_volume_m3(config)
    particles = [
        _channel(
            config, f"particles_{size}", "particles", "particles/m³", counts[size] / volume, times
        )
        for size in SIZES
    ]
    raw = [
        _channel(config, f"counts_{size}", "counts", "counts", counts[size], times, integer=True)
        for size in SIZES
    ]
    return particles + raw


def channel_names(config) -> list[str]:
    return [f"{config.name}.{q}_{size}" for q in ("particles", "counts") for size in SIZES]


def _channel(config, quantity, kind, unit, values, times, integer=False) -> Channel:
    return Channel(
        name=f"{config.name}.{quantity}",
        kind=kind,
        unit=unit,
        values=values,
        times_s=times.copy(),
        integer=integer,
        location=config.name,
        grade=config.grade,
        size=SIZES[quantity.split("_", 1)[1]],
    )
