"""The holder's share link: a random, rotatable token that opens a public page of one
certificate. Only its holder creates, rotates or switches it off."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from atmp_platform.audit.services import record_event

from .models import Certificate

TOKEN_BYTES = 32


def _locked_own(certificate: Certificate, actor) -> Certificate:
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if actor is None or locked.holder_id != actor.pk:
        raise PermissionDenied(_("Only the holder of a certificate can share it."))
    return locked


@transaction.atomic
def share_certificate(*, certificate: Certificate, actor) -> str:
    """Give the certificate a new share token and return it. A link given out before stops
    working: rotating is how a holder takes back a link they no longer want to be followed.

    Raises PermissionDenied for anyone but the holder, ValidationError while the certificate
    is still being issued (there is nothing to show yet).
    """
    locked = _locked_own(certificate, actor)
    if locked.status == Certificate.Status.PENDING:
        raise ValidationError(
            _("This certificate is still being issued. You can share it once it is ready.")
        )
    rotated = bool(locked.share_token)
    locked.share_token = secrets.token_urlsafe(TOKEN_BYTES)
    locked.save(update_fields=["share_token"])
    record_event(
        action="certificate.share_link_rotated" if rotated else "certificate.share_link_created",
        actor=actor,
        target=locked,
        old_value={"shared": rotated},
        new_value={"shared": True},
    )
    certificate.share_token = locked.share_token
    return locked.share_token


@transaction.atomic
def stop_sharing(*, certificate: Certificate, actor) -> None:
    """Switch the share link off; its page answers 404 from now on. Idempotent."""
    locked = _locked_own(certificate, actor)
    certificate.share_token = ""
    if not locked.share_token:
        return
    locked.share_token = ""
    locked.save(update_fields=["share_token"])
    record_event(
        action="certificate.share_link_disabled",
        actor=actor,
        target=locked,
        old_value={"shared": True},
        new_value={"shared": False},
    )
