"""Every change of a user's roles, from any path (admin form, service, shell), is audited.

Roles are Django groups, so the one place that sees every change is `m2m_changed` on
`User.groups`, in both directions (`user.groups.add(group)` and `group.user_set.add(user)`).
Services must therefore not record role changes themselves, or they would be counted twice.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from atmp_platform.audit.services import record_event

from .actor import current_actor
from .roles import forget_role_names

User = get_user_model()
ROLE_GRANTED = "role.granted"
ROLE_REVOKED = "role.revoked"
_STASH = "_atmp_role_change_pks"


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="atmp_audit_role_changes")
def record_role_changes(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("pre_remove", "pre_clear"):
        # Only links that exist now are really removed; remember them before they go.
        setattr(instance, _STASH, _linked_pks(instance, reverse, pk_set))
        return
    if action == "post_add":
        _record(instance, reverse, pk_set or set(), granted=True)
    elif action in ("post_remove", "post_clear"):
        _record(instance, reverse, instance.__dict__.pop(_STASH, set()), granted=False)


def _linked_pks(instance, reverse: bool, pk_set) -> set[int]:
    related = instance.user_set if reverse else instance.groups
    linked = set(related.values_list("pk", flat=True))
    return linked if pk_set is None else linked & set(pk_set)


def _record(instance, reverse: bool, pks: set[int], *, granted: bool) -> None:
    if not pks:
        return
    if reverse:
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pks).order_by("pk")]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pks).order_by("pk")]
    actor = current_actor()
    for user, group in pairs:
        role = {"role": group.name}
        record_event(
            action=ROLE_GRANTED if granted else ROLE_REVOKED,
            actor=actor,
            target=user,
            new_value=role if granted else None,
            old_value=None if granted else role,
        )
        forget_role_names(user)
