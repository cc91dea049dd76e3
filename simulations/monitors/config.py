"""The configuration of a monitoring simulation: what is simulated and with which parameters.

Every dataclass is frozen and checks itself when it is made, raising `ConfigError` with a
sentence that names the field and the range it accepts, so that a scenario edited in the admin
fails on saving rather than halfway through a run. Defaults are the design values of
ATMP_GMP_FACTS.md §4 (marked [D] there: modelling choices, not regulatory facts); the limits a
value is judged against never live here but in `simulations.regulatory`.
"""

import math
import re
from dataclasses import dataclass

from simulations.regulatory import Grade, Occupancy

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Names a room or zone cannot take, as the simulators' own channels start with them.
RESERVED_NAMES = frozenset(
    {"air", "settle", "contact", "glove", "bioreactor", "freezer", "storage"}
)
MAX_DURATION_S = 60 * 86_400


class ConfigError(ValueError):
    """A configuration, event or call the simulators cannot run, said in one sentence."""


def check_number(owner: str, name: str, value, low: float, high: float, unit: str = "") -> None:
    """Refuse anything but a finite number from `low` to `high` (booleans are not numbers)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise ConfigError(
            f"{owner}.{name} must be a number from {low:g} to {high:g}{suffix}, not {value!r}."
        )


def check_whole(owner: str, name: str, value, low: int, high: int, unit: str = "") -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        raise ConfigError(
            f"{owner}.{name} must be a whole number from {low} to {high}{suffix}, not {value!r}."
        )


def check_name(owner: str, value) -> None:
    if not isinstance(value, str) or not NAME.match(value) or value in RESERVED_NAMES:
        raise ConfigError(
            f"{owner}.name must be 1 to 40 lower-case letters, digits or underscores starting "
            f"with a letter, and none of {', '.join(sorted(RESERVED_NAMES))}; not {value!r}."
        )


def check_choice(owner: str, name: str, value, choices) -> None:
    allowed = [str(choice) for choice in choices]
    if value not in allowed:
        raise ConfigError(f"{owner}.{name} must be one of {', '.join(allowed)}, not {value!r}.")


def check_times(owner: str, name: str, values, unit: str = "s") -> None:
    if not isinstance(values, tuple):
        raise ConfigError(f"{owner}.{name} must be a tuple of times in {unit}, not {values!r}.")
    for value in values:
        check_number(owner, name, value, 0, MAX_DURATION_S, unit)


def _check_counter(owner: str, config) -> None:
    check_whole(owner, "sample_s", config.sample_s, 1, 3600, "s")
    check_number(owner, "flow_l_min", config.flow_l_min, 1.0, 200.0, "L/min")
    check_number(owner, "efficiency_0_5", config.efficiency_0_5, 0.1, 1.0)
    check_number(owner, "efficiency_5", config.efficiency_5, 0.1, 1.0)
    check_number(owner, "overdispersion", config.overdispersion, 0.5, 1e6)
    if not isinstance(config.counters, bool):
        raise ConfigError(f"{owner}.counters must be True or False, not {config.counters!r}.")


@dataclass(frozen=True)
class RoomConfig:
    """A well-mixed cleanroom of Grade B, C or D (FACTS §4.1, §1.8).

    `activity_factor` scales the Whyte & Hejab emission rates (FACTS §4.1: ~0.1–0.5 for normal
    work); `idle_activity_factor` is what is left once the process stops [D]. `background_*`
    are the at-rest concentrations (particles/m³) that filter penetration and resuspension
    leave [D]; `adjacent_*` the concentrations beyond the door [D]. `pressure_pa` and
    `adjacent_pressure_pa` are both relative to the unclassified area, so the room's
    differential is their difference (FACTS §1.8: ≥10 Pa guidance, ~15 Pa per step [D]).
    Temperature and humidity set-points have no Annex 1 limits (FACTS §1.8: 18–22 °C, 30–60 %
    RH typical [D]). The particle counter samples `flow_l_min` (28.3 L/min, FACTS §1.7) for
    `sample_s` seconds; `overdispersion` is the gamma shape of the sample-to-sample variation
    of the concentration (FACTS §4.1 [D]; larger is closer to plain Poisson).
    """

    name: str = "room"
    grade: str = "B"
    volume_m3: float = 50.0
    air_changes_per_h: float = 40.0
    people: int = 2
    activity_factor: float = 0.2
    idle_activity_factor: float = 0.02
    occupancy: str = Occupancy.IN_OPERATION.value
    counters: bool = True
    sample_s: int = 60
    flow_l_min: float = 28.3
    efficiency_0_5: float = 0.95
    efficiency_5: float = 1.0
    overdispersion: float = 25.0
    background_0_5: float = 300.0
    background_5: float = 0.1
    adjacent_0_5: float = 100_000.0
    adjacent_5: float = 800.0
    pressure_pa: float = 45.0
    adjacent_pressure_pa: float = 30.0
    temperature_c: float = 20.0
    humidity_pct: float = 45.0

    def __post_init__(self):
        owner = "RoomConfig"
        check_name(owner, self.name)
        check_choice(owner, "grade", self.grade, ("B", "C", "D"))
        check_number(owner, "volume_m3", self.volume_m3, 5.0, 5000.0, "m³")
        check_number(owner, "air_changes_per_h", self.air_changes_per_h, 1.0, 200.0, "per hour")
        check_whole(owner, "people", self.people, 0, 50)
        check_number(owner, "activity_factor", self.activity_factor, 0.0, 1.0)
        check_number(owner, "idle_activity_factor", self.idle_activity_factor, 0.0, 1.0)
        check_choice(owner, "occupancy", self.occupancy, Occupancy)
        _check_counter(owner, self)
        for name in ("background_0_5", "background_5", "adjacent_0_5", "adjacent_5"):
            check_number(owner, name, getattr(self, name), 0.0, 1e9, "particles/m³")
        check_number(owner, "pressure_pa", self.pressure_pa, -100.0, 100.0, "Pa")
        check_number(owner, "adjacent_pressure_pa", self.adjacent_pressure_pa, -100.0, 100.0, "Pa")
        check_number(owner, "temperature_c", self.temperature_c, 10.0, 35.0, "°C")
        check_number(owner, "humidity_pct", self.humidity_pct, 5.0, 95.0, "%")


@dataclass(frozen=True)
class ZoneConfig:
    """A Grade A unidirectional-airflow zone, e.g. a biosafety cabinet (FACTS §4.1, §1.8).

    Background levels are "tens to low hundreds" per m³ at ≥0.5 µm and mostly 0 at ≥5 µm
    (FACTS §4.1 [D]). An intervention of magnitude 1 raises the concentration toward
    `spike_0_5` / `spike_5` (particles/m³ [D]; the ≥5 µm share follows the person-emission
    ratio 37 300 : 1.02 × 10⁶) and it decays with `decay_s` at 0.45 m/s, longer at lower air
    speeds [D]. `false_count_rate_per_h` adds single ≥5 µm counts that are not particles
    (FACTS §1.6). `room` names the room the zone stands in, if it is simulated too.
    """

    name: str = "zone"
    room: str = ""
    air_speed_m_s: float = 0.45
    background_0_5: float = 30.0
    background_5: float = 0.01
    spike_0_5: float = 10_000.0
    spike_5: float = 365.0
    decay_s: float = 3.0
    false_count_rate_per_h: float = 0.05
    counters: bool = True
    sample_s: int = 60
    flow_l_min: float = 28.3
    efficiency_0_5: float = 0.95
    efficiency_5: float = 1.0
    overdispersion: float = 4.0

    def __post_init__(self):
        owner = "ZoneConfig"
        check_name(owner, self.name)
        if not isinstance(self.room, str):
            raise ConfigError(f"ZoneConfig.room must be a room's name or empty, not {self.room!r}.")
        check_number(owner, "air_speed_m_s", self.air_speed_m_s, 0.1, 1.0, "m/s")
        for name in ("background_0_5", "background_5", "spike_0_5", "spike_5"):
            check_number(owner, name, getattr(self, name), 0.0, 1e9, "particles/m³")
        check_number(owner, "decay_s", self.decay_s, 0.5, 600.0, "s")
        check_number(owner, "false_count_rate_per_h", self.false_count_rate_per_h, 0.0, 3600.0)
        _check_counter(owner, self)

    @property
    def grade(self) -> str:
        return Grade.A.value


def _check_distinct(name: str, times) -> None:
    """A channel's samples need times of their own: alarm logic reads them as a sequence."""
    if len(set(times)) != len(times):
        raise ConfigError(
            f"ViablePlan.{name} must not repeat a time (for settle plates: an end); plates taken "
            "together belong in plans of their own, told apart by name."
        )


@dataclass(frozen=True)
class ViablePlan:
    """The viable (microbial) samples taken at one location: a room's or a zone's name.

    Active air samples start at `air_times_s` and draw `air_volume_m3` at `air_flow_l_min`;
    settle plates are exposed over each (from, to) pair of `settle_exposures_s`; contact
    plates and glove prints are taken at their times. A result is read `read_delay_s` after
    the sample ends (0 in a compressed run; incubation takes days in a real one).
    `zero_inflation` and `clustering` are the zero-inflated negative binomial's share of
    structural zeros and gamma shape (FACTS §4.2 [D]). `name` tells several plans' channels
    apart: empty gives "settle.cfu", "b2" gives "settle_b2.cfu".
    """

    location: str
    name: str = ""
    air_times_s: tuple[float, ...] = ()
    air_volume_m3: float = 1.0
    air_flow_l_min: float = 100.0
    settle_exposures_s: tuple[tuple[float, float], ...] = ()
    contact_times_s: tuple[float, ...] = ()
    glove_times_s: tuple[float, ...] = ()
    read_delay_s: float = 0.0
    zero_inflation: float = 0.3
    clustering: float = 1.0

    def __post_init__(self):
        owner = "ViablePlan"
        if not isinstance(self.location, str) or not NAME.match(self.location):
            raise ConfigError(
                f"ViablePlan.location must name a room or zone of the model, not {self.location!r}."
            )
        if self.name and (not isinstance(self.name, str) or not NAME.match(self.name)):
            raise ConfigError(
                "ViablePlan.name must be empty or 1 to 40 lower-case letters, digits or "
                f"underscores starting with a letter, not {self.name!r}."
            )
        check_times(owner, "air_times_s", self.air_times_s)
        for name in ("air_times_s", "contact_times_s", "glove_times_s"):
            _check_distinct(name, getattr(self, name))
        check_number(owner, "air_volume_m3", self.air_volume_m3, 0.01, 10.0, "m³")
        check_number(owner, "air_flow_l_min", self.air_flow_l_min, 10.0, 1000.0, "L/min")
        self._check_exposures()
        check_times(owner, "contact_times_s", self.contact_times_s)
        check_times(owner, "glove_times_s", self.glove_times_s)
        check_number(owner, "read_delay_s", self.read_delay_s, 0.0, 14 * 86_400, "s")
        check_number(owner, "zero_inflation", self.zero_inflation, 0.0, 0.95)
        check_number(owner, "clustering", self.clustering, 0.05, 1e6)

    def _check_exposures(self) -> None:
        message = (
            "ViablePlan.settle_exposures_s must be a tuple of (from, to) pairs in seconds, each "
            "exposed for more than 0 s and at most 24 h"
        )
        if not isinstance(self.settle_exposures_s, tuple):
            raise ConfigError(f"{message}, not {self.settle_exposures_s!r}.")
        for pair in self.settle_exposures_s:
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise ConfigError(f"{message}, not {pair!r}.")
            check_times("ViablePlan", "settle_exposures_s", pair)
            if not 0 < pair[1] - pair[0] <= 86_400:
                raise ConfigError(f"{message}, not {pair!r}.")
        _check_distinct("settle_exposures_s", [pair[1] for pair in self.settle_exposures_s])

    def channel(self, method: str) -> str:
        return f"{method}_{self.name}.cfu" if self.name else f"{method}.cfu"


@dataclass(frozen=True)
class BioreactorConfig:
    """A T-cell expansion (FACTS §3.1, §3.2, §4.3).

    Growth: lag `lag_h`, then logistic growth at ln 2 / `doubling_time_h` toward
    `capacity_e6_per_ml`, minus death at `death_rate_per_h` that rises with stress. The
    defaults give the ~30-fold expansion of a 12–13-day process (FACTS §3.1). Glucose is taken
    up at `glucose_uptake` mM per hour per 10⁶ viable cells/mL [D] and turned into lactate at
    `lactate_yield` mol/mol (FACTS §4.3: 1.6–2). Perfusion starts once the culture reaches
    `perfusion_start_e6_per_ml` (Xuri: 2 × 10⁶/mL, FACTS §3.1) and exchanges
    `perfusion_vvd_per_e6` vessel volumes per day per 10⁶ cells/mL, at most `perfusion_max_vvd`
    [D]; bolus feeds of `feed_glucose_mmol` come every `feed_every_s` (0: none). pH starts at
    `ph_start` and falls with lactate [D]. Set-points: 37 °C and 5 % CO₂ (FACTS §3.2). Every
    channel is measured each `measurement_interval_s`; the state is integrated in steps of
    `ode_step_s`.
    """

    seed_density_e6_per_ml: float = 0.5
    volume_ml: float = 1000.0
    doubling_time_h: float = 32.0
    lag_h: float = 48.0
    capacity_e6_per_ml: float = 20.0
    death_rate_per_h: float = 0.001
    glucose_start_mm: float = 25.0
    lactate_start_mm: float = 1.0
    medium_glucose_mm: float = 25.0
    glucose_uptake: float = 0.05
    lactate_yield: float = 1.8
    perfusion_start_e6_per_ml: float = 2.0
    perfusion_vvd_per_e6: float = 0.15
    perfusion_max_vvd: float = 2.0
    feed_every_s: int = 0
    feed_glucose_mmol: float = 10.0
    ph_start: float = 7.35
    temperature_c: float = 37.0
    co2_pct: float = 5.0
    measurement_interval_s: int = 3600
    ode_step_s: int = 600

    def __post_init__(self):
        owner = "BioreactorConfig"
        check_number(owner, "seed_density_e6_per_ml", self.seed_density_e6_per_ml, 0.01, 10.0)
        check_number(owner, "volume_ml", self.volume_ml, 10.0, 50_000.0, "mL")
        check_number(owner, "doubling_time_h", self.doubling_time_h, 8.0, 240.0, "h")
        check_number(owner, "lag_h", self.lag_h, 0.0, 240.0, "h")
        check_number(owner, "capacity_e6_per_ml", self.capacity_e6_per_ml, 0.5, 200.0)
        check_number(owner, "death_rate_per_h", self.death_rate_per_h, 0.0, 0.5, "per hour")
        check_number(owner, "glucose_start_mm", self.glucose_start_mm, 0.0, 100.0, "mM")
        check_number(owner, "lactate_start_mm", self.lactate_start_mm, 0.0, 100.0, "mM")
        check_number(owner, "medium_glucose_mm", self.medium_glucose_mm, 0.0, 100.0, "mM")
        check_number(owner, "glucose_uptake", self.glucose_uptake, 0.0, 1.0)
        check_number(owner, "lactate_yield", self.lactate_yield, 0.0, 2.5, "mol/mol")
        check_number(owner, "perfusion_start_e6_per_ml", self.perfusion_start_e6_per_ml, 0.0, 200)
        check_number(owner, "perfusion_vvd_per_e6", self.perfusion_vvd_per_e6, 0.0, 5.0)
        check_number(owner, "perfusion_max_vvd", self.perfusion_max_vvd, 0.0, 10.0)
        check_whole(owner, "feed_every_s", self.feed_every_s, 0, 30 * 86_400, "s")
        check_number(owner, "feed_glucose_mmol", self.feed_glucose_mmol, 0.0, 1000.0, "mmol")
        check_number(owner, "ph_start", self.ph_start, 6.0, 8.0)
        check_number(owner, "temperature_c", self.temperature_c, 20.0, 42.0, "°C")
        check_number(owner, "co2_pct", self.co2_pct, 0.0, 20.0, "%")
        check_whole(owner, "measurement_interval_s", self.measurement_interval_s, 1, 86_400, "s")
        check_whole(owner, "ode_step_s", self.ode_step_s, 10, 3600, "s")


@dataclass(frozen=True)
class FreezerConfig:
    """A controlled-rate freezer run (FACTS §3.1: ≤ −1 °C/min for T-cell products).

    The chamber holds `start_c` for `hold_s`, cools at `rate_c_per_min` to `end_c` and holds
    it. The sample lags the chamber by `sample_lag_s` [D]; when it reaches `nucleation_c` the
    latent heat of freezing warms it by up to `latent_heat_bump_c` before it follows the
    chamber again [D]. A rate other than −1 °C/min is accepted so that a scenario can show a
    wrong programme.
    """

    start_c: float = 4.0
    hold_s: int = 600
    rate_c_per_min: float = -1.0
    end_c: float = -90.0
    nucleation_c: float = -8.0
    latent_heat_bump_c: float = 5.0
    sample_lag_s: float = 120.0
    measurement_interval_s: int = 10

    def __post_init__(self):
        owner = "FreezerConfig"
        check_number(owner, "start_c", self.start_c, -20.0, 40.0, "°C")
        check_whole(owner, "hold_s", self.hold_s, 0, 86_400, "s")
        check_number(owner, "rate_c_per_min", self.rate_c_per_min, -20.0, -0.1, "°C/min")
        check_number(owner, "end_c", self.end_c, -196.0, self.start_c - 1.0, "°C")
        check_number(owner, "nucleation_c", self.nucleation_c, -30.0, 0.0, "°C")
        check_number(owner, "latent_heat_bump_c", self.latent_heat_bump_c, 0.0, 20.0, "°C")
        check_number(owner, "sample_lag_s", self.sample_lag_s, 1.0, 3600.0, "s")
        check_whole(owner, "measurement_interval_s", self.measurement_interval_s, 1, 3600, "s")


@dataclass(frozen=True)
class StorageConfig:
    """A vapour-phase LN2 storage freezer (FACTS §3.1: ≤ −150 °C).

    LN2 boils off at `consumption_pct_per_h` of the level; the supply refills it at
    `refill_pct_per_h` from `refill_below_pct` up to `refill_to_pct`. Below
    `critical_level_pct` the vapour warms by `warming_c_per_pct` per missing percent, and an
    empty vessel warms by `empty_warming_c_per_h` [D: all rates are design values].
    """

    temperature_c: float = -185.0
    ln2_level_pct: float = 70.0
    consumption_pct_per_h: float = 0.5
    refill_below_pct: float = 40.0
    refill_to_pct: float = 80.0
    refill_pct_per_h: float = 30.0
    critical_level_pct: float = 15.0
    warming_c_per_pct: float = 1.5
    empty_warming_c_per_h: float = 8.0
    measurement_interval_s: int = 60

    def __post_init__(self):
        owner = "StorageConfig"
        check_number(owner, "temperature_c", self.temperature_c, -196.0, -150.0, "°C")
        check_number(owner, "ln2_level_pct", self.ln2_level_pct, 0.0, 100.0, "%")
        check_number(owner, "consumption_pct_per_h", self.consumption_pct_per_h, 0.0, 50.0)
        check_number(owner, "refill_below_pct", self.refill_below_pct, 0.0, 99.0, "%")
        check_number(owner, "refill_to_pct", self.refill_to_pct, self.refill_below_pct + 1, 100.0)
        check_number(owner, "refill_pct_per_h", self.refill_pct_per_h, 0.1, 1000.0)
        check_number(owner, "critical_level_pct", self.critical_level_pct, 0.0, 100.0, "%")
        check_number(owner, "warming_c_per_pct", self.warming_c_per_pct, 0.0, 20.0)
        check_number(owner, "empty_warming_c_per_h", self.empty_warming_c_per_h, 0.0, 200.0)
        check_whole(owner, "measurement_interval_s", self.measurement_interval_s, 1, 3600, "s")


def _as_tuple(config, name: str, kind: type) -> None:
    value = getattr(config, name)
    if not isinstance(value, tuple | list) or not all(isinstance(item, kind) for item in value):
        raise ConfigError(
            f"ModelConfig.{name} must be a tuple of {kind.__name__} objects, not {value!r}."
        )
    object.__setattr__(config, name, tuple(value))


@dataclass(frozen=True)
class ModelConfig:
    """Everything one simulation run simulates; `step_s` is the resolution of continuous
    channels and of the particle models (counter sample times must be multiples of it)."""

    rooms: tuple[RoomConfig, ...] = ()
    zones: tuple[ZoneConfig, ...] = ()
    viable: tuple[ViablePlan, ...] = ()
    bioreactor: BioreactorConfig | None = None
    freezer: FreezerConfig | None = None
    storage: StorageConfig | None = None
    step_s: int = 1

    def __post_init__(self):
        _as_tuple(self, "rooms", RoomConfig)
        _as_tuple(self, "zones", ZoneConfig)
        _as_tuple(self, "viable", ViablePlan)
        for name, kind in (
            ("bioreactor", BioreactorConfig),
            ("freezer", FreezerConfig),
            ("storage", StorageConfig),
        ):
            value = getattr(self, name)
            if value is not None and not isinstance(value, kind):
                raise ConfigError(f"ModelConfig.{name} must be a {kind.__name__} or None.")
        check_whole("ModelConfig", "step_s", self.step_s, 1, 86_400, "s")
        self._check_places()
        self._check_samples()

    def _check_places(self) -> None:
        if not (self.rooms or self.zones or self.bioreactor or self.freezer or self.storage):
            raise ConfigError(
                "ModelConfig needs at least one room, zone, bioreactor, freezer or storage."
            )
        names = [place.name for place in self.places]
        doubles = sorted({name for name in names if names.count(name) > 1})
        if doubles:
            raise ConfigError(
                f"ModelConfig rooms and zones need different names; {', '.join(doubles)} "
                "is used twice."
            )
        rooms = {room.name for room in self.rooms}
        for zone in self.zones:
            if zone.room and zone.room not in rooms:
                raise ConfigError(
                    f"ZoneConfig.room of zone {zone.name} names no room of the model: "
                    f"{zone.room!r}."
                )
        for plan in self.viable:
            if plan.location not in names:
                raise ConfigError(
                    f"ViablePlan.location {plan.location!r} names no room or zone of the model."
                )
        channels = [plan.channel("air") for plan in self.viable]
        if len(set(channels)) != len(channels):
            raise ConfigError("ViablePlan.name must differ between the plans of one model.")

    def _check_samples(self) -> None:
        for place in self.places:
            if place.counters and place.sample_s % self.step_s:
                raise ConfigError(
                    f"{type(place).__name__}.sample_s of {place.name} must be a multiple of "
                    f"ModelConfig.step_s ({self.step_s} s), not {place.sample_s}."
                )

    @property
    def places(self) -> tuple:
        """Rooms and zones: the places viable samples can be taken."""
        return (*self.rooms, *self.zones)

    def place(self, name: str):
        return next(place for place in self.places if place.name == name)


__all__ = [
    "BioreactorConfig",
    "ConfigError",
    "FreezerConfig",
    "ModelConfig",
    "RoomConfig",
    "StorageConfig",
    "ViablePlan",
    "ZoneConfig",
]
