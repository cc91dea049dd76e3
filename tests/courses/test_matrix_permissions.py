"""The training matrix screens against every role, with the answer each must get (the roles
and answers: tests/courses/cohort_access.py)."""

import pytest

from atmp_platform.audit.models import AuditEvent

from . import cohort_access
from .cohort_access import COHORT_STAFF_ONLY, ROLES, answers, expected_for, log_in, roles_except
from .matrix_helpers import give, make_competency, make_scale

pytestmark = pytest.mark.django_db
people = cohort_access.people

EXPECTED = {
    # url name: answers in the order of ROLES
    "matrix_nl": COHORT_STAFF_ONLY,
    "matrix_en": COHORT_STAFF_ONLY,
    "matrix_filtered": COHORT_STAFF_ONLY,
    "matrix_csv": COHORT_STAFF_ONLY,
    "evidence": COHORT_STAFF_ONLY,
    "evidence_en": COHORT_STAFF_ONLY,
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


@pytest.mark.parametrize("role", ROLES)
def test_every_matrix_screen_answers_each_role_as_expected(
    client, people, cohort, student, competency, role
):
    give(student, competency, 2)
    assert answers(client, people[role], urls(cohort, student)) == expected_for(EXPECTED, role)


@pytest.mark.parametrize("role", roles_except("cohort_trainer", "administrator"))
def test_a_refused_export_is_not_recorded_as_one(client, people, cohort, competency, role):
    log_in(client, people[role]).get(f"/nl/trainer/cohorts/{cohort.pk}/matrix.csv")
    assert not AuditEvent.objects.filter(action="matrix.exported").exists()


def test_the_screens_refuse_to_write(client, people, cohort, student, competency):
    client.force_login(people["cohort_trainer"])
    for url in urls(cohort, student).values():
        assert client.post(url).status_code == 405
