"""The people around one cohort and how its screens answer them, for the cohort-scoped
permission tests (progress, training matrix, assessments).

Roles: a visitor, a student enrolled in the cohort and one who is not, the cohort's trainer
and a trainer of another cohort (both with MFA set up), a trainer without a second factor, a
partner editor and a programme administrator (with MFA). Answers: a status code, LOGIN (sent
to the login page), MFA (sent to set up a second factor) or a name a test gives to one of its
own redirects.

A test module names the fixture to use it (`people = cohort_access.people`), as pytest finds
fixtures only in conftest files and in the test module itself.
"""

from collections.abc import Mapping

from django.test import Client

import pytest

from ..factories import activate_totp, make_user
from .conftest import enrol, make_cohort

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
# The answers, in the order of ROLES, of a screen for the cohort's staff only: its trainers
# and the programme administrators; a trainer of another cohort is not told it exists.
COHORT_STAFF_ONLY = (LOGIN, 403, 403, 200, 404, MFA, 403, 200)


@pytest.fixture
def people(cohort, trainer, other_trainer, partner_editor, administrator, student, other_student):
    """Each role of ROLES and its user (None for the visitor); `student` is enrolled in
    `cohort` and `other_trainer` teaches another cohort of the same module."""
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


def log_in(client: Client, user) -> Client:
    """`client` signed in as `user`; the visitor (None) stays signed out."""
    if user is not None:
        client.force_login(user)
    return client


def answer(response, redirects: Mapping[str, str] | None = None) -> int | str:
    """LOGIN, MFA, the name `redirects` gives the redirect's target, or the status code."""
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return LOGIN
        if "/accounts/2fa/" in location:
            return MFA
        if redirects and location in redirects:
            return redirects[location]
    return response.status_code


def answers(client: Client, user, urls: Mapping[str, str], redirects=None) -> dict:
    """What each of `urls` answers `user` to a GET, by the urls' names."""
    log_in(client, user)
    return {name: answer(client.get(url), redirects) for name, url in urls.items()}


def expected_for(expected: Mapping[str, tuple], role: str) -> dict:
    """The column of `role` in a table of answers in the order of ROLES, by url name."""
    return {name: row[ROLES.index(role)] for name, row in expected.items()}


def roles_except(*allowed: str) -> list[str]:
    """Every role but `allowed`: the ones a screen must refuse."""
    return [role for role in ROLES if role not in allowed]
