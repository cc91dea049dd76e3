"""The holder's URLs and the certificates admin against every role, with the answer each must
get.

Roles: a visitor, the holder of the certificate (a student), another student, a trainer and a
programme administrator (both with MFA set up, as they must), and a partner editor. Expected
answers: a status code, LOGIN (sent to the login page) or DENIED (403, or sent away from the
admin with a "permission denied" message).
"""

import pytest

from ..factories import activate_totp, make_user
from .holder_helpers import make_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """PDFs go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


LOGIN = "login"
DENIED = "denied"
ROLES = ("anonymous", "holder", "other_student", "trainer", "partner_editor", "administrator")
EXPECTED = {
    # url name: answers in the order of ROLES
    "list": (LOGIN, 200, 200, 200, 200, 200),
    "list_nl": (LOGIN, 200, 200, 200, 200, 200),
    "pdf": (LOGIN, 200, 404, 404, 404, 200),
    "credential": (LOGIN, 200, 404, 404, 404, 200),
    "pending_pdf": (LOGIN, 409, 404, 404, 404, 409),
    "shared": (200, 200, 200, 200, 200, 200),
    "shared_credential": (200, 200, 200, 200, 200, 200),
    "switched_off_link": (404, 404, 404, 404, 404, 404),
    "admin_index": (LOGIN, DENIED, DENIED, DENIED, DENIED, 200),
    "admin_inspect": (LOGIN, DENIED, DENIED, DENIED, DENIED, 200),
    "admin_revoke": (LOGIN, DENIED, DENIED, DENIED, DENIED, 200),
}
# POST only: the share link of the holder's certificate (each role on a fresh one).
EXPECTED_SHARE = (LOGIN, 302, 404, 404, 404, 404)


@pytest.fixture
def people(student, trainer, administrator):
    for person in (trainer, administrator):
        activate_totp(person)
    return {
        "anonymous": None,
        "holder": student,
        "other_student": make_user("Student", email="other.student@example.org"),
        "trainer": trainer,
        "partner_editor": make_user("Partner editor", email="editor@example.org"),
        "administrator": administrator,
    }


@pytest.fixture
def urls(student, certificate_type):
    issued = make_certificate(student, certificate_type, share_token="s" * 43)
    pending = make_certificate(student, certificate_type, status="pending")
    return {
        "list": "/en/certificates/",
        "list_nl": "/nl/certificates/",
        "pdf": f"/en/certificates/{issued.public_id}/certificate.pdf",
        "credential": f"/nl/certificates/{issued.public_id}/credential.json",
        "pending_pdf": f"/en/certificates/{pending.public_id}/certificate.pdf",
        "shared": f"/en/certificates/s/{'s' * 43}/",
        "shared_credential": f"/nl/certificates/s/{'s' * 43}/credential.json",
        "switched_off_link": f"/en/certificates/s/{'x' * 43}/",
        "admin_index": "/admin/certificates/",
        "admin_inspect": f"/admin/certificates/inspect/{issued.pk}/",
        "admin_revoke": f"/admin/certificates/revoke/{issued.pk}/",
    }


def answer(response, *, logged_in: bool) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location:
            # Wagtail sends a signed-in user without admin access back to the login page.
            return DENIED if logged_in else LOGIN
        if location.startswith("/admin/") or "/accounts/2fa/" in location:
            return DENIED
    if response.status_code == 403:
        return DENIED
    return response.status_code


def test_every_url_is_in_the_matrix(urls):
    assert set(urls) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_every_holder_url_answers_each_role_as_expected(client, people, urls, role):
    user = people[role]
    if user is not None:
        client.force_login(user)
    answers = {
        name: answer(client.get(url), logged_in=user is not None) for name, url in urls.items()
    }
    expected = {name: row[ROLES.index(role)] for name, row in EXPECTED.items()}
    assert answers == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_the_holder_may_share(client, people, student, certificate_type, role):
    certificate = make_certificate(student, certificate_type)
    user = people[role]
    if user is not None:
        client.force_login(user)
    response = client.post(f"/en/certificates/{certificate.public_id}/share/", {"action": "share"})
    assert answer(response, logged_in=user is not None) == EXPECTED_SHARE[ROLES.index(role)]
    certificate.refresh_from_db()
    assert bool(certificate.share_token) == (role == "holder")
