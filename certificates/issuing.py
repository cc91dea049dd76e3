"""When a person meets every requirement of a certificate type, issue it once per cycle."""

import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from atmp_platform.audit.services import record_event
from atmp_platform.outbox.services import enqueue_task

from .dates import add_months
from .models import Certificate, CertificateType, Competency, CompetencyStatus

# Bitstring Status List: at least 131,072 entries, indexes drawn at random so that a list
# reveals nothing about issue order (W3C Bitstring Status List v1.0, privacy considerations).
STATUS_LIST_SIZE = 131_072


def _met_statuses(person, certificate_type: CertificateType, today) -> list | None:
    requirements = list(certificate_type.requirements.all())
    if not requirements:
        return None
    statuses = {
        status.competency_id: status
        for status in CompetencyStatus.objects.filter(
            person=person, competency_id__in=[r.competency_id for r in requirements]
        ).select_related("competency")
    }
    met = []
    for requirement in requirements:
        status = statuses.get(requirement.competency_id)
        if status is None or status.state_on(today) not in ("current", "expiring"):
            return None
        if status.level < requirement.minimum_level:
            return None
        met.append(status)
    return met


def _free_status_index() -> int:
    taken = True
    while taken:
        index = secrets.randbelow(STATUS_LIST_SIZE)
        taken = Certificate.objects.filter(status_list_index=index).exists()
    return index


def _basis(statuses: list[CompetencyStatus]) -> list[dict]:
    return [
        {
            "competency": status.competency.code,
            "level": status.level,
            "valid_until": status.valid_until.isoformat() if status.valid_until else None,
            "evidence": status.evidence_id,
        }
        for status in statuses
    ]


def _valid_until(certificate_type: CertificateType, statuses, today):
    """Never later than the evidence it rests on: a certificate must not outlive its basis."""
    limits = [add_months(today, certificate_type.validity_months)]
    limits += [s.valid_until for s in statuses if s.valid_until is not None]
    return min(limits)


def current_certificate(person, certificate_type: CertificateType, today) -> Certificate | None:
    """The certificate that occupies the current cycle. A revoked one does too: revocation
    closes its cycle, so new evidence does not silently re-issue what was withdrawn."""
    return (
        Certificate.objects.filter(
            holder=person,
            certificate_type=certificate_type,
            status__in=[
                Certificate.Status.PENDING,
                Certificate.Status.ISSUED,
                Certificate.Status.REVOKED,
            ],
            valid_until__gte=today,
        )
        .order_by("-cycle")
        .first()
    )


@transaction.atomic
def issue_certificate(*, holder, certificate_type: CertificateType) -> Certificate | None:
    """Issue `certificate_type` to `holder` if every requirement is met; None if not.

    Idempotent: while a certificate of this type is pending, valid or revoked within its
    validity for the holder, that one is returned. Two callers at once cannot both issue: the
    (holder, type, cycle) triple is unique, and the loser returns the winner's certificate.
    Rendering, signing and e-mail happen in a task after commit.
    """
    today = timezone.localdate()
    # The holder can be request.user, a lazy object whose type is not the user model.
    get_user_model().objects.select_for_update().filter(pk=holder.pk).first()
    existing = current_certificate(holder, certificate_type, today)
    if existing is not None:
        return existing
    statuses = _met_statuses(holder, certificate_type, today)
    if statuses is None:
        return None
    last = Certificate.objects.filter(holder=holder, certificate_type=certificate_type)
    cycle = (last.order_by("-cycle").values_list("cycle", flat=True).first() or 0) + 1
    certificate = Certificate(
        certificate_type=certificate_type,
        holder=holder,
        holder_name=holder.get_full_name() or holder.email,
        cycle=cycle,
        issued_on=today,
        valid_until=_valid_until(certificate_type, statuses, today),
        basis=_basis(statuses),
        status_list_index=_free_status_index(),
    )
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return current_certificate(holder, certificate_type, today)
    record_event(
        action="certificate.issued",
        target=certificate,
        new_value={"holder": holder.pk, "type": certificate_type.code, "cycle": cycle},
    )
    _enqueue_documents(certificate.pk)
    return certificate


def _enqueue_documents(certificate_id: int) -> None:
    from .tasks import complete_certificate

    enqueue_task(task=complete_certificate, args=[certificate_id])


def consider_certificates(*, person, competency: Competency | None = None) -> list[Certificate]:
    """Issue every active certificate type (needing `competency`, if given) that is now met."""
    types = CertificateType.objects.filter(active=True)
    if competency is not None:
        types = types.filter(requirements__competency=competency)
    issued = []
    for certificate_type in types.distinct():
        certificate = issue_certificate(holder=person, certificate_type=certificate_type)
        if certificate is not None:
            issued.append(certificate)
    return issued
