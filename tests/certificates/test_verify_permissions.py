"""The verify pages and the issuer's JSON against every role: all public, the same answer for
everyone, logged in or not.

Roles: a visitor, a student enrolled in a cohort (the certificate's holder) and one who is not,
the cohort's trainer and a trainer of another cohort (both with MFA), a trainer without a
second factor, a partner editor and a programme administrator (with MFA).
"""

import json

from django.test import Client

import pytest

from certificates import credentials

from ..courses.conftest import (  # noqa: F401
    cohort,
    enrol,
    lessons,
    make_cohort,
    module,
    other_student,
    partner_editor,
    programme,
    programme_en,
)
from ..factories import activate_totp, make_user
from .credential_helpers import TEST_SEED, make_certificate

pytestmark = pytest.mark.django_db

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
UNKNOWN = "6f1c1e52-8d2b-4c55-9a0e-000000000000"


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ATMP_CREDENTIAL_SIGNING_KEY = TEST_SEED


@pytest.fixture
def people(request, trainer, administrator, student):
    # The courses fixtures by name: as parameters they would shadow their imports above.
    the_cohort, other_trainer = request.getfixturevalue("cohort"), make_user("Trainer")
    enrol(student, the_cohort)
    make_cohort(the_cohort.module, trainers=[other_trainer], name="Zomer 2027")
    for person in (trainer, other_trainer, administrator):
        activate_totp(person)
    return {
        "anonymous": None,
        "enrolled_student": student,
        "student_not_enrolled": request.getfixturevalue("other_student"),
        "cohort_trainer": trainer,
        "other_trainer": other_trainer,
        "trainer_without_mfa": make_user("Trainer", email="no.mfa@example.org"),
        "partner_editor": request.getfixturevalue("partner_editor"),
        "administrator": administrator,
    }


@pytest.fixture
def certificate(people, student, certificate_type):
    return make_certificate(student, certificate_type)


def get_urls(certificate) -> dict[str, tuple[str, int]]:
    """name: (url, the answer every role gets)."""
    return {
        "verify_index_nl": ("/nl/verify/", 200),
        "verify_index_en": ("/en/verify/", 200),
        "verify_certificate_nl": (f"/nl/verify/{certificate.public_id}/", 200),
        "verify_certificate_en": (f"/en/verify/{certificate.public_id}/", 200),
        "verify_unknown": (f"/nl/verify/{UNKNOWN}/", 404),
        "issuer": ("/credentials/issuer.json", 200),
        "status_list": ("/credentials/status/1.json", 200),
        "status_list_unknown": ("/credentials/status/2.json", 404),
        "achievement_en": ("/credentials/achievements/test-operator/en.json", 200),
        "achievement_nl": ("/credentials/achievements/test-operator/nl.json", 200),
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_verify_url_answers_every_role_the_same(people, certificate):
    wrong = {}
    for role in ROLES:
        client = client_for(people[role])
        for name, (url, expected) in get_urls(certificate).items():
            status = client.get(url).status_code
            if status != expected:
                wrong[f"{role} {name}"] = f"expected {expected}, got {status}"
    assert not wrong, wrong


def test_every_role_may_check_a_credential_and_gets_the_same_verdict(people, certificate):
    document = json.dumps(credentials.signed_credential_for(certificate))
    verdicts = {}
    for role in ROLES:
        response = client_for(people[role]).post("/en/verify/", {"credential": document})
        verdicts[role] = (response.status_code, "This certificate is valid." in response.text)
    assert set(verdicts.values()) == {(200, True)}, verdicts


def test_the_status_page_shows_everyone_the_same_facts(people, certificate):
    url = f"/en/verify/{certificate.public_id}/"
    pages = {role: client_for(people[role]).get(url).text for role in ROLES}

    for text in pages.values():
        assert "Sam Student" in text and "This certificate is valid." in text


def test_the_verify_urls_refuse_other_methods(people, certificate):
    client = client_for(people["administrator"])

    assert client.post(f"/en/verify/{certificate.public_id}/").status_code == 405
    assert client.delete("/en/verify/").status_code == 405
    assert client.post("/credentials/status/1.json").status_code == 405
