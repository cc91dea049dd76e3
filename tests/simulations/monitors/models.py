"""Models the simulator tests share: one with every source, and its events."""

from simulations.monitors import (
    BioreactorConfig,
    FreezerConfig,
    ModelConfig,
    RoomConfig,
    StorageConfig,
    ViablePlan,
    ZoneConfig,
)

EVERYTHING = ModelConfig(
    rooms=(
        RoomConfig(name="room", sample_s=10),
        RoomConfig(name="corridor", grade="C", counters=False),
    ),
    zones=(ZoneConfig(name="zone", room="room", sample_s=10),),
    viable=(
        ViablePlan(
            location="zone",
            air_times_s=(0.0, 1800.0, 5400.0),
            settle_exposures_s=((0.0, 3600.0), (3600.0, 7200.0), (7200.0, 10800.0)),
            contact_times_s=(2000.0, 6000.0, 9000.0),
            glove_times_s=(1000.0, 3000.0, 5000.0, 7000.0, 9500.0),
        ),
        ViablePlan(location="room", name="b", settle_exposures_s=((0.0, 10800.0),)),
    ),
    bioreactor=BioreactorConfig(measurement_interval_s=60, lag_h=0.5),
    freezer=FreezerConfig(measurement_interval_s=10),
    storage=StorageConfig(ln2_level_pct=41.0, consumption_pct_per_h=5.0),
    step_s=1,
)

# Kinds and the targets they can take in EVERYTHING ("" picks the default).
TARGETS = {
    "door_open": ["", "room", "corridor"],
    "personnel_entry": ["room"],
    "personnel_exit": ["room"],
    "intervention": ["", "zone", "room"],
    "hepa_failure": ["room", "zone", "corridor"],
    "interlock_failure": ["room"],
    "glove_breach": ["zone", "room"],
    "poor_gowning": ["room"],
    "sanitise": ["", "zone", "room"],
    "stop_process": ["", "room"],
    "resume_process": ["", "room"],
    "missed_feed": [""],
    "feed": [""],
    "perfusion_change": [""],
    "co2_drift": [""],
    "temperature_drift": ["bioreactor", "freezer", "storage", "room"],
    "ln2_supply_failure": [""],
    "lid_open": ["storage", "freezer"],
    "repair": ["", "room", "storage", "room.dp_pa"],
    "sensor_stuck": ["room.dp_pa", "bioreactor.ph", "zone.particles_0_5"],
    "sensor_dropout": ["room.temperature_c", "storage.temperature_c", "zone.counts_5"],
    "sensor_spike": ["room.particles_0_5", "freezer.sample_c", "glove.cfu"],
    "sensor_miscalibration": ["corridor.dp_pa", "bioreactor.do_pct", "settle_b.cfu"],
}
