"""The progress screens against every role, with the answer each must get (the roles and
answers: tests/courses/cohort_access.py)."""

import pytest

from . import cohort_access
from .cohort_access import COHORT_STAFF_ONLY, LOGIN, MFA, ROLES, answers, expected_for

pytestmark = pytest.mark.django_db
people = cohort_access.people

EXPECTED = {
    # url name: answers in the order of ROLES
    "dashboard_nl": (LOGIN, 200, 200, 403, 403, 403, 403, 403),
    "dashboard_en": (LOGIN, 200, 200, 403, 403, 403, 403, 403),
    "cohorts": (LOGIN, 403, 403, 200, 200, MFA, 403, 200),
    "cohort": COHORT_STAFF_ONLY,
    "cohort_en": COHORT_STAFF_ONLY,
}


def urls(cohort) -> dict[str, str]:
    return {
        "dashboard_nl": "/nl/learn/",
        "dashboard_en": "/en/learn/",
        "cohorts": "/nl/trainer/",
        "cohort": f"/nl/trainer/cohorts/{cohort.pk}/",
        "cohort_en": f"/en/trainer/cohorts/{cohort.pk}/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_progress_screen_answers_each_role_as_expected(client, people, cohort, role):
    assert answers(client, people[role], urls(cohort)) == expected_for(EXPECTED, role)
