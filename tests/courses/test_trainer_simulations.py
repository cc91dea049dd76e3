"""The trainers' simulation screens of a cohort: the runs of its students (from the module's
lessons, and their practice runs, marked), a run's debrief with its replay over simulated time
(server-side: nothing later than the time chosen), and the replay check of the score."""

import json
import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

import pytest

from courses.cohort_nav import cohort_tabs
from simulations import debrief_pdf, engine
from simulations.models import Run
from tests.factories import activate_totp, make_user
from tests.simulations.debrief_fixtures import (
    T0,
    first_action_alarm,
    make_grade_a_scenario,
    play_mixed_run,
)
from tests.simulations.scenario_fixtures import make_run

from .conftest import enrol, make_cohort, make_lesson, make_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(db):
    return make_grade_a_scenario()


@pytest.fixture
def staff(trainer):
    activate_totp(trainer)
    return trainer


@pytest.fixture
def trainer_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def lesson_run(cohort, lessons, student, scenario):
    enrol(student, cohort)
    return play_mixed_run(scenario, student, context=f"lesson:{lessons[1].pk}")


def list_url(cohort) -> str:
    return f"/en/trainer/cohorts/{cohort.pk}/simulations/"


def run_url(cohort, run, t=None) -> str:
    url = f"/en/trainer/cohorts/{cohort.pk}/simulations/{run.public_id}/"
    return url if t is None else f"{url}?t={t}"


def chart_json(response) -> dict:
    found = re.search(
        r'<script id="debrief-chart-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1))


def test_the_cohort_screens_have_a_simulations_tab(cohort):
    with translation.override("en"):
        tabs = cohort_tabs(cohort.pk, current="trainer:simulations")
        current = [tab for tab in tabs if tab["current"]]
        labels = [str(tab["label"]) for tab in current]

    assert labels == ["Simulations"]
    assert current[0]["url"] == list_url(cohort)


def test_the_list_shows_lesson_and_practice_runs_of_the_cohorts_students(
    trainer_client, cohort, lessons, module, student, other_student, scenario
):
    enrol(student, cohort)
    from_lesson = make_run(scenario, student)
    from_lesson.context = f"lesson:{lessons[0].pk}"
    from_lesson.save()
    practice = make_run(scenario, student)
    other_module = make_module(module.get_parent().specific, code="ATMP-103", slug="atmp-103")
    elsewhere = make_run(scenario, student)
    elsewhere.context = f"lesson:{make_lesson(other_module, 1).pk}"
    elsewhere.save()
    not_enrolled = make_run(scenario, other_student)

    response = trainer_client.get(list_url(cohort))

    rows = response.context["rows"]
    assert [row.run for row in rows] == [practice, from_lesson]
    assert [row.practice for row in rows] == [True, False]
    assert rows[1].where == lessons[0].title
    body = response.content.decode()
    assert "Practice" in body and student.full_name in body
    assert str(elsewhere.public_id) not in body and str(not_enrolled.public_id) not in body


def test_a_lesson_run_from_the_modules_translation_belongs_to_the_cohort(
    trainer_client, cohort, lessons_en, student, scenario
):
    enrol(student, cohort)
    run = make_run(scenario, student)
    run.context = f"lesson:{lessons_en[2].pk}"
    run.save()

    rows = trainer_client.get(list_url(cohort)).context["rows"]

    assert [(row.run, row.where) for row in rows] == [(run, "Material transfer")]


def test_the_list_shows_score_and_result_in_words(trainer_client, lesson_run, cohort):
    body = trainer_client.get(list_url(cohort)).content.decode()

    assert "50&nbsp;%" in body and "Not passed" in body
    assert run_url(cohort, lesson_run) in body


def test_the_list_takes_the_same_queries_for_5_and_50_runs(
    trainer_client, cohort, lessons, scenario
):
    students = [make_user("Student", email=f"s{i}@example.org") for i in range(5)]
    for person in students:
        enrol(person, cohort)

    def add_runs(count):
        for index in range(count):
            run = make_run(scenario, students[index % 5])
            run.context = f"lesson:{lessons[index % 3].pk}" if index % 2 else "practice"
            run.save()

    add_runs(5)
    # Warm the cached site chrome, which the first requests build.
    trainer_client.get(list_url(cohort))
    trainer_client.get(list_url(cohort))
    with CaptureQueriesContext(connection) as five:
        assert len(trainer_client.get(list_url(cohort)).context["rows"]) == 5
    add_runs(45)
    trainer_client.get(list_url(cohort))
    with CaptureQueriesContext(connection) as fifty:
        assert len(trainer_client.get(list_url(cohort)).context["rows"]) == 50

    assert len(fifty.captured_queries) == len(five.captured_queries) <= 12


def test_the_run_page_shows_the_debrief_and_that_replay_reproduces_the_score(
    trainer_client, cohort, lesson_run
):
    response = trainer_client.get(run_url(cohort, lesson_run))

    assert response.status_code == 200
    assert response.context["replay_matches"] is True
    body = response.content.decode()
    assert "reproduces the recorded score (50 %)" in body
    for text in (
        "Not passed",
        "Aseptic technique",
        "Late",
        "Missed",
        "EU GMP Annex 1 (2022) §9.30",
    ):
        assert text in body
    assert '<ol class="debrief-timeline">' in body


def test_a_recorded_score_the_replay_does_not_reproduce_is_flagged(
    trainer_client, cohort, lesson_run
):
    outcome = dict(lesson_run.outcome)
    outcome["score"] = 100.0
    Run.objects.filter(pk=lesson_run.pk).update(outcome=outcome)

    response = trainer_client.get(run_url(cohort, lesson_run))

    assert response.context["replay_matches"] is False
    assert "does not reproduce its recorded result" in response.content.decode()


def test_the_replay_holds_nothing_after_the_time_chosen(trainer_client, cohort, lesson_run):
    alarm_at = first_action_alarm(lesson_run)["at_s"]
    before = trainer_client.get(run_url(cohort, lesson_run, t=alarm_at - 1))
    after = trainer_client.get(run_url(cohort, lesson_run, t=435))

    data = chart_json(before)
    assert data["until_s"] == alarm_at - 1 and data["x_max"] == 1200
    assert all(t <= alarm_at - 1 for chart in data["charts"] for t in chart["t"])
    assert all(not chart["alarms"] for chart in data["charts"]) and data["actions"] == []
    assert before.context["replay"]["alarms"] == []
    assert before.context["replay"]["step"] == "Open step"
    replay = after.context["replay"]
    assert [alarm.rule for alarm in replay["alarms"]][0] == "particles.action"
    assert [moment.title for moment in replay["actions"]] == ["Acknowledge an alarm"]
    assert "acknowledged at 00:07:10" in after.content.decode()


def test_the_replay_steps_to_the_marks_around_the_time_shown(trainer_client, cohort, lesson_run):
    replay = trainer_client.get(run_url(cohort, lesson_run, t=400)).context["replay"]

    assert replay["clock"] == "00:06:40"
    assert replay["previous_mark"] <= 400 < replay["next_mark"]
    assert replay["back"] == 340 and replay["forward"] == 460
    assert trainer_client.get(run_url(cohort, lesson_run, t=10)).context["replay"]["back"] == 0


@pytest.mark.parametrize(("given", "shown"), [("-50", 0.0), ("99999", 1200.0), ("", 1200.0)])
def test_a_replay_time_outside_the_run_is_kept_within_it(
    trainer_client, cohort, lesson_run, given, shown
):
    response = trainer_client.get(f"{run_url(cohort, lesson_run)}?t={given}")

    assert response.context["replay"]["at_s"] == shown


@pytest.mark.parametrize("given", ["soon", "nan", "inf"])
def test_a_replay_time_that_is_not_a_number_is_refused_with_a_message(
    trainer_client, cohort, lesson_run, given
):
    response = trainer_client.get(run_url(cohort, lesson_run, t=given))

    assert response.status_code == 200
    assert response.context["replay"]["at_s"] == 1200.0
    assert "must be a number of simulated seconds" in response.content.decode()


def test_a_run_still_going_replays_up_to_now_without_a_debrief(
    trainer_client, cohort, lessons, student, scenario
):
    enrol(student, cohort)
    run = engine.start_run(
        scenario=scenario, trainee=student, seed=42, context=f"lesson:{lessons[0].pk}", now=T0
    )
    engine.pause(run=run, actor=student, now=T0 + timedelta(seconds=45))

    response = trainer_client.get(run_url(cohort, run))

    assert response.status_code == 200
    assert response.context["replay"]["end_s"] == pytest.approx(450)
    assert "still going" in response.content.decode()
    assert "replay_matches" not in response.context
    data = chart_json(response)
    assert all(t <= 450 for chart in data["charts"] for t in chart["t"])
    assert trainer_client.get(f"{run_url(cohort, run)}debrief.pdf").status_code == 404


def test_a_run_of_another_cohort_is_not_found(trainer_client, cohort, module, lessons, scenario):
    other = make_cohort(module, name="Zomer 2027")
    stranger = make_user("Student", email="stranger@example.org")
    enrol(stranger, other)
    run = play_mixed_run(scenario, stranger, context=f"lesson:{lessons[0].pk}")

    assert trainer_client.get(run_url(cohort, run)).status_code == 404


def test_the_trainer_downloads_the_pdf_once_ready(
    trainer_client, cohort, lesson_run, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = f"{run_url(cohort, lesson_run)}debrief.pdf"
    assert trainer_client.get(url).status_code == 404
    assert "being prepared" in trainer_client.get(run_url(cohort, lesson_run)).content.decode()

    debrief_pdf.complete_debrief(run_id=lesson_run.pk)
    response = trainer_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert url in trainer_client.get(run_url(cohort, lesson_run)).content.decode()
