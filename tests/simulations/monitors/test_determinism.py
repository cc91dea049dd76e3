"""The same seed gives the same series, another seed another one, and the past never changes:
an event at time T leaves every sample before T bit-identical (the server regenerates a run
after each trainee action, and what the trainee already saw must stay as it was)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations.monitors import Event, ModelConfig, RoomConfig, simulate
from simulations.monitors.events import MAGNITUDES

from .models import EVERYTHING, TARGETS

DURATION_S = 3 * 3600.0


def same(first, second, before=np.inf) -> bool:
    assert first.channels == second.channels
    for name in first.channels:
        a, b = first[name], second[name]
        keep_a, keep_b = a.times_s < before, b.times_s < before
        if not np.array_equal(a.times_s[keep_a], b.times_s[keep_b]):
            return False
        if not np.array_equal(a.values[keep_a], b.values[keep_b], equal_nan=True):
            return False
    return True


@st.composite
def events(draw):
    kind = draw(st.sampled_from(sorted(TARGETS)))
    low, high, whole = MAGNITUDES.get(kind, (0.0, 5.0, False))
    magnitude = draw(st.integers(int(low), int(min(high, 5))) if whole else st.floats(low, high))
    return Event(
        at_s=draw(st.floats(min_value=0.0, max_value=DURATION_S)),
        kind=kind,
        duration_s=draw(st.sampled_from([0.0, 1.0, 30.0, 600.0, 4000.0])),
        magnitude=float(magnitude),
        target=draw(st.sampled_from(TARGETS[kind])),
    )


def test_the_same_seed_gives_bit_identical_series():
    timeline = [Event(600, "intervention"), Event(900, "sensor_dropout", 60, target="room.dp_pa")]
    first = simulate(EVERYTHING, timeline, seed=42, duration_s=DURATION_S)
    second = simulate(EVERYTHING, list(timeline), seed=42, duration_s=DURATION_S)
    assert same(first, second)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**62), timeline=st.lists(events(), max_size=6))
def test_same_seed_same_series_whatever_the_events(seed, timeline):
    first = simulate(EVERYTHING, timeline, seed=seed, duration_s=DURATION_S)
    second = simulate(EVERYTHING, timeline, seed=seed, duration_s=DURATION_S)
    assert same(first, second)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**62 - 1))
def test_different_seeds_give_different_series(seed):
    first = simulate(EVERYTHING, seed=seed, duration_s=DURATION_S)
    second = simulate(EVERYTHING, seed=seed + 1, duration_s=DURATION_S)
    # Counts of rare particles and colonies are mostly 0 whatever the seed; sensors never are.
    sensed = [c.name for c in first if c.kind not in ("particles", "counts", "cfu")]
    for name in [*sensed, "room.particles_0_5", "zone.particles_0_5"]:
        assert not np.array_equal(first[name].values, second[name].values), name


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**62),
    earlier=st.lists(events(), max_size=5),
    data=st.data(),
)
def test_an_event_at_t_never_changes_a_sample_before_t(seed, earlier, data):
    """The appended event may come before some of the others in time, too."""
    later = data.draw(events())
    before = simulate(EVERYTHING, earlier, seed=seed, duration_s=DURATION_S)
    after = simulate(EVERYTHING, [*earlier, later], seed=seed, duration_s=DURATION_S)
    assert same(before, after, before=later.at_s)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**62), timeline=st.lists(events(), max_size=5))
def test_a_bioreactor_run_of_days_is_causal_too(seed, timeline):
    """Over days, so that feeds, perfusion and stress act on a growing culture."""
    days = 6 * 86_400.0
    stretched = [
        Event(e.at_s * 48, e.kind, e.duration_s * 48, e.magnitude, e.target)
        for e in timeline
        if e.target in ("", "bioreactor")
        and e.kind in ("missed_feed", "feed", "perfusion_change", "co2_drift", "temperature_drift")
    ]
    model = ModelConfig(bioreactor=EVERYTHING.bioreactor)
    cut = max([e.at_s for e in stretched], default=0.0) + 3600.0
    late = [*stretched, Event(cut, "missed_feed")]
    first = simulate(model, stretched, seed=seed, duration_s=days)
    second = simulate(model, late, seed=seed, duration_s=days)
    assert same(first, second, before=cut)


def test_a_later_event_does_change_what_comes_after_it():
    """The causality tests above could pass with events that do nothing; they do something."""
    base = simulate(EVERYTHING, seed=1, duration_s=DURATION_S)
    timeline = [Event(3600, "intervention", duration_s=120, magnitude=3.0)]
    changed = simulate(EVERYTHING, timeline, seed=1, duration_s=DURATION_S)
    assert same(base, changed, before=3600)
    assert not same(base, changed)


def test_samples_until_keeps_the_samples_up_to_that_time():
    series = simulate(EVERYTHING, seed=1, duration_s=DURATION_S)
    cut = series.samples_until(1800.0)
    assert cut.channels == series.channels
    for channel in cut:
        assert len(channel) and channel.times_s.max() <= 1800.0 or not len(channel)
        whole = series[channel.name]
        count = int(np.sum(whole.times_s <= 1800.0))
        np.testing.assert_array_equal(channel.values, whole.values[:count])


def test_a_series_is_read_only_and_names_its_channels():
    series = simulate(ModelConfig(rooms=(RoomConfig(),)), seed=1, duration_s=600)
    assert series.channels == (
        "room.particles_0_5",
        "room.particles_5",
        "room.counts_0_5",
        "room.counts_5",
        "room.dp_pa",
        "room.temperature_c",
        "room.humidity_pct",
    )
    with pytest.raises(ValueError, match="read-only"):
        series["room.dp_pa"].values[0] = 3.0
    with pytest.raises(KeyError, match="no channel 'room.ph'"):
        series["room.ph"]
    assert "room.dp_pa" in series and len(series) == 7


@settings(max_examples=10, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**62),
    timeline=st.lists(events(), max_size=5),
    cut=st.floats(min_value=60.0, max_value=DURATION_S),
)
def test_a_shorter_run_is_the_start_of_a_longer_one(seed, timeline, cut):
    """So a server may simulate only up to the present and extend the run later."""
    short = simulate(EVERYTHING, timeline, seed=seed, duration_s=cut)
    long = simulate(EVERYTHING, timeline, seed=seed, duration_s=DURATION_S)
    assert same(short, long.samples_until(cut))
