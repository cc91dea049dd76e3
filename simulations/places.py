"""What a trainee reads of a run: its places and channels, their units, the references and the
simulated clock.

The simulators name their channels after the set-up's internal names ("bsc.particles_5",
"contact_a.cfu"). A room, zone or viable plan of the set-up may carry `label_en` and `label_nl`,
the names the people on site use ("Biosafety cabinet"); without them the internal name shows.
Equipment has fixed names, and a viable channel reads as its sampling method at its place.
"""

import re

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CHANNEL_LABELS = {
    "particles_0_5": _("Particles ≥0.5 µm"),
    "particles_5": _("Particles ≥5 µm"),
    "counts_0_5": _("Counts ≥0.5 µm"),
    "counts_5": _("Counts ≥5 µm"),
    "dp_pa": _("Differential pressure"),
    "temperature_c": _("Temperature"),
    "humidity_pct": _("Relative humidity"),
    "cfu": _("Colonies"),
    "vcd": _("Viable cell density"),
    "viability_pct": _("Viability"),
    "glucose_mm": _("Glucose"),
    "lactate_mm": _("Lactate"),
    "ph": _("pH"),
    "do_pct": _("Dissolved oxygen"),
    "co2_pct": _("CO₂"),
    "chamber_c": _("Chamber temperature"),
    "sample_c": _("Sample temperature"),
    "ln2_level_pct": _("LN₂ level"),
}

# The simulators' units that read differently in Dutch; the others (Pa, °C, mM, %) do not.
UNITS = {
    "particles/m³": _("particles/m³"),
    "counts": _("counts"),
    "CFU/m³": _("CFU/m³"),
    "CFU/plate": _("CFU/plate"),
    "CFU/glove": _("CFU/glove"),
    "10⁶ cells/mL": _("10⁶ cells/mL"),
    "% air saturation": _("% air saturation"),
    "% RH": _("% RH"),
}

# A paragraph number that ATMP_GMP_FACTS marks as approximate: "§9.≈20", "§9.≈4–9.≈8", "§≈42".
_APPROXIMATE = re.compile(r"§([\d.]*≈[\d.≈–]*\d)")

LABEL_FIELDS = ("label_en", "label_nl")
LABEL_MAX_LENGTH = 60

EQUIPMENT = {
    "bioreactor": _("Bioreactor"),
    "freezer": _("Controlled-rate freezer"),
    "storage": _("LN₂ storage"),
}
METHODS = {
    "air": _("Active air sample"),
    "settle": _("Settle plate"),
    "contact": _("Contact plate"),
    "glove": _("Glove print"),
}


def pick(item: dict, field_name: str) -> str:
    """A snapshot item's text in the active language, English when the Dutch is missing."""
    prefix = f"{field_name}_" if field_name else ""
    language = (translation.get_language() or "en")[:2]
    return item.get(f"{prefix}{language}") or item.get(f"{prefix}en", "")


class Places:
    """The labels of one set-up (a snapshot's "setup", plain JSON)."""

    def __init__(self, setup: dict):
        self._areas = {
            item.get("name", default): item
            for key, default in (("rooms", "room"), ("zones", "zone"))
            for item in setup.get(key, [])
        }
        self._plans = {item.get("name", ""): item for item in setup.get("viable", [])}

    def place(self, name: str) -> str:
        """A room's or zone's label, or an equipment's name."""
        if name in EQUIPMENT:
            return str(EQUIPMENT[name])
        item = self._areas.get(name)
        return (pick(item, "label") if item else "") or name

    def plan(self, name: str) -> str:
        """A viable plan's own label ("Fingertips"), empty when it has none."""
        return pick(self._plans.get(name, {}), "label")

    def source(self, source: str) -> str:
        """The source part of a channel name: a place, or a viable plan's method and place."""
        method, _underscore, plan_name = source.partition("_")
        if method in METHODS and (plan_name in self._plans or not plan_name):
            plan = self._plans.get(plan_name, {})
            where = self.plan(plan_name) or self.place(plan.get("location", "")) or plan_name
            return f"{METHODS[method]} · {where}" if where else str(METHODS[method])
        return self.place(source)

    def channel(self, channel_name: str) -> str:
        """What is measured, then where: "Particles ≥5 µm · Biosafety cabinet"."""
        source, _dot, quantity = channel_name.partition(".")
        text = CHANNEL_LABELS.get(quantity, quantity)
        return f"{text} · {self.source(source)}"


def cited(reference: str) -> str:
    """A reference as the reader reads it. The regulatory facts mark with "≈" the paragraph
    numbers not yet checked against the official text; that reads "about §9.20" here, honest
    about the number without looking like a typing error."""
    return _APPROXIMATE.sub(
        lambda match: (
            gettext("about §%(paragraph)s") % {"paragraph": match.group(1).replace("≈", "")}
        ),
        reference,
    )


def unit(text: str) -> str:
    """A simulator's unit in the active language."""
    return str(UNITS.get(text, text))


DAY = 86_400
# Manufacturing counts from day 0, the day the cells are activated (FACTS §3.1); a week of
# monitoring counts from day 1, as people name the days of a week.
FIRST_DAY = {"bioreactor": 0}


def first_day(snapshot: dict) -> int | None:
    """The number of a run's first day; None for a run shorter than a day, whose clock shows
    no day."""
    if snapshot["duration_s"] < DAY:
        return None
    return FIRST_DAY.get(snapshot.get("setting", ""), 1)


def clock(seconds: float | None, first_day: int | None, *, end: bool = False) -> str:
    """Simulated time from the start as hh:mm:ss, after the day when the run has days.

    `end`: the time is the end of the run. A run of whole days then ends at 24:00:00 of its
    last day, not at 00:00:00 of a day it never reaches.
    """
    if seconds is None:
        return ""
    whole = max(0, int(round(seconds)))
    day, rest = divmod(whole, DAY) if first_day is not None else (0, whole)
    if end and first_day is not None and day > 0 and rest == 0:
        day, rest = day - 1, DAY
    text = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    if first_day is None:
        return text
    return gettext("day %(day)d, %(time)s") % {"day": day + first_day, "time": text}
