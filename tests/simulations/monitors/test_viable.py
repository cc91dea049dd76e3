"""Viable samples are rare, overdispersed whole-number counts driven by the air and by the
operators' technique (ATMP_GMP_FACTS.md §4.2); limits come from the regulatory profile."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations.monitors import Event, ModelConfig, RoomConfig, ViablePlan, ZoneConfig, simulate
from simulations.regulatory import DEFAULT_PROFILE

HOUR = 3600.0
MANY = tuple(float(t) for t in np.arange(0, 200 * HOUR, 600))


def model(plan: ViablePlan, **room) -> ModelConfig:
    return ModelConfig(
        rooms=(RoomConfig(counters=False, **room),),
        zones=(ZoneConfig(room="room", counters=False),),
        viable=(plan,),
        step_s=60,
    )


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    location=st.sampled_from(["room", "zone"]),
    breach=st.floats(min_value=0, max_value=10),
)
def test_colonies_are_whole_numbers_of_at_least_zero(seed, location, breach):
    plan = ViablePlan(
        location=location,
        settle_exposures_s=((0.0, 4 * HOUR), (4 * HOUR, 8 * HOUR)),
        contact_times_s=(HOUR, 5 * HOUR),
        glove_times_s=(2 * HOUR, 6 * HOUR),
    )
    events = [Event(HOUR, "glove_breach", magnitude=breach, target=location)]
    series = simulate(model(plan), events, seed=seed, duration_s=8 * HOUR)
    for name in ("settle.cfu", "contact.cfu", "glove.cfu"):
        values = series[name].values
        assert series[name].integer and series[name].kind == "cfu"
        assert np.all(values >= 0) and np.all(values == np.floor(values))


def test_grade_a_plates_rarely_grow_anything_and_any_growth_exceeds_the_limit():
    plan = ViablePlan(location="zone", contact_times_s=MANY, glove_times_s=MANY)
    series = simulate(model(plan), seed=1, duration_s=200 * HOUR)
    for method, sample in (("contact", "contact_plate"), ("glove", "glove_print")):
        channel = series[f"{method}.cfu"]
        grown = np.mean(channel.values > DEFAULT_PROFILE.action_limit(grade="A", sample=sample))
        assert channel.grade == "A" and channel.location == "zone"
        assert 0.0 < grown < 0.01  # FACTS §4.2: 0.1–1 % of Grade A samples


def test_grade_b_settle_plates_average_a_few_tenths_of_a_colony():
    exposures = tuple((t, t + 4 * HOUR) for t in np.arange(0, 400 * HOUR, 4 * HOUR))
    plan = ViablePlan(location="room", settle_exposures_s=exposures)
    values = simulate(model(plan), seed=2, duration_s=400 * HOUR)["settle.cfu"].values
    assert 0.1 <= values.mean() <= 0.5  # FACTS §4.2
    limit = DEFAULT_PROFILE.action_limit(grade="B", sample="settle_plate")
    assert np.mean(values > limit) < 0.01
    assert np.mean(values == 0) > 0.6  # zero-inflated


def test_counts_are_overdispersed():
    plan = ViablePlan(location="room", contact_times_s=MANY)
    values = simulate(model(plan, grade="C"), seed=3, duration_s=200 * HOUR)["contact.cfu"]
    assert values.values.var() > 1.5 * values.values.mean()


def test_a_glove_breach_raises_glove_prints_until_the_gloves_are_sanitised():
    times = tuple(float(t) for t in np.arange(60, 30 * HOUR, 300))
    plan = ViablePlan(location="zone", glove_times_s=times)
    events = [Event(10 * HOUR, "glove_breach", magnitude=2.0), Event(20 * HOUR, "sanitise")]
    channel = simulate(model(plan), events, seed=4, duration_s=30 * HOUR)["glove.cfu"]
    hours = channel.times_s / HOUR
    before = channel.values[hours < 10].mean()
    breached = channel.values[(hours >= 10) & (hours < 20)].mean()
    after = channel.values[hours >= 20].mean()
    assert before < 0.05 and after < 0.05
    assert 1.3 < breached < 3.0  # FACTS §4.2: 1–3 CFU after a poorly performed intervention


def test_poor_gowning_in_the_room_raises_gown_plates_in_the_zone_inside_it():
    plan = ViablePlan(location="zone", contact_times_s=MANY)
    plain = simulate(model(plan), seed=5, duration_s=200 * HOUR)["contact.cfu"].values
    events = [Event(0, "poor_gowning", magnitude=1.0, target="room")]
    poor = simulate(model(plan), events, seed=5, duration_s=200 * HOUR)["contact.cfu"].values
    assert poor.mean() > 5 * max(plain.mean(), 0.001)


def test_interventions_add_to_glove_prints_until_the_next_sanitisation():
    plan = ViablePlan(location="zone", glove_times_s=MANY)
    events = [Event(HOUR * k, "intervention", magnitude=3.0) for k in range(1, 50)]
    events.append(Event(50 * HOUR, "sanitise"))
    channel = simulate(model(plan), events, seed=6, duration_s=200 * HOUR)["glove.cfu"]
    hours = channel.times_s / HOUR
    assert channel.values[(hours > 30) & (hours < 50)].mean() > 10
    assert channel.values[hours > 50].mean() < 0.05


def test_air_samples_are_colonies_per_cubic_metre_read_after_sampling():
    plan = ViablePlan(
        location="room", air_times_s=(0.0, HOUR), air_volume_m3=0.5, read_delay_s=600.0
    )
    channel = simulate(model(plan, people=6, activity_factor=1.0), seed=7, duration_s=2 * HOUR)[
        "air.cfu"
    ]
    assert channel.unit == "CFU/m³"
    # 0.5 m³ at 100 L/min takes 300 s; then 600 s to read.
    np.testing.assert_array_equal(channel.times_s, [900.0, HOUR + 900.0])
    assert np.all(channel.values * 0.5 == np.floor(channel.values * 0.5))
    assert channel.integer  # 1 / 0.5 m³ is a whole number


def test_busy_air_grows_more_than_quiet_air():
    plan = ViablePlan(location="room", air_times_s=MANY)
    quiet = simulate(model(plan, people=1), seed=8, duration_s=200 * HOUR)["air.cfu"].values
    busy = simulate(model(plan, people=8, activity_factor=0.5), seed=8, duration_s=200 * HOUR)
    assert busy["air.cfu"].values.mean() > 5 * quiet.mean()
    assert quiet.mean() < 1.0  # FACTS §4.1: Grade B air normally shows ~0–1 CFU/m³


def test_results_read_after_the_run_are_not_in_it():
    plan = ViablePlan(location="room", name="late", contact_times_s=(HOUR, 3 * HOUR))
    channel = simulate(model(plan), seed=9, duration_s=2 * HOUR)["contact_late.cfu"]
    np.testing.assert_array_equal(channel.times_s, [HOUR])
