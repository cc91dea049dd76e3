"""Writes about a person's own account: profile, GDPR export and account deletion."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atmp_platform.audit.services import record_event

from . import gdpr
from .actor import acting_as
from .models import User

PROFILE_FIELDS = ("full_name", "organisation", "preferred_language")
EXPORT_FORMAT_VERSION = 1


@transaction.atomic
def update_profile(
    *, user: User, full_name: str, organisation: str, preferred_language: str
) -> User:
    """Change the person's own details; a change of name is audited (certificates print it)."""
    # Read the stored values: a bound ModelForm has already written the new ones onto `user`.
    old = User.objects.filter(pk=user.pk).values(*PROFILE_FIELDS).get()
    user.full_name = full_name
    user.organisation = organisation
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(PROFILE_FIELDS))
    changed = [field for field in PROFILE_FIELDS if old[field] != getattr(user, field)]
    if changed:
        record_event(
            action="account.profile_updated",
            actor=user,
            target=user,
            old_value={field: old[field] for field in changed},
            new_value={field: getattr(user, field) for field in changed},
        )
    return user


@transaction.atomic
def export_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, one section per registered exporter.

    The export is audited, so the audit section ends with this very export.
    """
    record_event(action="account.data_exported", actor=user, target=user)
    sections = {name: exporter(user) for name, exporter in sorted(gdpr.exporters().items())}
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "site": settings.WAGTAIL_SITE_NAME,
        **sections,
    }


def delete_account(*, user: User) -> None:
    """The person deletes their own account (see `erase_account` for what that means).

    Raises ValidationError for a superuser: another administrator must first take that
    right away, so that the platform never loses its last administrator by accident.
    """
    if user.is_superuser:
        raise ValidationError(
            _(
                "An administrator account can't delete itself. Ask another administrator "
                "to remove your administrator rights first."
            )
        )
    erase_account(user=user, actor=user)


@transaction.atomic
def erase_account(*, user: User, actor: User) -> None:
    """Erase `user`'s personal data and close the account for good; `actor` asked for it.

    The user row stays, anonymised, as a tombstone, and is not deleted. The audit trail hashes
    each event's `actor_id`; deleting the row would set those foreign keys to NULL and break
    `verify_chain()` for every event the person ever caused. Old audit events are never
    rewritten either, so they keep the `actor_label` and `object_repr` (e-mail address, name)
    recorded at the time: the trail is the record of GMP-relevant actions that the platform
    must keep (GDPR art. 17(3)(b) and (e)), and rewriting it would make it worthless.
    Everything else goes: registered erasers run first (they may still read the person's
    data), then the row is anonymised, its roles removed (audited as role.revoked), its
    password made unusable (which also ends every session), and the erasure is audited.
    Running it twice is harmless.
    """
    with acting_as(actor):
        for eraser in gdpr.erasers().values():
            eraser(user)
        _anonymise(user)
        user.groups.clear()
        user.user_permissions.clear()
        record_event(action="account.deleted", actor=actor, target=user)


def _anonymise(user: User) -> None:
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.full_name = ""
    user.organisation = ""
    user.preferred_language = settings.LANGUAGE_CODE
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
