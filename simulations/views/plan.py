"""The plan of the room on the dashboard: an SVG laid out on the server from a run's set-up.

Rooms stand side by side with their grade and pressure differential, each Grade A zone inside
the room it stands in (or on its own), the sampling points as markers, and the process
equipment below. The drawing is decorative for assistive technology; `description` says the
same in words.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from simulations.monitors import ModelConfig
from simulations.places import EQUIPMENT, Places
from simulations.setup import build_config

WIDTH = 720
PAD = 16
GAP = 16
ROOM_HEIGHT = 190
ZONE_WIDTH = 170
ZONE_HEIGHT = 72
BOX_HEIGHT = 72
MARKER_STEP = 24
LINE_HEIGHT = 18
MARKER_SIZE = 14


@dataclass
class Area:
    kind: str  # room, zone, equipment
    location: str
    x: float
    y: float
    width: float
    height: float
    lines: list[str]

    @property
    def text(self) -> list[tuple[float, float, str]]:
        """Each line with where it is drawn: from the top left corner, one below the other."""
        return [
            (self.x + 10, self.y + 22 + index * LINE_HEIGHT, line)
            for index, line in enumerate(self.lines)
        ]


@dataclass
class Marker:
    shape: str  # counter (circle) or viable (square)
    location: str
    x: float
    y: float
    label: str

    @property
    def corner(self) -> tuple[float, float]:
        return self.x - MARKER_SIZE / 2, self.y - MARKER_SIZE / 2


@dataclass
class Plan:
    width: int = WIDTH
    height: int = 0
    areas: list[Area] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    description: list[str] = field(default_factory=list)


def build_plan(snapshot: dict, places: Places) -> Plan:
    config = build_config(snapshot["setup"], step_s=snapshot.get("step_s", 1))
    plan = Plan()
    y = PAD
    room_boxes = _rooms(plan, config, places, y)
    if room_boxes:
        y += ROOM_HEIGHT + GAP
    y = _loose_zones(plan, config, places, room_boxes, y)
    y = _equipment(plan, config, y)
    _viable(plan, config, places)
    plan.height = int(y + PAD - GAP)
    return plan


def _rooms(plan: Plan, config: ModelConfig, places: Places, y: float) -> dict[str, Area]:
    boxes = {}
    count = len(config.rooms)
    if not count:
        return boxes
    width = (WIDTH - 2 * PAD - GAP * (count - 1)) / count
    for index, room in enumerate(config.rooms):
        dp = room.pressure_pa - room.adjacent_pressure_pa
        area = Area(
            "room",
            room.name,
            PAD + index * (width + GAP),
            y,
            width,
            ROOM_HEIGHT,
            [
                places.place(room.name),
                _("Grade %(grade)s") % {"grade": room.grade},
                f"Δp {dp:+g} Pa",
            ],
        )
        plan.areas.append(area)
        boxes[room.name] = area
        plan.description.append(
            _("Room “%(name)s”: Grade %(grade)s, %(dp)s Pa against the adjacent area%(counter)s.")
            % {
                "name": places.place(room.name),
                "grade": room.grade,
                "dp": f"{dp:+g}",
                "counter": _counter_words(room.counters),
            }
        )
        if room.counters:
            _marker(plan, area, "counter", _("particle counter"))
        zones = [zone for zone in config.zones if zone.room == room.name]
        _zones_in_room(plan, area, zones, places)
    return boxes


def _counter_words(counters: bool) -> str:
    return _(", with a particle counter") if counters else ""


def _zones_in_room(plan: Plan, room: Area, zones, places: Places) -> None:
    width = min(ZONE_WIDTH, (room.width - GAP * (len(zones) + 1)) / max(len(zones), 1))
    for index, zone in enumerate(zones):
        area = Area(
            "zone",
            zone.name,
            room.x + GAP + index * (width + GAP),
            room.y + room.height - ZONE_HEIGHT - GAP,
            width,
            ZONE_HEIGHT,
            [places.place(zone.name), _("Grade A")],
        )
        plan.areas.append(area)
        plan.description.append(
            _("Grade A zone “%(name)s” in room “%(room)s”%(counter)s.")
            % {
                "name": places.place(zone.name),
                "room": places.place(room.location),
                "counter": _counter_words(zone.counters),
            }
        )
        if zone.counters:
            _marker(plan, area, "counter", _("particle counter"))


def _loose_zones(plan: Plan, config: ModelConfig, places: Places, rooms: dict, y: float) -> float:
    loose = [zone for zone in config.zones if zone.room not in rooms]
    for index, zone in enumerate(loose):
        area = Area(
            "zone",
            zone.name,
            PAD + index * (ZONE_WIDTH + 40 + GAP),
            y,
            ZONE_WIDTH + 40,
            BOX_HEIGHT + 16,
            [places.place(zone.name), _("Grade A")],
        )
        plan.areas.append(area)
        plan.description.append(
            _("Grade A zone “%(name)s”%(counter)s.")
            % {"name": places.place(zone.name), "counter": _counter_words(zone.counters)}
        )
        if zone.counters:
            _marker(plan, area, "counter", _("particle counter"))
    return y + (BOX_HEIGHT + 16 + GAP if loose else 0)


def _equipment(plan: Plan, config: ModelConfig, y: float) -> float:
    present = [(key, str(label)) for key, label in EQUIPMENT.items() if getattr(config, key)]
    for index, (key, label) in enumerate(present):
        plan.areas.append(
            Area("equipment", key, PAD + index * (200 + GAP), y, 200, BOX_HEIGHT, [label])
        )
        plan.description.append(label + ".")
    return y + (BOX_HEIGHT + GAP if present else 0)


def _viable(plan: Plan, config: ModelConfig, places: Places) -> None:
    areas = {area.location: area for area in plan.areas if area.kind != "equipment"}
    for viable in config.viable:
        methods = [
            label
            for present, label in (
                (viable.air_times_s, _("active air")),
                (viable.settle_exposures_s, _("settle plates")),
                (viable.contact_times_s, _("contact plates")),
                (viable.glove_times_s, _("glove prints")),
            )
            if present
        ]
        plan.description.append(
            _("Viable sampling at “%(location)s”: %(methods)s.")
            % {
                "location": places.place(viable.location),
                "methods": ", ".join(methods) or _("none planned"),
            }
        )
        area = areas.get(viable.location)
        if area is not None:
            _marker(plan, area, "viable", places.plan(viable.name) or places.place(viable.location))


def _marker(plan: Plan, area: Area, shape: str, label: str) -> None:
    taken = sum(1 for marker in plan.markers if marker.location == area.location)
    plan.markers.append(
        Marker(
            shape,
            area.location,
            area.x + area.width - 14 - taken * MARKER_STEP,
            area.y + 14,
            label,
        )
    )
