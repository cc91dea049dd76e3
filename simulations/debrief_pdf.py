"""The debrief as an A4 PDF (WeasyPrint) in the trainee's language, made once after a run ends.

`results.conclude` marks a finished run's debrief `pending` and enqueues the task after commit;
the task (acks late, re-delivered when its worker dies) calls `complete_debrief`, which may so
run more than once, or twice at once, for one run. It renders outside any lock (a render takes
about a second, and SQLite would hold its write lock meanwhile), then under the run's row lock
writes the file under its fixed name (to a fixed temporary name first, then moved over it) and
marks the debrief ready, unless an earlier attempt already did. However often it runs: one file,
one "simulation.debrief_ready" event. A render that fails marks the debrief failed instead of
raising, as with eager tasks it runs in the request that ended the run.

Like the certificate, the page loads only our own static files (stylesheet, npm fonts). The
file lies under MEDIA_ROOT/debriefs/, which the reverse proxy must refuse like certificates/:
only the protected download views serve it.
"""

import hashlib
import logging
import os
import threading
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from atmp_platform.audit.services import record_event
from certificates.pdf import StaticOnlyFetcher, static_base

from . import debrief as debriefs
from . import debrief_charts
from .models import Run
from .places import clock

logger = logging.getLogger(__name__)

STYLESHEET = "css/debrief-pdf.css"
PDF_FOLDER = "debriefs"
# The charts the PDF draws: the channels that raised alarms, at most this many.
MAX_CHARTS = 4
CHART_WIDTH, CHART_HEIGHT = 640, 150


def trainee_language(run: Run) -> str:
    language = getattr(run.trainee, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def pdf_name(run: Run) -> str:
    """The PDF's storage name: one per run, the same on every attempt."""
    return f"{PDF_FOLDER}/{run.public_id}.pdf"


def debrief_html(run: Run, language: str | None = None) -> str:
    with translation.override(language or trainee_language(run)):
        debrief = debriefs.build(run)
        data = debrief_charts.chart_data(run, until_s=debrief.ended_at_s)
        alarmed = [chart for chart in data["charts"] if chart["alarms"]][:MAX_CHARTS]
        end = debrief.ended_at_s
        context = {
            "debrief": debrief,
            "language": translation.get_language(),
            "charts": [
                {
                    "label": c["label"],
                    "unit": c["unit"],
                    "svg": chart_svg(
                        c, actions=data["actions"], end_s=end, first_day=data["first_day"]
                    ),
                }
                for c in alarmed
            ],
        }
        return render_to_string("simulations/pdf/debrief.html", context)


_resources = threading.local()


def _stylesheet(base: str) -> tuple[CSS, FontConfiguration]:
    """The parsed stylesheet with its fonts, kept per thread (fonts cost as much to load as
    a page to lay out, and Pango's font objects are not shared across threads)."""
    cached = getattr(_resources, "stylesheet", None)
    if cached is None or cached[0] != base:
        fonts = FontConfiguration()
        css = CSS(
            url=urljoin(base, STYLESHEET), url_fetcher=StaticOnlyFetcher(base), font_config=fonts
        )
        cached = _resources.stylesheet = (base, css, fonts)
    return cached[1], cached[2]


def debrief_document(run: Run, language: str | None = None):
    """WeasyPrint's laid-out document, before it is written as a PDF."""
    base = static_base()
    css, fonts = _stylesheet(base)
    html = HTML(
        string=debrief_html(run, language), base_url=base, url_fetcher=StaticOnlyFetcher(base)
    )
    return html.render(stylesheets=[css], font_config=fonts)


def render_debrief_pdf(run: Run) -> bytes:
    """The debrief as an A4 PDF. Pure: reads the database, writes nothing."""
    return debrief_document(run).write_pdf()


def write_pdf(run: Run, content: bytes) -> str:
    """Write the PDF under its fixed name atomically; return that name. The caller holds the
    run's row lock, so no two writers share the temporary file."""
    name = pdf_name(run)
    final = Path(default_storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    # Fixed, not random: a worker killed mid-write leaves a file the next attempt overwrites.
    partial = final.with_name(f".{final.name}.part")
    try:
        with open(partial, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return name


def _needs_pdf(run: Run) -> bool:
    return run.finished and run.debrief_status != Run.Debrief.READY


def complete_debrief(*, run_id: int) -> bool:
    """Make the debrief PDF of a finished run unless it is ready; True if made now.
    Idempotent (see the module's docstring). Raises Run.DoesNotExist for an unknown id."""
    run = Run.objects.select_related("trainee").get(pk=run_id)
    if not _needs_pdf(run):
        return False
    try:
        content = render_debrief_pdf(run)
    except Exception:  # any failure of the renderer must leave a status the trainee sees
        logger.exception("The debrief PDF of run %s could not be made.", run.public_id)
        _mark_failed(run_id)
        return False
    return _store(run_id, content)


@transaction.atomic
def _store(run_id: int, content: bytes) -> bool:
    run = Run.objects.select_for_update().get(pk=run_id)
    if not _needs_pdf(run):
        return False
    old_status = run.debrief_status
    run.debrief_pdf.name = write_pdf(run, content)
    run.debrief_status = Run.Debrief.READY
    run.save(update_fields=["debrief_pdf", "debrief_status"])
    record_event(
        action="simulation.debrief_ready",
        target=run,
        old_value={"debrief_status": old_status},
        new_value={
            "debrief_status": run.debrief_status,
            "pdf": run.debrief_pdf.name,
            "pdf_sha256": hashlib.sha256(content).hexdigest(),
        },
    )
    return True


@transaction.atomic
def _mark_failed(run_id: int) -> None:
    run = Run.objects.select_for_update().get(pk=run_id)
    if _needs_pdf(run):
        run.debrief_status = Run.Debrief.FAILED
        run.save(update_fields=["debrief_status"])


# ---------- A chart as SVG, drawn here: no browser renders the PDF ----------


def chart_svg(
    chart: dict, *, actions: list[dict], end_s: float, first_day: int | None = None
) -> str:
    """One channel (debrief_charts.chart_data) as an SVG line chart over the whole run, with
    its limits, a mark at each alarm and a line at each of the trainee's actions."""
    end = max(end_s, 1.0)
    values = [v for v in chart["v"] if v is not None]
    limits = [v for v in chart["limits"].values() if v is not None]
    low = min([*values, *limits], default=0.0)
    high = max([*values, *limits], default=1.0)
    low, high = (low - 0.5, high + 0.5) if high == low else (low, high + (high - low) * 0.05)

    def x(t: float) -> float:
        return round(40 + (CHART_WIDTH - 50) * t / end, 1)

    def y(v: float) -> float:
        return round(CHART_HEIGHT - 20 - (CHART_HEIGHT - 30) * (v - low) / (high - low), 1)

    context = {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "lines": _polylines(chart, x, y),
        "limits": [
            {"y": y(value), "label_y": y(value) - 2, "kind": kind, "label": debriefs.number(value)}
            for kind, value in chart["limits"].items()
        ],
        "alarms": [{"x": x(a["t"]), "level": a["level"]} for a in chart["alarms"]],
        "actions": [{"x": x(a["t"])} for a in actions],
        "ticks": [
            {"x": x(end * i / 4), "label": clock(end * i / 4, first_day, end=i == 4)}
            for i in range(5)
        ],
        "top": debriefs.number(high),
        "bottom": debriefs.number(low),
        "plot_bottom": CHART_HEIGHT - 20,
        "plot_width": CHART_WIDTH - 50,
        "plot_height": CHART_HEIGHT - 30,
        "right": CHART_WIDTH - 10,
        "tick_y": CHART_HEIGHT - 6,
    }
    return render_to_string("simulations/pdf/debrief_chart.svg", context)


def _polylines(chart: dict, x, y) -> list[str]:
    """The points of each stretch without a gap, as SVG polyline coordinates."""
    lines, current = [], []
    for t, v in zip(chart["t"], chart["v"], strict=True):
        if v is None:
            if current:
                lines.append(" ".join(current))
            current = []
            continue
        current.append(f"{x(t)},{y(v)}")
    if current:
        lines.append(" ".join(current))
    return lines
