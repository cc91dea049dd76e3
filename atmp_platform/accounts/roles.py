"""The four roles, as Django groups created by migration 0002."""

from django.utils.translation import gettext_lazy as _

STUDENT = "Student"
TRAINER = "Trainer"
PARTNER_EDITOR = "Partner editor"
PROGRAMME_ADMINISTRATOR = "Programme administrator"

ROLE_LABELS = {
    STUDENT: _("Student"),
    TRAINER: _("Trainer"),
    PARTNER_EDITOR: _("Partner editor"),
    PROGRAMME_ADMINISTRATOR: _("Programme administrator"),
}
ROLES = tuple(ROLE_LABELS)
# Roles whose pages may only be reached with a second factor (DESIGN.md, security baseline).
MFA_ROLES = frozenset({TRAINER, PROGRAMME_ADMINISTRATOR})


def role_names(user) -> set[str]:
    """The user's role names, read once per request and cached on the user object."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def forget_role_names(user) -> None:
    """Drop the cached role names after the user's groups changed."""
    user.__dict__.pop("_role_names", None)


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def needs_mfa(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(MFA_ROLES & role_names(user)))
