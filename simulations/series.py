"""A run's monitoring data and alarms, regenerated from its seed, snapshot and actions.

Nothing of the data is stored. The simulators are deterministic and causal, so the same seed,
snapshot and actions always give the same series, and an action never changes what came
before it. A generated series is kept in a small per-process cache keyed by everything it
depends on, so polling a run does not regenerate it; an action changes the key.
"""

import hashlib
import json
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from threading import Lock

from . import alarms as alarm_rules
from .models import Action
from .monitors import Event, Series, simulate
from .regulatory import LimitNotSet, get_profile
from .setup import build_config

# The feed a trainee may give at once, in mmol of glucose (the bioreactor's feed unit).
FEED_RANGE = (1.0, 50.0)
CACHE_SIZE = 64
# How long a continuous reading must stay beyond its limit before it alarms, as a real EMS
# delays them so that a door opening (ΔP dips for seconds, FACTS §4.1) does not alarm while a
# failed interlock or cascade does. Design values [D].
ALARM_DELAY_S = {"pressure": 30.0, "room_temperature": 60.0, "room_humidity": 60.0}

# The site's alert levels for particle and viable counts, as a share of the action limit. A
# real site sets them from its own data (FACTS §4.2: ~95th percentile); this is a design
# choice [D] that keeps alert well below action, as Annex 1 intends.
ALERT_FRACTION = 0.5

# What a trainee's action does to the simulated room or process.
ACTION_EVENTS = {
    Action.STOP_PROCESS: "stop_process",
    Action.SANITISE: "sanitise",
    Action.ADJUST_FEED: "feed",
    Action.START_INTERVENTION: "intervention",
    Action.ABORT_INTERVENTION: "stop_process",
    Action.RESUME_PROCESS: "resume_process",
}


class _SeriesCache:
    def __init__(self, size: int):
        self._items: OrderedDict[str, tuple[Series, list]] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get(self, key: str):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, item) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_cache = _SeriesCache(CACHE_SIZE)


def events_for(snapshot: dict, actions: Sequence) -> list[Event]:
    """The scenario's events and the events the trainee's actions cause, in time order."""
    events = [
        Event(
            at_s=float(e["at_s"]),
            kind=e["kind"],
            duration_s=float(e["duration_s"]),
            magnitude=float(e["magnitude"]),
            target=e["target"],
        )
        for e in snapshot["events"]
    ]
    for action in actions:
        kind = ACTION_EVENTS.get(action.kind)
        if kind is None:
            continue
        duration = float(snapshot.get("intervention_s", 60)) if kind == "intervention" else 0.0
        magnitude = float(action.value) if action.kind == Action.ADJUST_FEED else 1.0
        # Aborting ends the intervention in the Grade A zones only; stopping idles the room.
        targets = _zones(snapshot) if action.kind == Action.ABORT_INTERVENTION else [""]
        for one in targets:
            events.append(
                Event(
                    at_s=float(action.at_s),
                    kind=kind,
                    duration_s=duration,
                    magnitude=magnitude,
                    target=one,
                )
            )
    return sorted(events, key=lambda e: e.at_s)


def _zones(snapshot: dict) -> list[str]:
    return [zone.get("name", "zone") for zone in snapshot["setup"].get("zones", [])]


def _key(run, events: list[Event]) -> str:
    body = json.dumps(
        [
            run.seed,
            run.snapshot["setup"],
            run.snapshot["profile"],
            run.snapshot["step_s"],
            run.duration_s,
            [(e.at_s, e.kind, e.duration_s, e.magnitude, e.target) for e in events],
        ],
        sort_keys=True,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def generate(run, actions: Sequence) -> tuple[Series, list]:
    """The run's whole series (to its planned end) and every alarm in it, cached."""
    events = events_for(run.snapshot, actions)
    key = _key(run, events)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    config = build_config(run.snapshot["setup"], step_s=run.snapshot["step_s"])
    series = simulate(config, events=events, seed=run.seed, duration_s=run.duration_s)
    found = _alarms(series, run.snapshot)
    _cache.put(key, (series, found))
    return series, found


def _alarms(series: Series, snapshot: dict) -> list:
    profile = get_profile(snapshot["profile"])
    occupancy = _occupancies(snapshot["setup"])
    found = []
    for name in series.channels:
        channel = series[name]
        rule = rule_for_channel(channel, profile, occupancy)
        if rule is None:
            continue
        found.extend(
            alarm_rules.evaluate(
                channel=name, times_s=channel.times_s, values=channel.values, rule=rule
            )
        )
    return sorted(found, key=lambda a: (a.at_s, a.channel, a.rule))


def _occupancies(setup: dict) -> dict[str, str]:
    return {
        room.get("name", "room"): room.get("occupancy", "in_operation")
        for room in setup.get("rooms", [])
    }


def quantity(channel_name: str) -> str:
    return channel_name.split(".", 1)[1] if "." in channel_name else channel_name


# The alarm rule kind (simulations.alarms.RULE_KINDS) of a channel, by the simulators' channel
# kind and quantity. Raw counts and quantities without a limit (cell density, dissolved
# oxygen, LN2 level, freezer temperatures) are shown but not judged.
_RULE_KINDS = {
    ("pressure", "dp_pa"): "pressure",
    ("temperature", "temperature_c"): "room_temperature",
    ("humidity", "humidity_pct"): "room_humidity",
    ("viability", "viability_pct"): "viability",
    ("ph", "ph"): "ph",
    ("concentration", "glucose_mm"): "glucose",
    ("concentration", "lactate_mm"): "lactate",
    ("gas", "co2_pct"): "co2",
}
_SOURCE_RULE_KINDS = {
    ("bioreactor", "temperature_c"): "bioreactor_temperature",
    ("storage", "temperature_c"): "ln2_temperature",
}
_SAMPLES = {
    "air": "active_air",
    "settle": "settle_plate",
    "contact": "contact_plate",
    "glove": "glove_print",
}


def rule_for_channel(channel, profile, occupancy: dict[str, str]):
    """The alarm rule of one channel, or None if nothing is judged on it."""
    source, name = channel.name.split(".", 1)
    arguments = {"profile": profile}
    if channel.kind == "particles":
        size = "0.5" if name.endswith("0_5") else "5"
        arguments |= {
            "kind": "particles",
            "grade": channel.grade,
            "size": size,
            "occupancy": occupancy.get(channel.location or "", "in_operation"),
        }
    elif channel.kind == "cfu":
        sample = _SAMPLES.get(source.split("_", 1)[0])
        if sample is None:
            return None
        arguments |= {"kind": "viable", "grade": channel.grade, "sample": sample}
    else:
        kind = _SOURCE_RULE_KINDS.get((source, name)) or _RULE_KINDS.get((channel.kind, name))
        if kind is None:
            return None
        arguments["kind"] = kind
    try:
        rule = alarm_rules.rule_for(**arguments)
    except LimitNotSet:
        return None
    # Counts get the site's alert level below their action limit; "no growth" (a limit of 0)
    # leaves no room for one: any colony is already an investigation.
    if arguments["kind"] in alarm_rules.COUNT_KINDS and rule.action_limit:
        rule = alarm_rules.rule_for(**arguments, alert_fraction=ALERT_FRACTION)
    delay = ALARM_DELAY_S.get(arguments["kind"])
    if delay and len(channel.times_s) > 1:
        step = float(channel.times_s[1] - channel.times_s[0])
        samples = max(1, math.ceil(delay / step))
        rule = replace(rule, consecutive_for_action=samples, consecutive_for_alert=samples)
    return rule


def channel_limits(series: Series, snapshot: dict) -> dict[str, dict]:
    """The alert and action lines of each judged channel, as its alarm rule draws them: the
    dashboard plots exactly the limits the server alarms on, never limits of its own."""
    profile = get_profile(snapshot["profile"])
    occupancy = _occupancies(snapshot["setup"])
    limits = {}
    for name in series.channels:
        rule = rule_for_channel(series[name], profile, occupancy)
        if rule is not None:
            limits[name] = {
                "direction": str(rule.direction),
                "alert": rule.alert_level,
                "action": rule.action_limit,
                "lower_action": rule.lower_action_limit,
            }
    return limits


def alarm_key(alarm) -> str:
    return f"{alarm.channel}|{alarm.rule}|{alarm.at_s:g}"


def alarms(run, actions: Sequence, *, until_s: float) -> list:
    _, found = generate(run, actions)
    return [alarm for alarm in found if alarm.at_s <= until_s]


def sampleable_channels(snapshot: dict) -> list[str]:
    """Where a trainee may take an extra sample: the particle counters of the set-up."""
    setup = snapshot["setup"]
    names = [
        room.get("name", "room") for room in setup.get("rooms", []) if room.get("counters", True)
    ]
    names += [
        zone.get("name", "zone") for zone in setup.get("zones", []) if zone.get("counters", True)
    ]
    return [f"{name}.particles_0_5" for name in names]
