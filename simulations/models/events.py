"""Labels for the simulators' event kinds (simulations.monitors.EVENT_KINDS), for the admin."""

from django.utils.translation import gettext_lazy as _

EVENT_CHOICES = [
    ("door_open", _("Door opening")),
    ("personnel_entry", _("Personnel entry")),
    ("personnel_exit", _("Personnel exit")),
    ("intervention", _("Operator intervention")),
    ("hepa_failure", _("HEPA filter failure")),
    ("interlock_failure", _("Door interlock failure")),
    ("glove_breach", _("Glove breach")),
    ("poor_gowning", _("Poor gowning")),
    ("sanitise", _("Re-sanitisation")),
    ("stop_process", _("Process stopped")),
    ("resume_process", _("Process resumed")),
    ("missed_feed", _("Missed feed")),
    ("feed", _("Feed")),
    ("perfusion_change", _("Perfusion change")),
    ("co2_drift", _("CO₂ supply drift")),
    ("temperature_drift", _("Temperature drift")),
    ("ln2_supply_failure", _("LN₂ supply failure")),
    ("lid_open", _("Lid left open")),
    ("repair", _("Repair")),
    ("sensor_stuck", _("Sensor stuck")),
    ("sensor_dropout", _("Sensor drop-out")),
    ("sensor_spike", _("Sensor spike")),
    ("sensor_miscalibration", _("Sensor mis-calibration")),
]
