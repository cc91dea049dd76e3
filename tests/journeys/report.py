"""The journeys' lines in pytest's terminal summary: where the screenshots are, how long the
server took to come up and each journey took. Called from tests/conftest.py, which the xdist
controller loads (this folder's conftest runs only in the workers); it reads the properties
the `journey_for` fixture records on each journey's report."""

from .support import ARTIFACTS, MODERATE_REPORT


def summarise(terminalreporter) -> None:
    rows = []
    bring_up = 0.0
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "teardown":
                continue
            properties = dict(getattr(report, "user_properties", ()))
            if "journey_seconds" not in properties:
                continue
            bring_up = max(bring_up, properties["journey_bring_up_seconds"])
            rows.append((report.nodeid, properties))
    if not rows:
        return
    write = terminalreporter.write_line
    terminalreporter.section("journeys")
    write(f"screenshots: {ARTIFACTS}/<lang>/<role>/")
    if MODERATE_REPORT.exists():
        write(f"axe-core's moderate findings: {MODERATE_REPORT}")
    write(f"server bring-up (database, demo, gunicorn): {bring_up:.1f} s")
    total = bring_up
    for nodeid, properties in sorted(rows):
        name = nodeid.split("::")[-1].split("@")[0]
        seconds = properties["journey_seconds"]
        total += seconds
        write(f"  {seconds:6.1f} s  {properties['journey_pages']:3d} pages  {name}")
    write(f"bring-up and journeys: {total:.1f} s")
