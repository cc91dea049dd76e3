"""Monitoring simulators: data that behaves like a real cleanroom, bioreactor or freezer.

Pure Python with numpy; nothing here imports Django. One call runs a model::

    series = simulate(config, events=[Event(at_s=600, kind="intervention")], seed=1234,
                      duration_s=8 * 3600)
    series["zone.particles_0_5"].values

Deterministic for a seed, causal (a sample at t depends only on events at or before t; see
noise.py and dynamics.py for how), and vectorised: loops run over events, refill cycles and
bioreactor steps, never over seconds. The models and their parameters, with the fact-sheet
section each comes from and which values are design choices [D], are in each module's
docstring: rooms (well-mixed Grade B–D rooms, pressure, temperature, humidity), zones (Grade A
unidirectional airflow), counters (particle counters), viable (air, settle, contact and glove
samples), bioreactor (T-cell expansion), cryo (controlled-rate freezer and LN2 storage),
sensors (noise, drift and faults) and events (what each event kind does).
"""

from .config import (
    BioreactorConfig,
    ConfigError,
    FreezerConfig,
    ModelConfig,
    RoomConfig,
    StorageConfig,
    ViablePlan,
    ZoneConfig,
)
from .events import EVENT_KINDS, Event
from .series import CHANNEL_KINDS, Channel, Series
from .simulate import channel_names, simulate

# A sensor fault is an event whose target is a channel; the name is kept for the contract.
SensorFault = Event

__all__ = [
    "CHANNEL_KINDS",
    "EVENT_KINDS",
    "BioreactorConfig",
    "Channel",
    "ConfigError",
    "Event",
    "FreezerConfig",
    "ModelConfig",
    "RoomConfig",
    "SensorFault",
    "Series",
    "StorageConfig",
    "ViablePlan",
    "ZoneConfig",
    "channel_names",
    "simulate",
]
