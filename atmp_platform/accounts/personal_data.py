"""What the accounts app itself holds about a person, for the GDPR registries (gdpr.py)."""

from django.db.models import Q

from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from atmp_platform.audit.models import AuditEvent

from .gdpr import register_eraser, register_exporter
from .models import User
from .roles import role_names

USER_OBJECT_TYPE = User._meta.label_lower


def export_profile(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_active": user.is_active,
    }


def export_email_addresses(user: User) -> list[dict]:
    addresses = EmailAddress.objects.filter(user=user).order_by("email")
    return [{"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses]


def export_roles(user: User) -> list[str]:
    return sorted(role_names(user))


def export_authenticators(user: User) -> list[dict]:
    """The kinds of second factor and when they were set up; never their secrets."""
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    return [
        {
            "type": a.type,
            "created_at": a.created_at.isoformat(),
            "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None,
        }
        for a in authenticators
    ]


def export_audit_events(user: User) -> list[dict]:
    """Events the person caused or that were about them.

    Another person's name or address never appears: for events the person caused about
    another user, the object is left out, and other actors are named only by their kind.
    """
    own_id = str(user.pk)
    events = AuditEvent.objects.filter(
        Q(actor=user) | Q(object_type=USER_OBJECT_TYPE, object_id=own_id)
    ).order_by("id")
    return [_export_event(event, user, own_id) for event in events]


def _export_event(event: AuditEvent, user: User, own_id: str) -> dict:
    about_other_user = event.object_type == USER_OBJECT_TYPE and event.object_id != own_id
    if event.actor_id == user.pk:
        actor = "you"
    else:
        actor = "system" if event.actor_label == "system" else "another user"
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "action": event.action,
        "actor": actor,
        "object_type": event.object_type,
        "object": "" if about_other_user else event.object_repr,
        "old_value": None if about_other_user else event.old_value,
        "new_value": None if about_other_user else event.new_value,
        "reason": "" if about_other_user else event.reason,
    }


def erase_email_addresses(user: User) -> None:
    EmailAddress.objects.filter(user=user).delete()


def erase_authenticators(user: User) -> None:
    Authenticator.objects.filter(user=user).delete()


def erase_admin_profile(user: User) -> None:
    """Wagtail's per-user admin preferences, including an uploaded avatar."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return
    if profile.avatar:
        profile.avatar.delete(save=False)
    profile.delete()


def register_all() -> None:
    register_exporter("profile", export_profile)
    register_exporter("email_addresses", export_email_addresses)
    register_exporter("roles", export_roles)
    register_exporter("authenticators", export_authenticators)
    register_exporter("audit_events", export_audit_events)
    register_eraser("email_addresses", erase_email_addresses)
    register_eraser("authenticators", erase_authenticators)
    register_eraser("admin_profile", erase_admin_profile)
