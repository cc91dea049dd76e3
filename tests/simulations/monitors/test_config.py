"""Configuration and events refuse what the simulators cannot run, in a sentence that names
the field and what it accepts."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulations.monitors import (
    EVENT_KINDS,
    BioreactorConfig,
    ConfigError,
    Event,
    FreezerConfig,
    ModelConfig,
    RoomConfig,
    StorageConfig,
    ViablePlan,
    ZoneConfig,
    simulate,
)

from .models import EVERYTHING, TARGETS

BAD_FIELDS = [
    (RoomConfig, "volume_m3", 0.0),
    (RoomConfig, "air_changes_per_h", 500.0),
    (RoomConfig, "people", 2.5),
    (RoomConfig, "people", -1),
    (RoomConfig, "activity_factor", float("nan")),
    (RoomConfig, "grade", "A"),
    (RoomConfig, "occupancy", "busy"),
    (RoomConfig, "sample_s", 0),
    (RoomConfig, "counters", "yes"),
    (RoomConfig, "name", "Room 1"),
    (RoomConfig, "name", "bioreactor"),
    (ZoneConfig, "air_speed_m_s", 2.0),
    (ZoneConfig, "decay_s", 0.0),
    (ZoneConfig, "false_count_rate_per_h", -1.0),
    (ZoneConfig, "overdispersion", True),
    (BioreactorConfig, "doubling_time_h", 1.0),
    (BioreactorConfig, "lactate_yield", 3.0),
    (BioreactorConfig, "measurement_interval_s", 0),
    (FreezerConfig, "rate_c_per_min", 1.0),
    (FreezerConfig, "end_c", 10.0),
    (StorageConfig, "temperature_c", -100.0),
    (StorageConfig, "refill_to_pct", 30.0),
]


@pytest.mark.parametrize(("config", "field", "value"), BAD_FIELDS)
def test_a_bad_value_is_refused_with_the_field_and_its_range(config, field, value):
    with pytest.raises(ConfigError) as error:
        config(**{field: value})
    message = str(error.value)
    assert f"{config.__name__}.{field}" in message
    assert message.endswith(".") and message[0].isupper()
    assert repr(value) in message


@settings(max_examples=40, deadline=None)
@given(volume=st.one_of(st.floats(max_value=4.99), st.floats(min_value=5000.01)))
def test_any_room_volume_out_of_range_is_refused(volume):
    with pytest.raises(ConfigError, match=r"RoomConfig\.volume_m3 must be a number from 5 to"):
        RoomConfig(volume_m3=volume)


@settings(max_examples=30, deadline=None)
@given(
    volume=st.floats(min_value=5, max_value=5000),
    changes=st.floats(min_value=1, max_value=200),
    people=st.integers(min_value=0, max_value=50),
)
def test_values_inside_the_ranges_are_accepted(volume, changes, people):
    room = RoomConfig(volume_m3=volume, air_changes_per_h=changes, people=people)
    assert room.volume_m3 == volume


def test_a_plan_names_a_location_of_the_model():
    with pytest.raises(ConfigError, match="ViablePlan.location 'cabinet' names no room or zone"):
        ModelConfig(rooms=(RoomConfig(),), viable=(ViablePlan(location="cabinet"),))


def test_a_zone_names_a_room_of_the_model():
    with pytest.raises(ConfigError, match="ZoneConfig.room of zone zone names no room"):
        ModelConfig(zones=(ZoneConfig(room="hall"),))


def test_rooms_and_zones_need_names_of_their_own():
    with pytest.raises(ConfigError, match="room is used twice"):
        ModelConfig(rooms=(RoomConfig(), RoomConfig(grade="C")))


def test_two_plans_without_names_would_share_channels():
    plans = (ViablePlan(location="room"), ViablePlan(location="room"))
    with pytest.raises(ConfigError, match="ViablePlan.name must differ"):
        ModelConfig(rooms=(RoomConfig(),), viable=plans)


def test_a_counter_sample_is_a_whole_number_of_steps():
    with pytest.raises(ConfigError, match=r"RoomConfig.sample_s of room must be a multiple"):
        ModelConfig(rooms=(RoomConfig(sample_s=45),), step_s=10)


def test_an_empty_model_is_refused():
    with pytest.raises(ConfigError, match="at least one room"):
        ModelConfig()


def test_lists_become_tuples_and_other_objects_are_refused():
    assert ModelConfig(rooms=[RoomConfig()]).rooms == (RoomConfig(),)
    with pytest.raises(ConfigError, match="ModelConfig.rooms must be a tuple of RoomConfig"):
        ModelConfig(rooms=(ZoneConfig(),))


def test_settle_exposures_need_a_positive_span_of_at_most_a_day():
    with pytest.raises(ConfigError, match="ViablePlan.settle_exposures_s"):
        ViablePlan(location="room", settle_exposures_s=((100.0, 100.0),))
    with pytest.raises(ConfigError, match="ViablePlan.settle_exposures_s"):
        ViablePlan(location="room", settle_exposures_s=((0.0, 90_000.0),))


def test_configs_are_frozen_and_checked_again_when_replaced():
    room = RoomConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        room.people = 3
    with pytest.raises(ConfigError, match="RoomConfig.people"):
        dataclasses.replace(room, people=99)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "earthquake"}, "Event.kind"),
        ({"at_s": -1.0}, "Event.at_s"),
        ({"duration_s": float("inf")}, "Event.duration_s"),
        ({"kind": "personnel_entry", "magnitude": 1.5}, "Event.magnitude"),
        ({"kind": "poor_gowning", "magnitude": 2.0}, "Event.magnitude"),
        ({"target": 3}, "Event.target"),
    ],
)
def test_a_bad_event_is_refused(changes, field):
    with pytest.raises(ConfigError, match=field.replace(".", r"\.")):
        Event(**{"at_s": 10.0, "kind": "door_open", **changes})


def test_every_kind_the_admin_offers_exists():
    assert set(TARGETS) == set(EVENT_KINDS)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (Event(10, "sensor_stuck"), "needs a channel of the model as its target, not ''"),
        (Event(10, "sensor_stuck", target="room.nothing"), "not 'room.nothing'"),
        (Event(10, "door_open", target="zone"), "cannot act on 'zone'; it acts on room"),
        (Event(10, "ln2_supply_failure", target="freezer"), "cannot act on 'freezer'"),
    ],
)
def test_an_event_must_target_something_it_can_act_on(event, message):
    with pytest.raises(ConfigError, match=message):
        simulate(EVERYTHING, [event], seed=1, duration_s=60)


def test_an_event_needing_a_source_the_model_lacks_is_refused():
    model = ModelConfig(rooms=(RoomConfig(),))
    with pytest.raises(ConfigError, match="missed_feed event at 5 s has nothing in the model"):
        simulate(model, [Event(5, "missed_feed")], seed=1, duration_s=60)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"seed": -1, "duration_s": 60}, "The seed must be a whole number"),
        ({"seed": 1.5, "duration_s": 60}, "The seed must be a whole number"),
        ({"seed": True, "duration_s": 60}, "The seed must be a whole number"),
        ({"seed": 1, "duration_s": 0}, "duration_s must lie between"),
        ({"seed": 1, "duration_s": 61 * 86_400}, "duration_s must lie between"),
        ({"seed": 1, "duration_s": float("nan")}, "duration_s must be a number of seconds"),
    ],
)
def test_a_bad_call_is_refused(arguments, message):
    with pytest.raises(ConfigError, match=message):
        simulate(ModelConfig(rooms=(RoomConfig(),)), **arguments)


def test_events_must_be_events():
    with pytest.raises(ConfigError, match="Every event must be an Event"):
        simulate(ModelConfig(rooms=(RoomConfig(),)), [("door_open", 10)], seed=1, duration_s=60)


def test_plates_of_one_plan_need_times_of_their_own():
    with pytest.raises(ConfigError, match="ViablePlan.glove_times_s must not repeat a time"):
        ViablePlan(location="room", glove_times_s=(60.0, 60.0))
    with pytest.raises(ConfigError, match="ViablePlan.settle_exposures_s must not repeat"):
        ViablePlan(location="room", settle_exposures_s=((0.0, 600.0), (300.0, 600.0)))
