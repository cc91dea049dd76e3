import time

from django.contrib.auth.models import Group

import factory
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User
from tests.totp import TOTP_MARGIN_SECONDS

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    organisation = "ATMP XB"
    preferred_language = "nl"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a verified primary e-mail address, as allauth requires to log in."""
        if create and extracted is not False:
            obj.emailaddress_set.create(email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(Group.objects.get(name=extracted))


def make_user(role: str | None = None, **kwargs) -> User:
    return UserFactory(role=role, **kwargs)


ROLE_FACTORIES = {
    "student": roles.STUDENT,
    "trainer": roles.TRAINER,
    "partner_editor": roles.PARTNER_EDITOR,
    "administrator": roles.PROGRAMME_ADMINISTRATOR,
}


def activate_totp(user: User) -> str:
    """Give `user` a TOTP authenticator, as after set-up in allauth; return the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret: str) -> str:
    """A code that the server still takes when it arrives: near the end of a period, the code
    of the next one, after waiting for it."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < TOTP_MARGIN_SECONDS:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
