"""Withdrawing a certificate: programme administrators only, with a reason, once.

Revocation closes the certificate's validity cycle (see `issuing.current_certificate`), so new
evidence does not silently re-issue what was withdrawn. The public status list and verify page
say revoked from the moment the transaction commits.
"""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atmp_platform.accounts.roles import PROGRAMME_ADMINISTRATOR, has_role
from atmp_platform.audit.services import record_event

from . import status_list
from .models import Certificate

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[ATMP XB] "


def may_revoke(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, PROGRAMME_ADMINISTRATOR))


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, actor, reason: str) -> None:
    """Revoke `certificate` because of `reason`, as `actor`.

    Raises PermissionDenied when `actor` is not a programme administrator, ValidationError
    when the reason is empty, the certificate is already revoked or still being issued;
    nothing changes then. After commit the status list is rebuilt and the holder e-mailed.
    """
    if not may_revoke(actor):
        raise PermissionDenied(_("Only programme administrators can revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking this certificate."))
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _check_revocable(locked)
    old_status = locked.status
    locked.status = Certificate.Status.REVOKED
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_reason = reason
    locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    record_event(
        action="certificate.revoked",
        actor=actor,
        target=locked,
        old_value={"status": old_status},
        new_value={"status": locked.status},
        reason=reason,
    )
    for field in ("status", "revoked_at", "revoked_by", "revocation_reason"):
        setattr(certificate, field, getattr(locked, field))
    # After commit: a list rebuilt before then would still read the certificate as valid.
    transaction.on_commit(status_list.invalidate)
    transaction.on_commit(lambda: send_revocation_email(certificate_id=locked.pk))


def _check_revocable(certificate: Certificate) -> None:
    if certificate.status == Certificate.Status.REVOKED:
        raise ValidationError(_("This certificate has already been revoked."))
    if certificate.status == Certificate.Status.PENDING:
        raise ValidationError(
            _("This certificate is still being issued. Revoke it once it has been issued.")
        )


def send_revocation_email(*, certificate_id: int) -> None:
    """Tell the holder, in their language, that their certificate was revoked and why.

    A failing mail server is logged rather than raised: the revocation has been committed and
    must stand whatever happens to the message.
    """
    certificate = (
        Certificate.objects.select_related("holder", "certificate_type")
        .filter(pk=certificate_id)
        .first()
    )
    holder = certificate.holder if certificate is not None else None
    if holder is None or not holder.email:
        return
    try:
        _revocation_message(certificate, holder).send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The revocation e-mail for certificate %s was not sent.", certificate_id)


def _revocation_message(certificate: Certificate, holder) -> EmailMultiAlternatives:
    with translation.override(holder.preferred_language or settings.LANGUAGE_CODE):
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        context = {
            "certificate": certificate,
            "holder": holder,
            "type_name": certificate.certificate_type.name,
            "url": base_url + reverse("holder:list"),
        }
        subject = SUBJECT_PREFIX + _("Your certificate %(name)s has been revoked") % {
            "name": context["type_name"]
        }
        text = render_to_string("certificates/email/revoked.txt", context)
        html = render_to_string("certificates/email/revoked.html", context)
    message = EmailMultiAlternatives(subject, text, to=[holder.email])
    message.attach_alternative(html, "text/html")
    return message
