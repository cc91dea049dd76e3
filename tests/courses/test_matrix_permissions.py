"""The training matrix screens against every role, with the answer each must get.

Roles: a visitor, a student enrolled in the cohort and one who is not, the cohort's trainer
and a trainer of another cohort (both with MFA set up), a trainer without a second factor, a
partner editor and a programme administrator (with MFA). Expected answers: a status code,
LOGIN (sent to the login page) or MFA (sent to set up a second factor).
"""

import pytest

from atmp_platform.audit.models import AuditEvent

from ..factories import activate_totp, make_user
from .conftest import enrol, make_cohort
from .matrix_helpers import give, make_competency, make_scale

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
    "matrix_nl": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "matrix_en": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "matrix_filtered": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "matrix_csv": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "evidence": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "evidence_en": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
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


@pytest.fixture
def competency(db):
    make_scale()
    return make_competency("c3", "Aseptic gowning")


def urls(cohort, student) -> dict[str, str]:
    base = f"/nl/trainer/cohorts/{cohort.pk}"
    return {
        "matrix_nl": f"{base}/matrix/",
        "matrix_en": f"/en/trainer/cohorts/{cohort.pk}/matrix/",
        "matrix_filtered": f"{base}/matrix/?state=missing&competency=c3&q=sam",
        "matrix_csv": f"{base}/matrix.csv",
        "evidence": f"{base}/students/{student.pk}/competencies/c3/",
        "evidence_en": f"/en/trainer/cohorts/{cohort.pk}/students/{student.pk}/competencies/c3/",
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
def test_every_matrix_screen_answers_each_role_as_expected(
    client, people, cohort, student, competency, role
):
    give(student, competency, 2)
    user = people[role]
    if user is not None:
        client.force_login(user)
    answers = {name: answer(client.get(url)) for name, url in urls(cohort, student).items()}
    expected = {name: row[ROLES.index(role)] for name, row in EXPECTED.items()}
    assert answers == expected


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("cohort_trainer", "administrator")])
def test_a_refused_export_is_not_recorded_as_one(client, people, cohort, competency, role):
    user = people[role]
    if user is not None:
        client.force_login(user)
    client.get(f"/nl/trainer/cohorts/{cohort.pk}/matrix.csv")
    assert not AuditEvent.objects.filter(action="matrix.exported").exists()


def test_the_screens_refuse_to_write(client, people, cohort, student, competency):
    client.force_login(people["cohort_trainer"])
    for url in urls(cohort, student).values():
        assert client.post(url).status_code == 405
