"""A scenario's set-up (plain JSON, as stored and snapshotted) to the simulators' config.

The set-up is a JSON object with any of "rooms", "zones" and "viable" (lists of objects) and
"bioreactor", "freezer" and "storage" (objects), whose keys are the fields of the matching
simulations.monitors config classes; what is left out takes the class's default. The
simulators check every value, and their message names the field and its allowed range.
Rooms, zones and viable plans may also carry "label_en" and "label_nl", the names a trainee
reads (simulations.places); the simulators never see them.
"""

from dataclasses import fields

from django.utils.translation import gettext as _

from .monitors import (
    BioreactorConfig,
    ConfigError,
    FreezerConfig,
    ModelConfig,
    RoomConfig,
    StorageConfig,
    ViablePlan,
    ZoneConfig,
)
from .places import LABEL_FIELDS, LABEL_MAX_LENGTH

LISTS = {"rooms": RoomConfig, "zones": ZoneConfig, "viable": ViablePlan}
SINGLES = {"bioreactor": BioreactorConfig, "freezer": FreezerConfig, "storage": StorageConfig}


class SetupError(ValueError):
    """The set-up cannot be simulated; the message says what to change."""


def build_config(setup: dict, *, step_s: int = 1) -> ModelConfig:
    if not isinstance(setup, dict):
        raise SetupError(_("The set-up must be a JSON object."))
    unknown = sorted(set(setup) - set(LISTS) - set(SINGLES))
    if unknown:
        raise SetupError(
            _("The set-up has unknown parts: %(parts)s. Known parts: %(known)s.")
            % {"parts": ", ".join(unknown), "known": ", ".join([*LISTS, *SINGLES])}
        )
    parts = {}
    for key, cls in LISTS.items():
        items = setup.get(key, [])
        if not isinstance(items, list):
            raise SetupError(_("“%(part)s” must be a list.") % {"part": key})
        parts[key] = tuple(_make(cls, key, _without_labels(key, item)) for item in items)
    for key, cls in SINGLES.items():
        if setup.get(key) is not None:
            parts[key] = _make(cls, key, setup[key])
    try:
        config = ModelConfig(step_s=step_s, **parts)
    except ConfigError as error:
        raise SetupError(
            _("The set-up cannot be simulated: %(error)s") % {"error": error}
        ) from error
    if not config.rooms and not config.zones and not any(parts.get(key) for key in SINGLES):
        raise SetupError(_("The set-up simulates nothing: add a room, zone or process."))
    return config


def _make(cls, key: str, values):
    if not isinstance(values, dict):
        raise SetupError(_("Each entry of “%(part)s” must be a JSON object.") % {"part": key})
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise SetupError(
            _("“%(part)s” has unknown fields: %(fields)s.")
            % {"part": key, "fields": ", ".join(unknown)}
        )
    try:
        return cls(**{name: _tuples(value) for name, value in values.items()})
    except (ConfigError, TypeError) as error:
        raise SetupError(
            _("The set-up cannot be simulated: %(error)s") % {"error": error}
        ) from error


def _without_labels(key: str, values):
    if not isinstance(values, dict):
        return values
    for name in LABEL_FIELDS:
        label = values.get(name, "")
        if not isinstance(label, str) or len(label) > LABEL_MAX_LENGTH:
            raise SetupError(
                _("“%(part)s”: %(field)s must be text of at most %(max)d characters.")
                % {"part": key, "field": name, "max": LABEL_MAX_LENGTH}
            )
    return {name: value for name, value in values.items() if name not in LABEL_FIELDS}


def _tuples(value):
    """JSON has lists where the config classes take tuples (times, exposures)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value
