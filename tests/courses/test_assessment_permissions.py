"""The assessment screens against every role, with the answer each must get.

Roles: a visitor, a student enrolled in the cohort and one who is not, the cohort's trainer
and a trainer of another cohort (both with MFA set up), a trainer without a second factor, a
partner editor and a programme administrator (with MFA). Expected answers: a status code,
LOGIN (sent to the login page), MFA (sent to set up a second factor) or FORM (the review
without a draft sends back to the form).
"""

from django.utils import timezone

import pytest

from certificates.signatures import sign_assessment
from tests.certificates import conftest as framework

from ..factories import activate_totp, make_user
from .conftest import enrol, make_cohort

pytestmark = pytest.mark.django_db
levels = framework.levels
competency = framework.competency

LOGIN = "login"
MFA = "mfa"
FORM = "form"
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
    "assessments": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "assessments_en": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "assess": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "assess_review": (LOGIN, 403, 403, FORM, 404, MFA, 403, FORM),
    "assess_not_enrolled": (LOGIN, 403, 403, 404, 404, MFA, 403, 404),
    "assessment": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "correct_assessment": (LOGIN, 403, 403, 200, 404, MFA, 403, 200),
    "correct_assessment_review": (LOGIN, 403, 403, FORM, 404, MFA, 403, FORM),
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


def answer(response, all_urls) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return LOGIN
        if "/accounts/2fa/" in location:
            return MFA
        if location in (all_urls["assess"], all_urls["correct_assessment"]):
            return FORM
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_assessment_screen_answers_each_role_as_expected(
    client, people, signed, cohort, student, other_student, competency, role
):
    user = people[role]
    if user is not None:
        client.force_login(user)
    all_urls = urls(cohort, student, other_student, competency, signed)
    answers = {name: answer(client.get(url), all_urls) for name, url in all_urls.items()}
    expected = {name: row[ROLES.index(role)] for name, row in EXPECTED.items()}
    assert answers == expected


@pytest.mark.parametrize("role", ["enrolled_student", "other_trainer", "partner_editor"])
def test_posting_to_the_signing_screens_is_refused_to_everyone_else(
    client, people, signed, cohort, student, other_student, competency, role
):
    client.force_login(people[role])
    all_urls = urls(cohort, student, other_student, competency, signed)
    for name in ("assess", "assess_review", "correct_assessment", "correct_assessment_review"):
        assert client.post(all_urls[name], {"outcome": "competent"}).status_code in (403, 404)
