"""Every URL of the player helper against every role: the player and its files (authorised by
the token, never the session), the xAPI endpoint, and what the lesson's H5P block shows."""

import json

from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client, RequestFactory

import pytest

from courses.h5p.models import XAPIStatement
from tests.factories import activate_totp, make_user

from ..conftest import enrol, make_cohort, make_module
from ..h5p_lessons import (  # noqa: F401 (the fixtures register under their names)
    demo_content_fixture,
    h5p_lesson_fixture,
    h5p_store_fixture,
    statement,
    step_content_fixture,
    step_ids,
    step_library_fixture,
)
from .player_data import token_for

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "student_enrolled",
    "student_not_enrolled",
    "trainer_of_cohort",
    "trainer_not_of_cohort",
    "partner_editor",
    "administrator",
)
OK_FOR_ALL = dict.fromkeys(ROLES, 200)
NOT_FOUND_FOR_ALL = dict.fromkeys(ROLES, 404)
NOT_ALLOWED_FOR_ALL = dict.fromkeys(ROLES, 405)
# Stored for the enrolled student; tried without a record by the module's trainer and admins.
XAPI_POST = {
    "anonymous": 403,
    "student_enrolled": 200,
    "student_not_enrolled": 403,
    "trainer_of_cohort": 200,
    "trainer_not_of_cohort": 403,
    "partner_editor": 403,
    "administrator": 200,
}
BLOCK_STATE = {
    "anonymous": "login",
    "student_enrolled": "play",
    "student_not_enrolled": "closed",
    "trainer_of_cohort": "play",
    "trainer_not_of_cohort": "closed",
    "partner_editor": "closed",
    "administrator": "play",
}


@pytest.fixture
def users(programme, cohort, trainer, administrator, student, other_student, partner_editor):
    enrol(student, cohort)
    activate_totp(trainer)
    activate_totp(administrator)
    outsider = make_user("Trainer", email="h5p-outsider@example.org")
    activate_totp(outsider)
    make_cohort(make_module(programme, code="ATMP-109", title="Ander"), trainers=[outsider])
    return {
        "anonymous": None,
        "student_enrolled": student,
        "student_not_enrolled": other_student,
        "trainer_of_cohort": trainer,
        "trainer_not_of_cohort": outsider,
        "partner_editor": partner_editor,
        "administrator": administrator,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def check(matrix: dict, answer) -> dict:
    wrong = {}
    for role, expected in matrix.items():
        got = answer(role)
        if got != expected:
            wrong[role] = f"expected {expected}, got {got}"
    return wrong


def test_the_player_and_its_files_answer_whoever_holds_the_token(users, h5p_lesson, step_content):
    prefix = f"/h5p/t/{token_for(step_content, page_id=h5p_lesson.pk)}/"
    urls = {
        "player": (prefix, OK_FOR_ALL),
        "h5p_json": (f"{prefix}h5p.json", OK_FOR_ALL),
        "content_json": (f"{prefix}content/content.json", OK_FOR_ALL),
        "library": (f"{prefix}libraries/ATMP.StepOrder-1.0/library.json", OK_FOR_ALL),
        "forged_player": ("/h5p/t/forged:token:value/", NOT_FOUND_FOR_ALL),
        "forged_file": ("/h5p/t/forged:token:value/h5p.json", NOT_FOUND_FOR_ALL),
    }
    wrong = {}
    for name, (url, matrix) in urls.items():
        for role, problem in check(
            matrix, lambda role, url=url: client_for(users[role]).get(url).status_code
        ).items():
            wrong[f"{role} {name}"] = problem
    assert not wrong, wrong


def test_the_xapi_endpoint_answers_each_role_as_expected(users, h5p_lesson, step_content):
    url = f"/nl/learn/xapi/{h5p_lesson.pk}/statements/"
    body = json.dumps(
        statement(step_content, "[,]".join(step_ids(step_content)), raw=10, maximum=10)
    )

    def post(role):
        return client_for(users[role]).post(url, body, content_type="application/json").status_code

    def get(role):
        return client_for(users[role]).get(url).status_code

    assert not check(XAPI_POST, post)
    assert not check(NOT_ALLOWED_FOR_ALL, get)


def test_only_the_enrolled_student_gets_a_record(users, h5p_lesson, step_content):
    url = f"/nl/learn/xapi/{h5p_lesson.pk}/statements/"
    body = json.dumps(statement(step_content, "", raw=0, maximum=10))
    for role in ROLES:
        client_for(users[role]).post(url, body, content_type="application/json")
    assert list(XAPIStatement.objects.values_list("student__email", flat=True)) == [
        users["student_enrolled"].email
    ]


def test_the_h5p_block_shows_a_player_only_to_those_who_may_play(users, h5p_lesson, step_content):
    template = Template("{% load h5p_player %}{% h5p_player value as player %}{{ player.state }}")
    block = next(block for block in h5p_lesson.body if block.block_type == "h5p")

    def state(role):
        request = RequestFactory().get(h5p_lesson.url)
        user = users[role]
        request.user = AnonymousUser() if user is None else user
        return template.render(
            Context({"request": request, "page": h5p_lesson, "value": block.value})
        )

    assert not check(BLOCK_STATE, state)
