"""A run's monitoring data for the debrief and replay charts: every channel up to a time
(never later), thinned so that a long run stays a small page, with its limits, its alarms and
the trainee's actions. Regenerated from the seed like everything else about a run's data."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import numpy as np

from . import series as run_series
from .debrief import number, rule_label
from .models import Run
from .places import Places, clock, first_day, unit
from .regulatory import get_profile

# Points per channel sent to a chart: peaks survive (each bucket keeps its lowest and highest
# sample), so an excursion that raised an alarm is never smoothed away.
MAX_POINTS = 600
# Raw detector counts repeat the concentrations' story; the debrief charts the concentrations.
UNCHARTED_KINDS = frozenset({"counts"})


def chart_data(run: Run, *, until_s: float, x_max: float | None = None) -> dict:
    """The run's channels up to `until_s` (never later), thinned for charts, with their
    limits, the alarms on each and the trainee's actions, as JSON-ready data. `x_max` is the
    end of the time axis (default `until_s`): a replay keeps the whole run's axis."""
    every_action = list(run.actions.order_by("seq"))
    actions = [a for a in every_action if a.at_s <= until_s]
    series, found = run_series.generate(run, every_action)
    profile = get_profile(run.snapshot["profile"])
    occupancy = {
        room.get("name", "room"): room.get("occupancy", "in_operation")
        for room in run.snapshot["setup"].get("rooms", [])
    }
    places = Places(run.snapshot["setup"])
    day = first_day(run.snapshot)
    charts = []
    for name in series.channels:
        channel = series[name]
        if channel.kind in UNCHARTED_KINDS:
            continue
        rule = run_series.rule_for_channel(channel, profile, occupancy)
        end = int(channel.times_s.searchsorted(until_s, side="right"))
        times, values = thin(channel.times_s[:end], channel.values[:end])
        alarms = [
            {"t": a.at_s, "level": a.level, "label": rule_label(a.rule, a.level)}
            for a in found
            if a.channel == name and a.at_s <= until_s
        ]
        charts.append(
            {
                "name": name,
                "label": places.channel(name),
                "unit": unit(channel.unit),
                "t": times,
                "v": values,
                "limits": _limits(rule),
                "alarms": alarms,
                "summary": _summary(values, unit(channel.unit), rule, alarms, day),
            }
        )
    return {
        "until_s": until_s,
        "x_max": until_s if x_max is None else x_max,
        "first_day": day,
        "day_format": _("day %(day)d, %(time)s"),
        "charts": charts,
        "actions": [{"t": a.at_s, "label": str(a.get_kind_display())} for a in actions],
    }


def _summary(values: list, unit_text: str, rule, alarms: list[dict], day: int | None) -> str:
    """The chart in words, for those who cannot see it."""
    readings = [v for v in values if v is not None]
    parts = []
    if readings:
        parts.append(
            _("Lowest %(low)s, highest %(high)s %(unit)s.")
            % {"low": number(min(readings)), "high": number(max(readings)), "unit": unit_text}
        )
    limits = _limits(rule)
    if "action" in limits:
        parts.append(_("Action limit %(limit)s.") % {"limit": number(limits["action"])})
    if "alert" in limits:
        parts.append(_("Alert level %(limit)s.") % {"limit": number(limits["alert"])})
    if alarms:
        parts.append(
            ngettext(
                "%(count)d alarm, the first at %(time)s.",
                "%(count)d alarms, the first at %(time)s.",
                len(alarms),
            )
            % {"count": len(alarms), "time": clock(alarms[0]["t"], day)}
        )
    else:
        parts.append(_("No alarm."))
    return " ".join(parts)


def _limits(rule) -> dict:
    if rule is None:
        return {}
    limits = {
        "action": rule.action_limit,
        "alert": rule.alert_level,
        "lower_action": rule.lower_action_limit,
    }
    return {name: value for name, value in limits.items() if value is not None}


def thin(times, values, limit: int = MAX_POINTS) -> tuple[list, list]:
    """At most `limit` points: per bucket its lowest and highest sample, in time order; a
    bucket of missing samples stays a gap (None)."""
    count = len(times)
    if count <= limit:
        return _rounded(times, values)
    edges = np.linspace(0, count, limit // 2 + 1).astype(int)
    keep = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        chunk = values[low:high]
        if np.isnan(chunk).all():
            keep.append(low)
            continue
        keep.extend(sorted({low + int(np.nanargmin(chunk)), low + int(np.nanargmax(chunk))}))
    index = np.asarray(keep)
    return _rounded(times[index], values[index])


def _rounded(times, values) -> tuple[list, list]:
    return (
        [round(float(t), 3) for t in times],
        [None if v != v else round(float(v), 4) for v in values],
    )
