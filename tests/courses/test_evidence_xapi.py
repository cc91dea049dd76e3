"""Evidence through the xAPI endpoint: a statement that passes an exercise of a module with
linked outcomes records evidence once; one that fails, or changes no pass state, records none."""

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from certificates.models import Evidence
from courses.h5p.models import H5PResult

from .evidence_helpers import link, make_competency, make_levels
from .h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    demo_content_fixture,
    h5p_lesson_fixture,
    h5p_store_fixture,
    statement,
    step_content_fixture,
    step_ids,
    step_library_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def competency(module):
    make_levels()
    competency = make_competency("T1")
    link(module, "LO1", competency, 2)
    return competency


@pytest.fixture
def student_client(enrolled_student):
    client = Client()
    client.force_login(enrolled_student)
    return client


def post(client, lesson, body):
    url = f"/nl/learn/xapi/{lesson.pk}/statements/"
    return client.post(url, json.dumps(body), content_type="application/json")


def right(content):
    return statement(content, "[,]".join(step_ids(content)), raw=10, maximum=10)


def wrong(content):
    return statement(content, "[,]".join(reversed(step_ids(content))), raw=10, maximum=10)


def test_a_verified_pass_records_server_evidence_at_level_one(
    student_client, enrolled_student, h5p_lesson, step_content, competency
):
    assert post(student_client, h5p_lesson, right(step_content)).json()["verified"] is True
    evidence = Evidence.objects.get()
    result = H5PResult.objects.get(student=enrolled_student, content=step_content)
    assert evidence.person == enrolled_student
    assert evidence.competency == competency
    assert evidence.level == 1
    assert evidence.verification == Evidence.Verification.SERVER
    assert evidence.source_ref == f"h5p-result:{result.pk}"
    assert evidence.counts


def test_a_failed_attempt_records_nothing(student_client, h5p_lesson, step_content, competency):
    answer = post(student_client, h5p_lesson, wrong(step_content)).json()
    assert answer["passed"] is False
    assert not Evidence.objects.exists()


def test_a_self_reported_pass_is_recorded_but_does_not_count(
    student_client, h5p_lesson, demo_content, competency
):
    answer = post(student_client, h5p_lesson, statement(demo_content, "x", raw=9, maximum=10))
    assert answer.json()["verified"] is False
    evidence = Evidence.objects.get()
    assert evidence.verification == Evidence.Verification.SELF_REPORTED
    assert not evidence.counts


def test_passing_again_adds_no_evidence(student_client, h5p_lesson, step_content, competency):
    post(student_client, h5p_lesson, right(step_content))
    post(student_client, h5p_lesson, wrong(step_content))
    post(student_client, h5p_lesson, right(step_content))
    assert Evidence.objects.count() == 1


def test_a_batch_that_fails_then_passes_records_the_pass(
    student_client, h5p_lesson, step_content, competency
):
    response = post(student_client, h5p_lesson, [wrong(step_content), right(step_content)])
    assert response.status_code == 200, response.content
    assert Evidence.objects.count() == 1


def test_a_trainers_preview_records_no_evidence(
    trainer, cohort, h5p_lesson, step_content, competency
):
    client = Client()
    client.force_login(trainer)
    assert post(client, h5p_lesson, right(step_content)).json()["recorded"] is False
    assert not Evidence.objects.exists()


def test_a_statement_that_changes_no_pass_state_costs_no_evidence_query(
    student_client, h5p_lesson, step_content, competency
):
    """A failed attempt after a pass reads neither outcomes nor evidence."""
    post(student_client, h5p_lesson, right(step_content))
    with CaptureQueriesContext(connection) as queries:
        post(student_client, h5p_lesson, wrong(step_content))
    assert not any("certificates_" in query["sql"] for query in queries.captured_queries)
    assert not any("courses_learningoutcome" in query["sql"] for query in queries.captured_queries)


def test_equalling_a_passed_best_costs_no_evidence_query(
    student_client, h5p_lesson, step_content, competency
):
    """A pass that only equals the best already passed cannot change a pass state."""
    post(student_client, h5p_lesson, right(step_content))
    with CaptureQueriesContext(connection) as queries:
        answer = post(student_client, h5p_lesson, right(step_content)).json()
    assert answer["passed"] is True
    assert answer["attempts"] == 2
    assert not any("certificates_" in query["sql"] for query in queries.captured_queries)
    assert not any("courses_learningoutcome" in query["sql"] for query in queries.captured_queries)
    assert Evidence.objects.count() == 1
