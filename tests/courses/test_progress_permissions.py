"""The progress screens against every role, with the answer each must get.

Roles: a visitor, a student enrolled in the cohort and one who is not, the cohort's trainer
and a trainer of another cohort (both with MFA set up), a trainer without a second factor, a
partner editor and a programme administrator (with MFA). Expected answers: a status code,
LOGIN (sent to the login page) or MFA (sent to set up a second factor).
"""

import pytest

from ..factories import activate_totp, make_user
from .conftest import enrol, make_cohort

pytestmark = pytest.mark.django_db

LOGIN = "login"
MFA = "mfa"
ROLES = (
    "anonymous",
    "enrolled_student",
    "student_not_enrolled",
    "cohort_trainer",
    "other_trainer",
    "trainer_without_mfa",
    "partner_editor",
    "administrator",
)
EXPECTED = {
    # url name: answers in the order of ROLES
    "dashboard_nl": (LOGIN, 200, 200, 403, 403, 403, 403, 403),
    "dashboard_en": (LOGIN, 200, 200, 403, 403, 403, 403, 403),
    "cohorts": (LOGIN, 403, 403, 200, 200, MFA, 403, 200),
    "cohort": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "cohort_en": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
}


@pytest.fixture
def people(cohort, trainer, other_trainer, partner_editor, administrator, student, other_student):
    enrol(student, cohort)
    make_cohort(cohort.module, trainers=[other_trainer], name="Zomer 2027")
    for person in (trainer, other_trainer, administrator):
        activate_totp(person)
    return {
        "anonymous": None,
        "enrolled_student": student,
        "student_not_enrolled": other_student,
        "cohort_trainer": trainer,
        "other_trainer": other_trainer,
        "trainer_without_mfa": make_user("Trainer", email="no.mfa@example.org"),
        "partner_editor": partner_editor,
        "administrator": administrator,
    }


def urls(cohort) -> dict[str, str]:
    return {
        "dashboard_nl": "/nl/learn/",
        "dashboard_en": "/en/learn/",
        "cohorts": "/nl/trainer/",
        "cohort": f"/nl/trainer/cohorts/{cohort.pk}/",
        "cohort_en": f"/en/trainer/cohorts/{cohort.pk}/",
    }


def answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return LOGIN
        if "/accounts/2fa/" in location:
            return MFA
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_progress_screen_answers_each_role_as_expected(client, people, cohort, role):
    user = people[role]
    if user is not None:
        client.force_login(user)
    answers = {name: answer(client.get(url)) for name, url in urls(cohort).items()}
    expected = {name: row[ROLES.index(role)] for name, row in EXPECTED.items()}
    assert answers == expected
