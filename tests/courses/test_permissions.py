"""Every curriculum and enrolment URL against every role, in the pattern of
tests/test_permission_matrix.py (the lead folds this matrix into that one).

Roles: an anonymous visitor, a student enrolled in the cohort, a student who is not, the
cohort's trainer, another trainer, a partner editor and a programme administrator. Trainers
and administrators have set up MFA. POSTs are judged by their gate: LOGIN, DENIED (403, or
sent away by the admin or to MFA set-up) or 302 (let through, whatever the service then said).
"""

from django.test import Client

import pytest

from atmp_platform.accounts import roles
from courses.models import Enrolment
from tests.factories import activate_totp, make_user

from .conftest import enrol, make_cohort

pytestmark = pytest.mark.django_db

LOGIN = "login"
DENIED = "denied"
ROLES = (
    "anonymous",
    "enrolled_student",
    "student",
    "cohort_trainer",
    "other_trainer",
    "partner_editor",
    "administrator",
)


@pytest.fixture
def site(
    curriculum,
    enrolled_student,
    other_student,
    trainer,
    other_trainer,
    partner_editor,
    administrator,
):
    for user in (trainer, other_trainer, administrator):
        activate_totp(user)
    application_cohort = make_cohort(
        curriculum.module, trainers=[trainer], name="Voorjaar", enrolment_mode="application"
    )
    cohort = enrolled_student.enrolments.get().cohort
    enrolment = enrolled_student.enrolments.get()
    applicant = make_user(roles.STUDENT, email="applicant@example.org")
    application = enrol(
        applicant, application_cohort, status=Enrolment.Status.APPLIED, motivation="QC"
    )
    lesson, lesson_en = curriculum.lessons[0], curriculum.lessons_en[0]
    get = {
        "programme": curriculum.programme.url,
        "programme_en": curriculum.programme_en.url,
        "module": curriculum.module.url,
        "module_en": curriculum.module_en.url,
        "lesson": lesson.url,
        "lesson_en": lesson_en.url,
        "apply_form": f"/nl/learn/cohorts/{application_cohort.pk}/apply/",
        "admin_cohorts": "/admin/cohorts/",
        "admin_cohort_add": "/admin/cohorts/new/",
        "admin_cohort_edit": f"/admin/cohorts/edit/{cohort.pk}/",
        "admin_cohort_delete": f"/admin/cohorts/delete/{cohort.pk}/",
        "admin_enrolments": f"/admin/enrolments/?cohort={cohort.pk}",
        "admin_enrolment_inspect": f"/admin/enrolments/inspect/{enrolment.pk}/",
    }
    post = {
        "enrol": (f"/nl/learn/cohorts/{cohort.pk}/enrol/", {}),
        "apply": (f"/nl/learn/cohorts/{application_cohort.pk}/apply/", {"motivation": "QC"}),
        "withdraw": (f"/nl/learn/enrolments/{enrolment.pk}/withdraw/", {}),
        "decide": (f"/nl/trainer/enrolments/{application.pk}/decide/", {"decision": "waitlist"}),
    }
    users = {
        "anonymous": None,
        "enrolled_student": enrolled_student,
        "student": other_student,
        "cohort_trainer": trainer,
        "other_trainer": other_trainer,
        "partner_editor": partner_editor,
        "administrator": administrator,
    }
    return get, post, users


PUBLIC = dict.fromkeys(ROLES, 200)
LESSON = {
    "anonymous": LOGIN,
    "enrolled_student": 200,
    "student": DENIED,
    "cohort_trainer": 200,
    "other_trainer": DENIED,
    "partner_editor": DENIED,
    "administrator": 200,
}
ADMIN_ONLY = {**dict.fromkeys(ROLES, DENIED), "anonymous": LOGIN, "administrator": 200}
STUDENTS = {**dict.fromkeys(ROLES, DENIED), "anonymous": LOGIN}
STUDENTS_ONLY = {**STUDENTS, "enrolled_student": 200, "student": 200}
STUDENTS_POST = {**STUDENTS, "enrolled_student": 302, "student": 302}
THE_STUDENT_AND_MANAGERS = {
    **STUDENTS,
    "enrolled_student": 302,
    "cohort_trainer": 302,
    "administrator": 302,
}
MANAGERS = {**STUDENTS, "cohort_trainer": 302, "administrator": 302}

GET_MATRIX = {
    "programme": PUBLIC,
    "programme_en": PUBLIC,
    "module": PUBLIC,
    "module_en": PUBLIC,
    "lesson": LESSON,
    "lesson_en": LESSON,
    "apply_form": STUDENTS_ONLY,
    "admin_cohorts": ADMIN_ONLY,
    "admin_cohort_add": ADMIN_ONLY,
    "admin_cohort_edit": ADMIN_ONLY,
    "admin_cohort_delete": ADMIN_ONLY,
    "admin_enrolments": ADMIN_ONLY,
    "admin_enrolment_inspect": ADMIN_ONLY,
}
POST_MATRIX = {
    # Administrators and trainers have no Student role: the service refuses them.
    "enrol": STUDENTS_POST,
    "apply": STUDENTS_POST,
    "withdraw": THE_STUDENT_AND_MANAGERS,
    "decide": MANAGERS,
}


def answer(response, *, logged_in: bool) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            return DENIED if logged_in else LOGIN
        if location.startswith("/admin/") or "/accounts/2fa/" in location:
            return DENIED
        return 302
    if response.status_code == 403:
        return DENIED
    return response.status_code


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_matrix_covers_every_url(site):
    get, post, _users = site
    assert set(GET_MATRIX) == set(get)
    assert set(POST_MATRIX) == set(post)


def test_every_page_and_screen_answers_each_role_as_expected(site):
    get, _post, users = site
    wrong = {}
    for role in ROLES:
        client = client_for(users[role])
        for name, url in get.items():
            got = answer(client.get(url), logged_in=users[role] is not None)
            if got != GET_MATRIX[name][role]:
                wrong[f"{role} {name}"] = f"expected {GET_MATRIX[name][role]}, got {got}"
    assert not wrong, wrong


def test_every_action_answers_each_role_as_expected(site):
    """The answers are the gate's, so earlier roles' changes do not alter later answers."""
    _get, post, users = site
    wrong = {}
    for role in ROLES:
        client = client_for(users[role])
        for name, (url, data) in post.items():
            got = answer(client.post(url, data), logged_in=users[role] is not None)
            if got != POST_MATRIX[name][role]:
                wrong[f"{role} {name}"] = f"expected {POST_MATRIX[name][role]}, got {got}"
    assert not wrong, wrong
