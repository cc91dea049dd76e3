"""The debrief PDF: made once per finished run by the task, in the trainee's language, with the
competency results, the timeline and the references; failures leave a status, not a crash."""

import re
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import translation

import pytest
from weasyprint.formatting_structure.boxes import TextBox

from atmp_platform.audit.models import AuditEvent
from simulations import debrief_pdf, engine, scoring
from simulations.debrief import STATUS_LABELS
from simulations.models import Run
from simulations.tasks import make_debrief
from tests.factories import make_user

from .debrief_fixtures import (
    ACK_REFERENCE,
    DEVIATION_REFERENCE,
    T0,
    at,
    make_grade_a_scenario,
    play_mixed_run,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scenario():
    return make_grade_a_scenario()


@pytest.fixture
def dutch_trainee():
    return make_user(role="Student", full_name="Daan Deelnemer", preferred_language="nl")


@pytest.fixture
def run(scenario, dutch_trainee):
    return play_mixed_run(scenario, dutch_trainee)


def laid_out_text(run: Run, language: str | None = None) -> str:
    document = debrief_pdf.debrief_document(run, language)
    pieces = []
    for page in document.pages:
        pieces.extend(
            box.text
            for box in page._page_box.descendants(placeholders=True)
            if isinstance(box, TextBox)
        )
    return re.sub(r"\s+", " ", " ".join(pieces))


def in_language(language: str, message) -> str:
    """A msgid (or lazy message) as the PDF writes it in `language`."""
    with translation.override(language):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def test_running_the_task_twice_leaves_one_file_and_a_ready_debrief(run, eager_tasks):
    assert run.debrief_status == Run.Debrief.PENDING

    make_debrief.delay(run.pk)
    make_debrief.delay(run.pk)

    run.refresh_from_db()
    assert run.debrief_status == Run.Debrief.READY
    assert run.debrief_pdf.name == f"debriefs/{run.public_id}.pdf"
    folder = Path(default_storage.path("debriefs"))
    assert [path.name for path in folder.iterdir()] == [f"{run.public_id}.pdf"]
    assert run.debrief_pdf.open("rb").read(5) == b"%PDF-"
    assert AuditEvent.objects.filter(action="simulation.debrief_ready").count() == 1


def test_a_ready_debrief_is_not_made_again(run):
    assert debrief_pdf.complete_debrief(run_id=run.pk) is True
    assert debrief_pdf.complete_debrief(run_id=run.pk) is False


def test_ending_a_run_makes_its_pdf_after_commit(
    scenario, dutch_trainee, eager_tasks, django_capture_on_commit_callbacks
):
    run = engine.start_run(scenario=scenario, trainee=dutch_trainee, seed=42, now=T0)
    with django_capture_on_commit_callbacks(execute=True):
        engine.end(run=run, actor=dutch_trainee, now=at(500))

    run.refresh_from_db()
    assert run.debrief_status == Run.Debrief.READY and run.debrief_pdf


def test_a_run_still_going_gets_no_pdf(scenario, dutch_trainee):
    run = engine.start_run(scenario=scenario, trainee=dutch_trainee, seed=42, now=T0)

    assert debrief_pdf.complete_debrief(run_id=run.pk) is False
    run.refresh_from_db()
    assert run.debrief_status == "" and not run.debrief_pdf


def test_a_failed_render_marks_the_debrief_failed_and_a_later_attempt_can_succeed(run, monkeypatch):
    def broken(_run):
        raise OSError("no fonts")

    original = debrief_pdf.render_debrief_pdf
    monkeypatch.setattr(debrief_pdf, "render_debrief_pdf", broken)

    assert debrief_pdf.complete_debrief(run_id=run.pk) is False
    run.refresh_from_db()
    assert run.debrief_status == Run.Debrief.FAILED and not run.debrief_pdf

    monkeypatch.setattr(debrief_pdf, "render_debrief_pdf", original)
    assert debrief_pdf.complete_debrief(run_id=run.pk) is True
    run.refresh_from_db()
    assert run.debrief_status == Run.Debrief.READY


def test_an_unknown_run_is_an_error(db):
    with pytest.raises(Run.DoesNotExist):
        debrief_pdf.complete_debrief(run_id=999_999)


def test_the_pdf_is_in_the_trainees_language_with_competencies_timeline_and_references(run):
    text = laid_out_text(run)

    assert debrief_pdf.trainee_language(run) == "nl"
    assert "Open handeling in de kast" in text and "Daan Deelnemer" in text
    assert "Aseptische techniek" in text and "Afwijkingen en documentatie" in text
    assert in_language("nl", "Not passed") in text
    assert "1/2 (50.0 %)" in text or "1/2 (50,0 %)" in text
    for status in (scoring.MET, scoring.LATE, scoring.MISSED):
        assert in_language("nl", STATUS_LABELS[status]) in text
    assert "Een operator reikte over het open flesje." in text
    assert ACK_REFERENCE in text and DEVIATION_REFERENCE in text
    assert in_language("nl", "Timeline") in text


def test_an_english_trainee_gets_an_english_pdf(scenario):
    trainee = make_user(role="Student", full_name="Emma English", preferred_language="en")
    text = laid_out_text(play_mixed_run(scenario, trainee))

    assert "Open manipulation in the cabinet" in text
    assert "Aseptic technique" in text and "Not passed" in text
    assert "An operator reached over the open vial." in text


def test_the_pdf_draws_the_charts_of_the_channels_that_alarmed(run):
    html = debrief_pdf.debrief_html(run, "en")

    assert html.count("<svg") >= 1
    assert "Particles ≥0.5 µm · zone" in html
    assert "<polyline" in html
    # SVG wants a decimal point, whatever the language.
    dutch = debrief_pdf.debrief_html(run, "nl").split("<svg", 1)[1]
    positions = re.findall(r' (?:x1|y1|x|y)="([^"]*)"', dutch)
    assert positions and all(re.fullmatch(r"-?[\d.]+", p) for p in positions)


def test_signs_and_subscripts_beyond_the_text_fonts_come_from_the_math_font(run):
    """Source Sans 3's subsets on npm have no ≥ or ₂: without a font of our own for them, the
    machine's fonts (or none) would draw them."""
    text = laid_out_text(run, "en")
    content = debrief_pdf.debrief_document(run, "en").write_pdf(uncompressed_pdf=True)

    assert "≥" in text
    assert b"Debrief-Math" in content


def test_every_font_in_the_pdf_is_one_of_ours_charts_included(run):
    """The charts' SVG text too: inline SVG does not inherit the page's fonts, and would be
    drawn in whatever the machine has."""
    content = debrief_pdf.debrief_document(run, "nl").write_pdf(uncompressed_pdf=True)
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", content))

    assert b"<svg" in debrief_pdf.debrief_html(run, "nl").encode()
    assert fonts and all(font.startswith(b"Debrief-") for font in fonts), fonts
