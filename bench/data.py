"""What the screen benches (courses, matrix, verify) build on: the site and its people."""

from django.contrib.auth.models import Group
from django.db import connection

from wagtail.models import Page

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from atmp_platform.home.models import HomePage


def home() -> Page:
    """The Dutch home page; on a database without one, a fresh database and the site first."""
    migrated = HomePage._meta.db_table in connection.introspection.table_names()
    found = HomePage.objects.filter(locale__language_code="nl").first() if migrated else None
    if found is not None:
        return found
    from .content import build_site
    from .run import fresh_database

    # The database file is replaced: a connection left open would keep writing to the
    # deleted one.
    connection.close()
    fresh_database()
    build_site()
    return HomePage.objects.get(locale__language_code="nl")


def students(prefix: str, count: int, name: str) -> list[User]:
    """`count` students named "<name> <prefix> <number>", without password hashing or e-mail
    rows: the benches only ever force_login."""
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}-{number}@example.org",
            full_name=f"{name} {prefix} {number:03}",
            password="!",  # noqa: S106 - Django's mark for an unusable password
            preferred_language="nl",
        )
        for number in range(count)
    )
    group = Group.objects.get(name=roles.STUDENT)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
    )
    return users


def staff(email: str, role: str, full_name: str) -> User:
    """A member of staff with `role` and a second factor, as the trainer screens require."""
    user = User.objects.create(email=email, full_name=full_name)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    TOTP.activate(user, generate_totp_secret())
    return user
