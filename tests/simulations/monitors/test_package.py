"""The package the Django side calls: its names, and nothing of Django in it."""

import subprocess
import sys
from pathlib import Path

import numpy as np

import simulations.monitors as monitors

ROOT = Path(__file__).resolve().parents[3]


def test_the_contract_names_are_exported():
    for name in (
        "Event",
        "ModelConfig",
        "RoomConfig",
        "ZoneConfig",
        "BioreactorConfig",
        "FreezerConfig",
        "StorageConfig",
        "ViablePlan",
        "SensorFault",
        "Series",
        "Channel",
        "simulate",
        "ConfigError",
        "EVENT_KINDS",
        "CHANNEL_KINDS",
    ):
        assert hasattr(monitors, name), name
    assert issubclass(monitors.ConfigError, ValueError)
    fault = monitors.SensorFault(at_s=5, kind="sensor_stuck", target="room.dp_pa")
    assert isinstance(fault, monitors.Event)


def test_the_simulators_run_without_django_or_scipy():
    code = (
        "import sys; import simulations.monitors as m; "
        "m.simulate(m.ModelConfig(rooms=(m.RoomConfig(),)), seed=1, duration_s=60); "
        "loaded = [n for n in sys.modules if n.split('.')[0] in ('django', 'wagtail', 'scipy')]; "
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_channel_names_lists_what_simulate_returns():
    from .models import EVERYTHING

    series = monitors.simulate(EVERYTHING, seed=1, duration_s=600)
    assert list(series.channels) == monitors.channel_names(EVERYTHING)
    for channel in series:
        assert channel.kind in monitors.CHANNEL_KINDS


def test_every_channel_has_strictly_increasing_times():
    from .models import EVERYTHING

    for channel in monitors.simulate(EVERYTHING, seed=2, duration_s=3 * 3600):
        assert len(channel) and np.all(np.diff(channel.times_s) > 0), channel.name
