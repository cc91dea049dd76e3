"""The monitoring simulators in-process: 8 hours at 1-second resolution for 24 continuous
channels. Target (issue 5): a median under 100 ms.

The model is a Grade B room with a particle counter (particles and counts at ≥0.5 and ≥5 µm,
pressure, temperature, humidity: 7 channels), a Grade D corridor without one (3), a Grade A
cabinet with a counter (4), a bioreactor measured every second (8) and a controlled-rate
freezer (2), under about 120 events: interventions, door openings, personnel, a ramping HEPA
leak, CO₂ and temperature drifts and sensor faults. Times are this process's CPU time per
run, like the other benches, so that other work on the machine does not count; the
wall-clock median is printed beside it. The baseline is numpy drawing as many normal numbers
as the run returns values (np.random.default_rng(seed).normal(size=n)), measured in the same
rounds, so the ratio says how many plain random draws one run costs.
"""

import os
import statistics
import time

import numpy as np

from simulations.monitors import (
    BioreactorConfig,
    Event,
    FreezerConfig,
    ModelConfig,
    RoomConfig,
    ZoneConfig,
    simulate,
)

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WARM_UP = 3
TARGET_MS = 100.0
DURATION_S = 8 * 3600
CHANNELS = 24

CONFIG = ModelConfig(
    rooms=(
        RoomConfig(name="cleanroom", sample_s=1),
        RoomConfig(name="corridor", grade="D", counters=False, air_changes_per_h=15.0),
    ),
    zones=(ZoneConfig(name="cabinet", room="cleanroom", sample_s=1),),
    bioreactor=BioreactorConfig(measurement_interval_s=1),
    freezer=FreezerConfig(measurement_interval_s=1),
    step_s=1,
)


def events() -> list[Event]:
    timeline = [Event(at_s=600.0 * k, kind="intervention", duration_s=45) for k in range(1, 48)]
    timeline += [Event(at_s=900.0 * k + 7, kind="door_open", target="cleanroom") for k in range(31)]
    timeline += [
        Event(at_s=1800.0 * k + 30, kind=kind, target="cleanroom")
        for k in range(16)
        for kind in ("personnel_entry", "personnel_exit")
    ]
    timeline += [
        Event(at_s=7200, kind="hepa_failure", duration_s=7200, magnitude=0.2, target="cleanroom"),
        Event(at_s=3600, kind="co2_drift", duration_s=3600, magnitude=1.5),
        Event(at_s=5400, kind="temperature_drift", duration_s=600, magnitude=3, target="freezer"),
        Event(at_s=9000, kind="sensor_dropout", duration_s=300, target="cleanroom.dp_pa"),
        Event(at_s=12000, kind="sensor_spike", magnitude=500, target="cabinet.particles_0_5"),
        Event(at_s=15000, kind="sensor_stuck", duration_s=900, target="bioreactor.ph"),
        Event(at_s=20000, kind="sensor_miscalibration", magnitude=2, target="corridor.dp_pa"),
        Event(at_s=24000, kind="stop_process"),
        Event(at_s=25000, kind="repair"),
    ]
    return timeline


def measure(timeline: list[Event]) -> dict[str, float]:
    """Median CPU and wall-clock ms of a run and of the baseline, taking turns."""
    series = simulate(CONFIG, timeline, seed=0, duration_s=DURATION_S)
    values = sum(len(channel) for channel in series)
    assert len(series) == CHANNELS, series.channels
    assert min(len(channel) for channel in series) >= DURATION_S
    cpu, wall, baseline = [], [], []
    for run in range(WARM_UP + RUNS):
        started, clock = time.process_time(), time.perf_counter()
        simulate(CONFIG, timeline, seed=run, duration_s=DURATION_S)
        spent, spent_wall = time.process_time() - started, time.perf_counter() - clock
        started = time.process_time()
        np.random.default_rng(run).normal(size=values)
        if run >= WARM_UP:
            cpu.append(spent)
            wall.append(spent_wall)
            baseline.append(time.process_time() - started)
    return {
        "values": values,
        "cpu_ms": statistics.median(cpu) * 1000,
        "wall_ms": statistics.median(wall) * 1000,
        "baseline_ms": statistics.median(baseline) * 1000,
    }


def run() -> bool:
    """Measure and print; True when the median run is under the target."""
    timeline = events()
    result = measure(timeline)
    passed = result["cpu_ms"] < TARGET_MS
    ratio = result["cpu_ms"] / result["baseline_ms"]
    print(
        f"\nSimulators: median CPU time of {RUNS} runs after {WARM_UP} warm-up runs, "
        f"{CHANNELS} channels × 8 h at 1 s ({result['values']:,} values), {len(timeline)} events."
    )
    print(
        f"Target: under {TARGET_MS:g} ms. Baseline: "
        f"np.random.default_rng(seed).normal(size={result['values']}).\n"
    )
    print(f"{'measured':<34} {'CPU ms':>8} {'wall ms':>8} {'target':>8} {'ratio':>7}  verdict")
    print(
        f"{'baseline (normal draws)':<34} {result['baseline_ms']:>8.2f} {'':>8} {'':>8} "
        f"{1.0:>6.1f}x"
    )
    print(
        f"{'simulate (24 channels, 8 h, 1 s)':<34} {result['cpu_ms']:>8.2f} "
        f"{result['wall_ms']:>8.2f} {'< ' + format(TARGET_MS, 'g'):>8} {ratio:>6.1f}x"
        f"  {'PASS' if passed else 'FAIL'}"
    )
    return passed


if __name__ == "__main__":
    raise SystemExit(0 if run() else 1)
