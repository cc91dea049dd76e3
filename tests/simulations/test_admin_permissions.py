"""The scenario admin against every role, with the answer each must get.

Roles: a visitor, a student, a trainer (with MFA), a partner editor, a programme administrator
(with MFA) and a superuser. Expected answers: a status code, LOGIN (sent to the login page) or
DENIED (403, or sent away from the admin with a "permission denied" message).
"""

from django.test import Client

import pytest

from simulations.models import Scenario
from tests.certificates.conftest import framework
from tests.factories import activate_totp, make_user

from .scenario_fixtures import make_scenario, scenario

# Fixtures from other modules, named here so that pytest finds them in this module.
FIXTURES = (framework, scenario)

pytestmark = pytest.mark.django_db

LOGIN = "login"
DENIED = "denied"
ROLES = ("anonymous", "student", "trainer", "partner_editor", "administrator", "superuser")
WRITERS = dict(zip(ROLES, (LOGIN, DENIED, 200, DENIED, 200, 200), strict=True))
DELETERS = dict(zip(ROLES, (LOGIN, DENIED, DENIED, DENIED, 200, 200), strict=True))


def _answer(response, *, logged_in: bool):
    if response.status_code == 302:
        location = response["Location"]
        if "/login/" in location:
            return DENIED if logged_in else LOGIN
        if location.startswith("/admin/") or "/accounts/2fa/" in location:
            return DENIED
        return 302
    if response.status_code == 403:
        return DENIED
    return response.status_code


@pytest.fixture
def people(student, trainer, administrator):
    activate_totp(trainer)
    activate_totp(administrator)
    superuser = make_user(email="root@example.org")
    superuser.is_superuser = True
    superuser.save()
    activate_totp(superuser)
    return {
        "anonymous": None,
        "student": student,
        "trainer": trainer,
        "partner_editor": make_user("Partner editor", email="editor@example.org"),
        "administrator": administrator,
        "superuser": superuser,
    }


@pytest.fixture
def urls(scenario) -> dict[str, str]:
    return {
        "index": "/admin/scenarios/",
        "add": "/admin/scenarios/add/",
        "edit": f"/admin/scenarios/edit/{scenario.pk}/",
        "delete": f"/admin/scenarios/delete/{scenario.pk}/",
        "history": f"/admin/scenarios/history/{scenario.pk}/",
        "usage": f"/admin/scenarios/usage/{scenario.pk}/",
        "choose": "/admin/snippets/choose/simulations/scenario/",
        "chosen": f"/admin/snippets/choose/simulations/scenario/chosen/{scenario.pk}/",
    }


EXPECTED = {
    "index": WRITERS,
    "add": WRITERS,
    "edit": WRITERS,
    "delete": DELETERS,
    "history": WRITERS,
    "usage": WRITERS,
    "choose": WRITERS,
    "chosen": WRITERS,
}


def test_every_url_of_the_matrix_is_listed(urls):
    assert set(EXPECTED) == set(urls)


def test_every_url_answers_each_role_as_expected(people, urls):
    wrong = {}
    for role in ROLES:
        client = Client()
        user = people[role]
        if user is not None:
            client.force_login(user)
        for name, url in urls.items():
            answer = _answer(client.get(url), logged_in=user is not None)
            expected = EXPECTED[name][role]
            if answer != expected:
                wrong[f"{role} {name}"] = f"expected {expected}, got {answer}"
    assert not wrong, wrong


@pytest.mark.parametrize("role", ["anonymous", "student", "partner_editor"])
def test_only_writers_may_post_scenarios(people, urls, scenario, role):
    client = Client()
    if people[role] is not None:
        client.force_login(people[role])
    posts = [
        (urls["add"], {"slug": "intruder", "title_en": "X", "title_nl": "X"}),
        (urls["edit"], {"slug": "tiny", "title_en": "Hacked", "title_nl": "X"}),
        (urls["delete"], {}),
    ]
    for url, data in posts:
        answer = _answer(client.post(url, data), logged_in=people[role] is not None)
        assert answer == (LOGIN if role == "anonymous" else DENIED), url
    scenario.refresh_from_db()
    assert scenario.title_en == "A small Grade A exercise"
    assert not Scenario.objects.filter(slug="intruder").exists()


def test_the_scenarios_menu_is_shown_to_trainers_and_administrators(people, framework):
    make_scenario(framework, slug="another")
    for role in ("trainer", "partner_editor", "administrator"):
        client = Client()
        client.force_login(people[role])
        html = client.get("/admin/").content.decode()
        assert ('"/admin/scenarios/"' in html) == (role != "partner_editor"), role
