"""Controlled-rate freezing and LN2 storage behave as ATMP_GMP_FACTS.md §3.1 describes."""

import numpy as np

from simulations.monitors import Event, FreezerConfig, ModelConfig, StorageConfig, simulate

HOUR = 3600.0


def freeze(config=None, events=(), seed=1, duration_s=2.5 * HOUR):
    model = ModelConfig(freezer=config or FreezerConfig())
    return simulate(model, list(events), seed=seed, duration_s=duration_s)


def store(config=None, events=(), seed=1, duration_s=48 * HOUR):
    model = ModelConfig(storage=config or StorageConfig())
    return simulate(model, list(events), seed=seed, duration_s=duration_s)


def slope_per_min(channel, start_s, end_s) -> float:
    keep = (channel.times_s >= start_s) & (channel.times_s <= end_s)
    return float(np.polyfit(channel.times_s[keep] / 60, channel.values[keep], 1)[0])


def test_the_chamber_cools_at_the_programmed_rate_to_its_end_temperature():
    series = freeze()
    chamber = series["freezer.chamber_c"]
    assert abs(slope_per_min(chamber, 1800, 5400) - (-1.0)) < 0.02  # FACTS §3.1: −1 °C/min
    assert abs(chamber.values[chamber.times_s < 600].mean() - 4.0) < 0.2
    assert abs(chamber.values[chamber.times_s > 7200].mean() - (-90.0)) < 0.3
    assert chamber.unit == "°C" and chamber.kind == "temperature"


def rise_per_minute(channel) -> tuple[float, float]:
    """The largest warming over one minute (6 readings) of the minute-smoothed readings, and
    the temperature it starts from."""
    smooth = np.convolve(channel.values, np.ones(6) / 6, mode="valid")
    rises = smooth[6:] - smooth[:-6]
    return float(rises.max()), float(smooth[int(rises.argmax())])


def test_the_sample_lags_the_chamber_and_warms_once_as_it_freezes():
    series = freeze()
    sample, chamber = series["freezer.sample_c"], series["freezer.chamber_c"]
    cooling = (sample.times_s > 900) & (sample.times_s < 5000)
    assert np.mean(sample.values[cooling] - chamber.values[cooling]) > 1.0
    rise, start = rise_per_minute(sample)
    assert rise > 1.5
    assert -12 < start < -3  # at nucleation (−8 °C)
    without = freeze(FreezerConfig(latent_heat_bump_c=0.0))["freezer.sample_c"]
    assert rise_per_minute(without)[0] < 0.6
    # The same seed draws the same sensor noise, so the difference is the latent heat alone.
    bump = sample.values - without.values
    assert 4.9 < bump.max() <= 5.0  # latent_heat_bump_c
    assert np.all(bump[sample.times_s < 1200] == 0)


def test_a_wrong_programme_cools_ten_times_faster():
    chamber = freeze(FreezerConfig(rate_c_per_min=-10.0))["freezer.chamber_c"]
    assert abs(slope_per_min(chamber, 700, 1100) - (-10.0)) < 0.5


def test_an_open_lid_warms_the_chamber_until_it_closes():
    events = [Event(1800, "lid_open", duration_s=300, magnitude=1.0, target="freezer")]
    chamber = freeze(events=events)["freezer.chamber_c"]
    reference = freeze()["freezer.chamber_c"]
    at = (chamber.times_s > 2000) & (chamber.times_s <= 2100)
    assert np.mean(chamber.values[at] - reference.values[at]) > 10
    later = chamber.times_s > 3000
    assert np.mean(np.abs(chamber.values[later] - reference.values[later])) < 1.0


def test_storage_refills_between_its_levels_and_stays_cold():
    config = StorageConfig(ln2_level_pct=60.0, consumption_pct_per_h=2.0)
    series = store(config, duration_s=96 * HOUR)
    level = series["storage.ln2_level_pct"].values
    temperature = series["storage.temperature_c"].values
    assert level.min() > config.refill_below_pct - 3
    assert level.max() < config.refill_to_pct + 3
    assert np.any(np.diff(level) > 0.2)  # refills happened
    assert temperature.max() < -150  # FACTS §3.1: vapour phase ≤ −150 °C


def test_without_ln2_supply_the_level_falls_and_the_vapour_warms_past_minus_150():
    config = StorageConfig(ln2_level_pct=30.0, consumption_pct_per_h=2.0)
    series = store(config, [Event(0, "ln2_supply_failure")], duration_s=30 * HOUR)
    level, temperature = series["storage.ln2_level_pct"], series["storage.temperature_c"]
    hours = level.times_s / HOUR
    assert level.values[hours > 16].mean() < 1  # 30 % at 2 %/h
    assert temperature.values[hours < 5].mean() < -180
    assert temperature.values[hours > 25].max() > -150
    assert np.all(np.diff(temperature.values[hours > 12]) > -1.5)  # warming, give or take noise


def test_a_repaired_supply_refills_and_cools_again():
    config = StorageConfig(ln2_level_pct=30.0, consumption_pct_per_h=2.0)
    events = [Event(0, "ln2_supply_failure"), Event(24 * HOUR, "repair", target="storage")]
    series = store(config, events, duration_s=40 * HOUR)
    level, temperature = series["storage.ln2_level_pct"], series["storage.temperature_c"]
    hours = level.times_s / HOUR
    assert level.values[(hours > 30)].mean() > 20
    assert temperature.values[hours > 35].mean() < -180


def test_an_open_storage_lid_warms_the_vapour_briefly_and_boils_off_more():
    events = [Event(HOUR, "lid_open", duration_s=120, magnitude=1.0)]
    series = store(events=events, duration_s=3 * HOUR)
    temperature = series["storage.temperature_c"]
    hours = temperature.times_s / HOUR
    assert temperature.values[(hours > 1.01) & (hours < 1.04)].max() > -170
    assert temperature.values[hours > 2.5].mean() < -183
