import factory
from django.contrib.auth.models import Group

from atmp_platform.accounts import roles
from atmp_platform.accounts.models import User

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
