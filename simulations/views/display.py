"""Words and numbers for the dashboard: simulated times, alarm levels and rules, values
against their limits. The page renders them on the server and the script uses the same words
(handed over with json_script), so both say the same."""

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simulations import places
from simulations.models import Run

DAY = places.DAY

LEVELS = {
    "alert": gettext_lazy("Alert"),
    "action": gettext_lazy("Action"),
    "investigation": gettext_lazy("Investigation"),
    "trend": gettext_lazy("Trend"),
}
# Levels that are announced assertively: the trainee must act now.
URGENT_LEVELS = ("action", "investigation")

RULES = {
    "particles.5um.single_count": gettext_lazy("Single ≥5 µm count: possibly a false count"),
    "particles.5um.regular_counts": gettext_lazy("Regular ≥5 µm counts"),
    "trend.consecutive_alerts": gettext_lazy("Consecutive alert-level results"),
    "trend.repeated_actions": gettext_lazy("Repeated action-level results"),
    "sensor.dropout": gettext_lazy("The sensor delivers no data"),
    "sensor.stuck": gettext_lazy("The sensor reading is stuck"),
    "viable.grade_a.any_growth": gettext_lazy("Growth in Grade A: investigate"),
    "pressure.below_guidance": gettext_lazy("Pressure differential below the guidance value"),
}
RULE_ENDINGS = {
    ".action": gettext_lazy("Action limit exceeded"),
    ".alert": gettext_lazy("Alert level exceeded"),
    "_low": gettext_lazy("Below the action limit"),
    "_high": gettext_lazy("Above the action limit"),
    "_out_of_range": gettext_lazy("Outside the action limits"),
    "_too_warm": gettext_lazy("Too warm"),
    "_too_slow": gettext_lazy("Cooling too slowly"),
}

STATUS = {
    Run.Status.RUNNING: gettext_lazy("Running"),
    Run.Status.PAUSED: gettext_lazy("Paused"),
    Run.Status.FINISHED: gettext_lazy("Finished"),
}


def rule_label(rule: str) -> str:
    if rule in RULES:
        return str(RULES[rule])
    for ending, label in RULE_ENDINGS.items():
        if rule.endswith(ending):
            return str(label)
    return rule


def clock(seconds: float, *, first_day: int | None, end: bool = False) -> str:
    """The dashboard's clock: whole seconds passed, as the script counts them; `end` as for
    places.clock."""
    return places.clock(math.floor(seconds), first_day, end=end)


def real_duration(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes < 120:
        return _("about %(count)d min") % {"count": minutes}
    return _("about %(count)s h") % {"count": number_format(minutes / 60, 1)}


def simulated_duration(seconds: int) -> str:
    if seconds >= 2 * DAY:
        return _("%(count)s days") % {"count": number_format(seconds / DAY, 1)}
    if seconds >= 2 * 3600:
        return _("%(count)s h") % {"count": number_format(seconds / 3600, 1)}
    return _("%(count)d min") % {"count": round(seconds / 60)}


def number(value: float | None, *, integer: bool = False) -> str:
    if value is None:
        return "–"
    if integer:
        return number_format(round(value), 0, force_grouping=True)
    magnitude = abs(value)
    places = 0 if magnitude >= 1000 else 1 if magnitude >= 10 else 2
    return number_format(value, places, force_grouping=True)


def limit_status(value: float | None, limits: dict | None) -> str:
    """ "action", "alert" or "ok" for a value against its channel's lines; "none" without."""
    if value is None or not limits:
        return "none"
    direction, action, alert = limits["direction"], limits["action"], limits["alert"]
    if direction == "outside":
        return "action" if not limits["lower_action"] <= value <= action else "ok"
    above = direction == "above"
    if action is not None and (value > action if above else value < action):
        return "action"
    if alert is not None and (value > alert if above else value < alert):
        return "alert"
    return "ok"


def script_words() -> dict:
    """The words the dashboard's script needs, in the page's language."""
    return {
        "levels": {key: str(label) for key, label in LEVELS.items()},
        "status": {key: str(label) for key, label in STATUS.items()},
        "limit_status": {
            "action": _("beyond the action limit"),
            "alert": _("beyond the alert level"),
            "ok": _("within limits"),
            "none": _("not judged"),
        },
        "acknowledge": _("Acknowledge"),
        "acknowledged": _("Acknowledged at %(time)s"),
        "new_alarm": _("New %(level)s alarm: %(channel)s, %(rule)s."),
        "day": _("day %(day)d, %(time)s"),
        "day_tick": _("day %(day)d"),
        "alert_line": _("Alert level"),
        "action_line": _("Action limit"),
        "lower_action_line": _("Lower action limit"),
        "done": _("Done."),
        "offline": _("The server cannot be reached: the display is not current. Retrying…"),
        "finished": _("The run has ended."),
        "no_alarms": _("No alarms so far."),
        "no_actions": _("Nothing done yet."),
        "answered": _("Answered: %(answer)s"),
        "value_limit": _("Value %(value)s, limit %(limit)s"),
        "process": {
            "stopped": _("Stopped"),
            "intervention": _("Intervention under way"),
            "running": _("Running"),
        },
        "no_step": _("The process has not started yet."),
        "answer": _("Answer"),
    }
