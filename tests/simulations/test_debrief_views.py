"""The debrief page and its PDF download for the run's trainee and programme administrators:
the result in words, the timeline as an ordered list, the charts' data, the PDF's state, a run
still going, and refusals (every role: tests/courses/test_trainer_simulations_permissions.py)."""

import json
import re
import uuid

from django.test import Client
from django.utils import translation

import pytest

from simulations import debrief_pdf, engine
from simulations.models import Run
from tests.factories import activate_totp, make_user

from .debrief_fixtures import T0, at, make_grade_a_scenario, play_mixed_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scenario():
    return make_grade_a_scenario()


@pytest.fixture
def trainee():
    return make_user(role="Student", full_name="Tina Trainee")


@pytest.fixture
def run(scenario, trainee):
    return play_mixed_run(scenario, trainee)


@pytest.fixture
def owner(trainee) -> Client:
    client = Client()
    client.force_login(trainee)
    return client


def page_url(run, language="en") -> str:
    return f"/{language}/simulations/runs/{run.public_id}/debrief/"


def pdf_url(run) -> str:
    return f"/en/simulations/runs/{run.public_id}/debrief.pdf"


def test_the_trainee_reads_the_result_in_words_per_competency(owner, run):
    response = owner.get(page_url(run))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Open manipulation in the cabinet" in body and "Tina Trainee" in body
    assert "Not passed" in body and "score 50 %" in body
    assert "Aseptic technique" in body and "Deviations and documentation" in body
    for status in ("Met", "Late", "Missed"):
        assert re.search(rf"</span>\s*{status}</span>", body), status
    assert "EU GMP Annex 1 (2022) §9.30" in body


def test_the_timeline_is_an_ordered_list_in_simulated_time(owner, run):
    body = owner.get(page_url(run)).content.decode()

    timeline = body.split('<ol class="debrief-timeline">', 1)[1].split("</ol>", 1)[0]
    times = re.findall(r'<span class="debrief-time">([\d:]+)</span>', timeline)
    assert times and times == sorted(times)
    assert "An operator reached over the open vial." in timeline
    assert "Run ended" in timeline


def test_the_page_sends_the_whole_runs_chart_data_and_nothing_after_its_end(owner, run):
    body = owner.get(page_url(run)).content.decode()

    data = json.loads(
        re.search(r'id="debrief-chart-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert data["until_s"] == data["x_max"] == 1200
    assert {a["label"] for a in data["actions"]} >= {"Acknowledge an alarm"}
    assert all(t <= 1200 for chart in data["charts"] for t in chart["t"])
    assert 'src="/static/js/debrief-charts.js"' in body
    assert "<script>" not in body


def administrator_client(*, second_factor: bool = True) -> Client:
    administrator = make_user(role="Programme administrator")
    if second_factor:
        activate_totp(administrator)
    client = Client()
    client.force_login(administrator)
    return client


def test_a_programme_administrator_reads_anyones_debrief(run):
    response = administrator_client().get(page_url(run))

    assert response.status_code == 200 and response.context["is_own_run"] is False


def test_the_page_is_in_the_readers_language(owner, run):
    body = owner.get(page_url(run, "nl")).content.decode()

    with translation.override("nl"):
        not_passed = translation.gettext("Not passed")
    assert "Open handeling in de kast" in body and not_passed in body
    assert "Een operator reikte over het open flesje." in body


def test_the_pdf_is_announced_while_it_is_being_prepared(owner, run):
    assert run.debrief_status == Run.Debrief.PENDING

    body = owner.get(page_url(run)).content.decode()

    assert "being prepared" in body and pdf_url(run) not in body
    assert owner.get(pdf_url(run)).status_code == 404


def test_a_failed_pdf_says_so(owner, run):
    Run.objects.filter(pk=run.pk).update(debrief_status=Run.Debrief.FAILED)

    assert "could not be made" in owner.get(page_url(run)).content.decode()


def test_the_trainee_downloads_the_ready_pdf_as_an_attachment(owner, run):
    debrief_pdf.complete_debrief(run_id=run.pk)

    assert pdf_url(run) in owner.get(page_url(run)).content.decode()
    response = owner.get(pdf_url(run))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="debrief-debrief-grade-a-{run.finished_at:%Y-%m-%d}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_pdf_whose_file_is_gone_is_not_found(owner, run):
    debrief_pdf.complete_debrief(run_id=run.pk)
    run.refresh_from_db()
    run.debrief_pdf.delete(save=False)

    assert owner.get(pdf_url(run)).status_code == 404


def test_a_run_still_going_sends_its_trainee_back_to_it(scenario, trainee, owner):
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42)

    response = owner.get(page_url(run))

    assert response.status_code == 302
    assert response["Location"] == f"/en/simulations/runs/{run.public_id}/"
    assert owner.get(pdf_url(run)).status_code == 404


def test_a_run_still_going_has_no_debrief_for_an_administrator(scenario, trainee):
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42)

    assert administrator_client().get(page_url(run)).status_code == 404


def test_an_administrator_without_a_second_factor_reads_no_one_elses_debrief(run):
    client = administrator_client(second_factor=False)

    response = client.get(page_url(run))

    assert response.status_code == 403
    assert client.get(pdf_url(run)).status_code == 403


def test_a_run_whose_time_ran_out_unwatched_is_scored_when_its_debrief_is_opened(
    scenario, trainee, owner
):
    run = engine.start_run(scenario=scenario, trainee=trainee, seed=42, now=T0)
    Run.objects.filter(pk=run.pk).update(clock_anchor_at=at(-5000))

    response = owner.get(page_url(run))

    assert response.status_code == 200
    run.refresh_from_db()
    assert run.finished and run.passed is False


def test_someone_elses_debrief_does_not_exist_for_them(run):
    """As on the run's own screens: a 404, not a 403 that would confirm the run exists."""
    for role in ("Student", "Trainer"):
        client = Client()
        client.force_login(make_user(role=role))

        assert client.get(page_url(run)).status_code == 404
        assert client.get(pdf_url(run)).status_code == 404


def test_an_unknown_run_is_not_found(owner):
    missing = uuid.uuid4()

    assert owner.get(f"/en/simulations/runs/{missing}/debrief/").status_code == 404
    assert owner.get(f"/en/simulations/runs/{missing}/debrief.pdf").status_code == 404


def test_visitors_log_in_first(run):
    response = Client().get(page_url(run))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
