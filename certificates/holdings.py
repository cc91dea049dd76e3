"""What a person holds: their standing in every competency and their certificates.

Batch reads for the holder's pages and the student dashboard: a fixed number of queries
whatever the number of competencies, evidence or certificates, joined in Python.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    EXPIRING_SOON_DAYS,
    Certificate,
    Competency,
    CompetencyStatus,
    Evidence,
    ProficiencyLevel,
)

State = CompetencyStatus.State

# What a certificate's state is called where people read it: "issued" and in date is "valid",
# as the verify page says.
CERTIFICATE_STATE_LABELS = {
    Certificate.Status.PENDING: _("Being issued"),
    Certificate.Status.ISSUED: _("Valid"),
    Certificate.Status.EXPIRED: _("Expired"),
    Certificate.Status.REVOKED: _("Revoked"),
}


@dataclass
class Holding:
    """A person's standing in one competency, with the evidence behind it."""

    competency: Competency
    status: CompetencyStatus | None
    state: str
    level_name: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return State(self.state).label

    @property
    def level(self) -> int | None:
        if self.status is None:
            return None
        return self.status.level if self.status.level is not None else self.status.expired_level

    @property
    def valid_until(self) -> date | None:
        if self.status is None:
            return None
        return self.status.valid_until if self.status.level is not None else self.status.expired_on


def level_names() -> dict[int, str]:
    """{level value: its name in the active language}: one query."""
    return {level.value: level.name for level in ProficiencyLevel.objects.all()}


def holdings_for(person, *, today: date | None = None) -> list[Holding]:
    """Every active competency with the person's status and evidence: four queries."""
    today = today or timezone.localdate()
    names = level_names()
    statuses = {
        status.competency_id: status
        for status in CompetencyStatus.objects.filter(person=person, competency__active=True)
    }
    evidence: dict[int, list[Evidence]] = {}
    rows = Evidence.objects.filter(person=person, competency__active=True).select_related(
        "recorded_by"
    )
    for item in rows.order_by("-occurred_at", "-id"):
        evidence.setdefault(item.competency_id, []).append(item)
    holdings = []
    for competency in Competency.objects.filter(active=True):
        status = statuses.get(competency.pk)
        holding = Holding(
            competency=competency,
            status=status,
            state=status.state_on(today) if status is not None else State.MISSING,
            level_name="",
            evidence=evidence.get(competency.pk, []),
        )
        holding.level_name = names.get(holding.level, "")
        holdings.append(holding)
    return holdings


def certificates_of(person) -> list[Certificate]:
    """The person's certificates, newest first, with their types: one query."""
    return list(
        Certificate.objects.filter(holder=person)
        .select_related("certificate_type")
        .defer("credential", "basis")
    )


@dataclass
class HolderSummary:
    """The counts the student dashboard shows, and the certificates that are valid now."""

    competencies: int = 0
    current: int = 0
    expiring: int = 0
    expired: int = 0
    valid_certificates: list[Certificate] = field(default_factory=list)
    pending_certificates: int = 0
    expiring_soon_days: int = EXPIRING_SOON_DAYS
    # A valid certificate whose last day comes before this one expires soon.
    expiring_before: date | None = None

    @property
    def missing(self) -> int:
        return self.competencies - self.current - self.expiring - self.expired


def summary_for(person, *, today: date | None = None) -> HolderSummary:
    """The dashboard's summary of what `person` holds: three queries."""
    today = today or timezone.localdate()
    summary = HolderSummary(
        competencies=Competency.objects.filter(active=True).count(),
        expiring_before=today + timedelta(days=EXPIRING_SOON_DAYS + 1),
    )
    statuses = CompetencyStatus.objects.filter(person=person, competency__active=True).only(
        "level", "valid_until", "expired_level", "expired_on"
    )
    for status in statuses:
        state = status.state_on(today)
        if state != State.MISSING:
            setattr(summary, state, getattr(summary, state) + 1)
    for certificate in certificates_of(person):
        state = certificate.state_on(today)
        if state == Certificate.Status.ISSUED:
            summary.valid_certificates.append(certificate)
        elif state == Certificate.Status.PENDING:
            summary.pending_certificates += 1
    return summary
