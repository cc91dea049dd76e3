"""The simulation block of a lesson: its briefing, a Start button that starts a run from the
lesson, the trainee's latest run from it, and who may start from a lesson at all."""

import json

from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import pytest

from courses.blocks import LessonStreamBlock, may_start_simulation_from_lesson
from simulations import engine
from simulations.models import Run
from tests.courses.conftest import (
    cohort,
    english,
    enrolled_student,
    enrolment,
    lessons,
    lessons_en,
    module,
    module_en,
    other_student,
    programme,
    programme_en,
)

from .ui_fixtures import grade_a, make_grade_a_scenario

FIXTURES = (
    cohort,
    enrolled_student,
    enrolment,
    english,
    grade_a,
    lessons,
    lessons_en,
    module,
    module_en,
    other_student,
    programme,
    programme_en,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def put_simulation(lesson, scenario, intro="<p>Let op de klasse A-zone.</p>"):
    lesson.body = json.dumps(
        [
            {"type": "paragraph", "value": "<p>Lestekst.</p>"},
            {"type": "simulation", "value": {"scenario": scenario.pk, "intro": intro}},
        ]
    )
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


@pytest.fixture
def sim_lesson(lessons, grade_a):
    return put_simulation(lessons[0], grade_a, "<p>Let op de klasse A-zone.</p>")


@pytest.fixture
def sim_lesson_en(sim_lesson, lessons_en, grade_a):
    return put_simulation(lessons_en[0], grade_a, "<p>Mind the Grade A zone.</p>")


@pytest.fixture
def client_of(enrolled_student):
    client = Client()
    client.force_login(enrolled_student)
    return client


def test_the_block_is_offered_in_lessons():
    assert "simulation" in LessonStreamBlock.base_blocks


@pytest.mark.parametrize(
    ("language", "title", "briefing", "intro"),
    [
        ("nl", "Open handeling in de veiligheidskast", "Je vult flesjes", "Let op de klasse A"),
        ("en", "Open manipulation in the cabinet", "You fill vials", "Mind the Grade A"),
    ],
)
def test_the_block_renders_the_briefing_and_a_start_from_this_lesson(
    sim_lesson, sim_lesson_en, client_of, grade_a, language, title, briefing, intro
):
    lesson = sim_lesson if language == "nl" else sim_lesson_en
    response = client_of.get(lesson.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert title in html and briefing in html and intro in html
    assert f"/{language}/simulations/{grade_a.slug}/start/" in html
    assert f'name="context" value="lesson:{lesson.pk}"' in html
    with translation.override(language):
        assert gettext("Start the simulation") in html


def test_starting_from_the_block_records_the_lesson_and_shows_the_run(
    sim_lesson, sim_lesson_en, client_of, enrolled_student, grade_a
):
    response = client_of.post(
        reverse("simulations:start", args=[grade_a.slug]), {"context": f"lesson:{sim_lesson.pk}"}
    )
    run = Run.objects.get(trainee=enrolled_student)
    assert run.context == f"lesson:{sim_lesson.pk}"
    assert response["Location"] == reverse("simulations:run", args=[run.public_id])
    html = client_of.get(sim_lesson_en.url).content.decode()
    assert f"/en/simulations/runs/{run.public_id}/" in html  # continue, from the translation too
    assert 'value="lesson:' not in html  # an unfinished run is continued, not started again
    engine.end(run=run, actor=enrolled_student)
    html = client_of.get(sim_lesson.url).content.decode()
    assert reverse("simulations:debrief", args=[run.public_id]) in html
    assert f'value="lesson:{sim_lesson.pk}"' in html


def test_a_student_not_enrolled_cannot_start_from_the_lesson(sim_lesson, other_student, grade_a):
    assert not may_start_simulation_from_lesson(other_student, sim_lesson.pk, grade_a)
    client = Client()
    client.force_login(other_student)
    client.post(
        reverse("simulations:start", args=[grade_a.slug]), {"context": f"lesson:{sim_lesson.pk}"}
    )
    assert not Run.objects.exists()


def test_a_lesson_that_does_not_offer_the_scenario_starts_nothing(
    sim_lesson, lessons, enrolled_student, client_of
):
    other = make_grade_a_scenario(slug="elsewhere")
    assert not may_start_simulation_from_lesson(enrolled_student, lessons[1].pk, other)
    assert not may_start_simulation_from_lesson(enrolled_student, sim_lesson.pk, other)
    client_of.post(
        reverse("simulations:start", args=[other.slug]), {"context": f"lesson:{sim_lesson.pk}"}
    )
    assert not Run.objects.exists()


def test_an_unpublished_or_missing_lesson_starts_nothing(sim_lesson, enrolled_student, grade_a):
    assert may_start_simulation_from_lesson(enrolled_student, sim_lesson.pk, grade_a)
    sim_lesson.unpublish()
    assert not may_start_simulation_from_lesson(enrolled_student, sim_lesson.pk, grade_a)
    assert not may_start_simulation_from_lesson(enrolled_student, 999_999, grade_a)


def test_a_lesson_only_scenario_starts_from_its_lesson(lessons, client_of, enrolled_student):
    scenario = make_grade_a_scenario(slug="lesson-only", practice=False)
    lesson = put_simulation(lessons[1], scenario)
    client_of.post(reverse("simulations:start", args=[scenario.slug]), {"context": "practice"})
    assert not Run.objects.exists()
    client_of.post(
        reverse("simulations:start", args=[scenario.slug]), {"context": f"lesson:{lesson.pk}"}
    )
    assert Run.objects.get().context == f"lesson:{lesson.pk}"
