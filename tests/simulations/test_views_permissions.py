"""The trainee's simulation URLs against every role, with the answer each must get.

Roles: a visitor, the run's own student, another student, a trainer and a programme
administrator (both with MFA, as they must), and a partner editor. Expected answers: a status
code or LOGIN (sent to the login page). Writes are sent as the dashboard's script sends them
(Accept: application/json), so that the owner's answer is a status too; without it they
redirect (tests/simulations/test_views.py).
"""

from django.test import Client
from django.urls import reverse

import pytest

from simulations import engine
from tests.factories import activate_totp, make_user

from .ui_fixtures import grade_a, make_grade_a_scenario, owner, run

FIXTURES = (grade_a, owner, run)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]

LOGIN = "login"
ROLES = ("anonymous", "owner", "other_student", "trainer", "administrator", "partner_editor")
OWN_RUN = dict(zip(ROLES, (LOGIN, 200, 404, 404, 404, 403), strict=True))
SIMULATING = dict(zip(ROLES, (LOGIN, 200, 200, 200, 200, 403), strict=True))
STARTING = dict(zip(ROLES, (LOGIN, 302, 302, 302, 302, 403), strict=True))

# name: (method, URL name, takes the run's id, expected answers)
URLS = {
    "practice": ("get", "practice", False, SIMULATING),
    "start": ("post", "start", False, STARTING),
    "run": ("get", "run", True, OWN_RUN),
    "state": ("get", "state", True, OWN_RUN),
    "act": ("post", "act", True, OWN_RUN),
    "pause": ("post", "pause", True, OWN_RUN),
    "resume": ("post", "resume", True, {**OWN_RUN, "owner": 200}),
    "end": ("post", "end", True, OWN_RUN),
}


@pytest.fixture
def people(owner):
    trainer = make_user("Trainer", email="matrix-trainer@example.org")
    administrator = make_user("Programme administrator", email="matrix-admin@example.org")
    activate_totp(trainer)
    activate_totp(administrator)
    return {
        "anonymous": None,
        "owner": owner,
        "other_student": make_user("Student", email="other@example.org"),
        "trainer": trainer,
        "administrator": administrator,
        "partner_editor": make_user("Partner editor", email="editor@example.org"),
    }


def _answer(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(URLS))
def test_every_simulation_url_answers_each_role_as_it_must(run, people, name, role):
    method, url_name, takes_run, expected = URLS[name]
    if name == "resume":
        engine.pause(run=run, actor=run.trainee)
    if name == "start":
        make_grade_a_scenario(slug="second")
    args = [run.public_id] if takes_run else ["second"] if name == "start" else []
    client = Client()
    if people[role] is not None:
        client.force_login(people[role])
    data = {"kind": "escalate_qa"} if name == "act" else {}
    response = getattr(client, method)(
        reverse(f"simulations:{url_name}", args=args), data, HTTP_ACCEPT="application/json"
    )
    assert _answer(response) == expected[role], response.content[:300]
