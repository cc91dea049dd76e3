"""Who reaches an area of the Wagtail admin, what they may post there and whose menu shows
it, for the admin permission tests (certificate framework, scenarios).

Roles: a visitor, a student, a trainer (with MFA; trainers reach the admin for H5P uploads and
scenarios), a partner editor, a programme administrator (with MFA) and a superuser. Answers: a
status code, LOGIN (sent to the login page) or DENIED (403, or sent away from the admin with a
"permission denied" message).

A test module names the fixture to use it (`people = admin_access.people`), as pytest finds
fixtures only in conftest files and in the test module itself.
"""

from collections.abc import Iterable, Mapping

from django.test import Client

import pytest

from .factories import activate_totp, make_user

LOGIN = "login"
DENIED = "denied"
ROLES = ("anonymous", "student", "trainer", "partner_editor", "administrator", "superuser")


def by_role(*answers) -> dict[str, object]:
    """A row of answers given in the order of ROLES, by role."""
    return dict(zip(ROLES, answers, strict=True))


ADMIN_ONLY = by_role(LOGIN, DENIED, DENIED, DENIED, 200, 200)


@pytest.fixture
def people(student, trainer, administrator):
    """Each role of ROLES and its user (None for the visitor)."""
    activate_totp(trainer)
    activate_totp(administrator)
    superuser = make_user(email="root@example.org")
    superuser.is_superuser = True
    superuser.save()
    activate_totp(superuser)
    return {
        "anonymous": None,
        "student": student,
        "trainer": trainer,
        "partner_editor": make_user("Partner editor", email="editor@example.org"),
        "administrator": administrator,
        "superuser": superuser,
    }


def client_for(user) -> Client:
    """A new client signed in as `user`; the visitor (None) stays signed out."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def answer(response, *, logged_in: bool) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        # The admin sends a signed-in user without the permission to its login page too.
        if "/login/" in location:
            return DENIED if logged_in else LOGIN
        if location.startswith("/admin/") or "/accounts/2fa/" in location:
            return DENIED
        return 302
    if response.status_code == 403:
        return DENIED
    return response.status_code


def wrong_answers(people, urls: Mapping[str, str], expected: Mapping[str, Mapping]) -> dict:
    """Every role's GET of every url against `expected[url name][role]`: the mismatches."""
    wrong = {}
    for role in ROLES:
        user = people[role]
        client = client_for(user)
        for name, url in urls.items():
            got = answer(client.get(url), logged_in=user is not None)
            if got != expected[name][role]:
                wrong[f"{role} {name}"] = f"expected {expected[name][role]}, got {got}"
    return wrong


def posts_not_refused(user, posts: Iterable[tuple[str, dict]]) -> dict[str, object]:
    """Each (url, data) POST by `user` that is not refused (LOGIN for the visitor, DENIED for
    everyone else), with the answer it got instead."""
    client = client_for(user)
    refusal = DENIED if user is not None else LOGIN
    got = {url: answer(client.post(url, data), logged_in=user is not None) for url, data in posts}
    return {url: value for url, value in got.items() if value != refusal}


def seen_in_menu(people, roles: Iterable[str], *texts: str) -> dict[str, set[str]]:
    """For each of `texts` (a menu item's link), the `roles` whose admin home page shows it."""
    pages = {role: client_for(people[role]).get("/admin/").content.decode() for role in roles}
    return {text: {role for role, html in pages.items() if text in html} for text in texts}
