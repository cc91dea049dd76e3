"""The assessment screens against every role, with the answer each must get (the roles and
answers: tests/courses/cohort_access.py), and FORM: the review without a draft sends back to
the form.
"""

from django.utils import timezone

import pytest

from certificates.signatures import sign_assessment
from tests.certificates import conftest as framework

from . import cohort_access
from .cohort_access import COHORT_STAFF_ONLY, LOGIN, MFA, ROLES, answers, expected_for

pytestmark = pytest.mark.django_db
levels = framework.levels
competency = framework.competency
people = cohort_access.people

FORM = "form"
EXPECTED = {
    # url name: answers in the order of ROLES
    "assessments": COHORT_STAFF_ONLY,
    "assessments_en": COHORT_STAFF_ONLY,
    "assess": COHORT_STAFF_ONLY,
    "assess_review": (LOGIN, 403, 403, FORM, 404, MFA, 403, FORM),
    "assess_not_enrolled": (LOGIN, 403, 403, 404, 404, MFA, 403, 404),
    "assessment": COHORT_STAFF_ONLY,
    "correct_assessment": COHORT_STAFF_ONLY,
    "correct_assessment_review": (LOGIN, 403, 403, FORM, 404, MFA, 403, FORM),
}


@pytest.fixture
def signed(people, cohort, trainer, student, competency):
    return sign_assessment(
        signer=trainer,
        student=student,
        competency=competency,
        context_ref=f"cohort:{cohort.pk}",
        context_label=cohort.name,
        observed_on=timezone.localdate(),
        outcome="competent",
        level=2,
        criteria={criterion.pk: True for criterion in competency.criteria.all()},
        comments="",
        reauthenticated_at=timezone.now(),
        signed_with_mfa=True,
    )


def urls(cohort, student, other_student, competency, assessment) -> dict[str, str]:
    assess = f"/nl/trainer/cohorts/{cohort.pk}/assess/{student.pk}/{competency.code}/"
    return {
        "assessments": f"/nl/trainer/cohorts/{cohort.pk}/assessments/",
        "assessments_en": f"/en/trainer/cohorts/{cohort.pk}/assessments/",
        "assess": assess,
        "assess_review": f"{assess}review/",
        "assess_not_enrolled": (
            f"/nl/trainer/cohorts/{cohort.pk}/assess/{other_student.pk}/{competency.code}/"
        ),
        "assessment": f"/nl/trainer/assessments/{assessment.pk}/",
        "correct_assessment": f"/nl/trainer/assessments/{assessment.pk}/correct/",
        "correct_assessment_review": f"/nl/trainer/assessments/{assessment.pk}/correct/review/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_assessment_screen_answers_each_role_as_expected(
    client, people, signed, cohort, student, other_student, competency, role
):
    all_urls = urls(cohort, student, other_student, competency, signed)
    back_to_the_form = {all_urls["assess"]: FORM, all_urls["correct_assessment"]: FORM}
    got = answers(client, people[role], all_urls, redirects=back_to_the_form)
    assert got == expected_for(EXPECTED, role)


@pytest.mark.parametrize("role", ["enrolled_student", "other_trainer", "partner_editor"])
def test_posting_to_the_signing_screens_is_refused_to_everyone_else(
    client, people, signed, cohort, student, other_student, competency, role
):
    client.force_login(people[role])
    all_urls = urls(cohort, student, other_student, competency, signed)
    for name in ("assess", "assess_review", "correct_assessment", "correct_assessment_review"):
        assert client.post(all_urls[name], {"outcome": "competent"}).status_code in (403, 404)
