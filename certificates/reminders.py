"""Expiry reminders by e-mail, each written in its recipient's preferred language.

The holder is told what expires and where to see it; each of their trainers (see
certificates.expiry.other_recipients) is told the same about their student, with a link to
their cohorts, where the training matrix shows what to renew.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .expiry import other_recipients
from .models import Certificate, CompetencyStatus

SUBJECT_PREFIX = "[ATMP XB] "


def _absolute(name: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name)


def _send(*, recipient, holder, template: str, subject, context: dict) -> None:
    """Render `template` (.txt and .html) for `recipient` in their language and send it."""
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        is_holder = recipient.pk == holder.pk
        context = {
            **context,
            "recipient": recipient,
            "holder": holder,
            "is_holder": is_holder,
            "url": _absolute("holder:list" if is_holder else "trainer:cohorts"),
        }
        subject_text = SUBJECT_PREFIX + subject(context)
        text = render_to_string(f"certificates/email/{template}.txt", context)
        html = render_to_string(f"certificates/email/{template}.html", context)
    message = EmailMultiAlternatives(subject_text, text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()


def _recipients(holder) -> list:
    others = [user for user in other_recipients(holder) if user.pk != holder.pk and user.email]
    return [holder, *others] if holder.is_active else others


def _certificate_subject(context: dict) -> str:
    values = {"type": context["certificate"].certificate_type.name}
    if context["is_holder"]:
        return _("Your certificate %(type)s expires soon") % values
    values["name"] = context["certificate"].holder_name
    return _("The certificate %(type)s of %(name)s expires soon") % values


def send_certificate_reminder(*, certificate_id: int) -> int:
    """E-mail the holder and their trainers that the certificate expires within 30 days.
    Sends nothing for a certificate that is no longer issued (revoked or expired since the
    reminder was claimed). Returns the number of e-mails sent."""
    certificate = (
        Certificate.objects.select_related("holder", "certificate_type")
        .filter(pk=certificate_id, status=Certificate.Status.ISSUED, holder__isnull=False)
        .first()
    )
    if certificate is None:
        return 0
    recipients = _recipients(certificate.holder)
    for recipient in recipients:
        _send(
            recipient=recipient,
            holder=certificate.holder,
            template="expiry_certificate",
            subject=_certificate_subject,
            context={"certificate": certificate},
        )
    return len(recipients)


def _competencies_subject(context: dict) -> str:
    if context["is_holder"]:
        return _("Your competencies: some expire soon")
    return _("Competencies of %(name)s expire soon") % {"name": context["holder"].get_full_name()}


def send_competency_reminder(*, person_id: int, status_ids: list[int]) -> int:
    """E-mail the person and their trainers which of their competency levels expire within
    30 days (the statuses `status_ids` that still hold a level). Returns the e-mails sent."""
    statuses = list(
        CompetencyStatus.objects.filter(pk__in=status_ids, person_id=person_id, level__isnull=False)
        .select_related("person", "competency")
        .order_by("valid_until", "competency__sort_order", "competency__code")
    )
    if not statuses:
        return 0
    holder = statuses[0].person
    recipients = _recipients(holder)
    for recipient in recipients:
        _send(
            recipient=recipient,
            holder=holder,
            template="expiry_competencies",
            subject=_competencies_subject,
            context={"statuses": statuses},
        )
    return len(recipients)
