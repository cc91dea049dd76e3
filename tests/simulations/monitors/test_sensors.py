"""Sensors add the noise of ATMP_GMP_FACTS.md §4.4 and have the faults it lists: stuck,
drop-out (NaN), spike and mis-calibration."""

import numpy as np
import pytest

from simulations.monitors import (
    BioreactorConfig,
    Event,
    ModelConfig,
    RoomConfig,
    SensorFault,
    ViablePlan,
    simulate,
)

MODEL = ModelConfig(
    rooms=(RoomConfig(people=0),),
    viable=(ViablePlan(location="room", contact_times_s=tuple(range(60, 3600, 60))),),
    bioreactor=BioreactorConfig(measurement_interval_s=10, lag_h=100),
)
HOUR = 3600.0


def run(events=(), seed=3):
    return simulate(MODEL, list(events), seed=seed, duration_s=HOUR)


def noise_sigma(values: np.ndarray) -> float:
    """σ of white noise on a (nearly) flat signal, from successive differences."""
    return float(np.std(np.diff(values)) / np.sqrt(2))


@pytest.mark.parametrize(
    ("channel", "sigma"),
    [("bioreactor.temperature_c", 0.1), ("bioreactor.ph", 0.02), ("room.dp_pa", 0.5)],
)
def test_noise_has_the_sigma_of_the_fact_sheet(channel, sigma):
    assert abs(noise_sigma(run()[channel].values) / sigma - 1) < 0.1


def test_a_dropout_gives_no_readings_while_it_lasts():
    fault = SensorFault(at_s=600, kind="sensor_dropout", duration_s=300, target="room.dp_pa")
    faulty, clean = run([fault])["room.dp_pa"], run()["room.dp_pa"]
    inside = (faulty.times_s >= 600) & (faulty.times_s < 900)
    assert np.all(np.isnan(faulty.values[inside]))
    np.testing.assert_array_equal(faulty.values[~inside], clean.values[~inside])


def test_a_stuck_sensor_repeats_its_last_reading_until_repaired():
    events = [
        Event(600, "sensor_stuck", target="bioreactor.ph"),
        Event(1800, "repair", target="bioreactor.ph"),
    ]
    faulty, clean = run(events)["bioreactor.ph"], run()["bioreactor.ph"]
    inside = (faulty.times_s >= 600) & (faulty.times_s < 1800)
    held = clean.values[faulty.times_s == 600][0]
    assert np.all(faulty.values[inside] == held)
    np.testing.assert_array_equal(faulty.values[~inside], clean.values[~inside])


def test_a_spike_without_duration_changes_one_reading():
    event = Event(601, "sensor_spike", magnitude=5.0, target="bioreactor.temperature_c")
    faulty, clean = run([event])["bioreactor.temperature_c"], run()["bioreactor.temperature_c"]
    changed = np.flatnonzero(faulty.values != clean.values)
    np.testing.assert_array_equal(faulty.times_s[changed], [610.0])
    assert faulty.values[changed][0] == pytest.approx(clean.values[changed][0] + 5.0)


def test_a_miscalibration_offsets_readings_until_repaired():
    events = [
        Event(1200, "sensor_miscalibration", magnitude=-2.0, target="room.dp_pa"),
        Event(2400, "repair"),
    ]
    faulty, clean = run(events)["room.dp_pa"], run()["room.dp_pa"]
    offset = faulty.values - clean.values
    inside = (faulty.times_s >= 1200) & (faulty.times_s < 2400)
    np.testing.assert_allclose(offset[inside], -2.0)
    assert np.all(offset[~inside] == 0)


def test_a_fault_on_a_particle_channel_keeps_counts_and_particles_consistent():
    event = Event(
        600, "sensor_spike", duration_s=120, magnitude=10_000, target="room.particles_0_5"
    )
    series, clean = run([event]), run()
    volume = 28.3 / 1000
    counts, particles = series["room.counts_0_5"], series["room.particles_0_5"]
    np.testing.assert_allclose(particles.values, counts.values / volume)
    added = counts.values - clean["room.counts_0_5"].values
    np.testing.assert_array_equal(
        added[(counts.times_s >= 600) & (counts.times_s < 720)], [283, 283]
    )
    assert np.all(counts.values == np.floor(counts.values))


def test_a_dropout_of_a_counter_blanks_counts_and_particles():
    event = Event(600, "sensor_dropout", duration_s=180, target="room.counts_5")
    series = run([event])
    for name in ("room.counts_5", "room.particles_5"):
        channel = series[name]
        inside = (channel.times_s >= 600) & (channel.times_s < 780)
        assert np.all(np.isnan(channel.values[inside])) and inside.sum() == 3
        assert not np.any(np.isnan(channel.values[~inside]))


def test_a_miscalibrated_plate_reader_never_reads_below_zero():
    event = Event(0, "sensor_miscalibration", magnitude=-3.0, target="contact.cfu")
    values = run([event])["contact.cfu"].values
    assert np.all(values == 0)


def test_drift_wanders_slowly():
    """Over a day the temperature reading drifts, but by less than a tenth of a degree an hour."""
    model = ModelConfig(bioreactor=BioreactorConfig(measurement_interval_s=60, lag_h=100))
    channel = simulate(model, seed=4, duration_s=86_400)["bioreactor.temperature_c"]
    hourly = channel.values[: 24 * 60].reshape(24, 60).mean(axis=1)
    assert np.abs(np.diff(hourly)).max() < 0.1
