"""The one write path for evidence, and cheap reads of the status it gives.

Every source of evidence (trainer assessments, module completion, verified H5P results,
simulation runs) calls `record_evidence`; it refreshes the person's status in that competency
and, when a certificate's requirements are now all met, issues it (see `issuing`).
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atmp_platform.audit.services import record_event

from .dates import add_months
from .models import Competency, CompetencyStatus, Evidence, ProficiencyLevel

User = get_user_model()


def _check_level(level: int | None) -> None:
    if level is None:
        return
    if not ProficiencyLevel.objects.filter(value=level).exists():
        message = _("Level %(level)s is not on the proficiency scale.") % {"level": level}
        raise ValidationError(message)


def _valid_until(competency: Competency, occurred_at: datetime, valid_until: date | None):
    if valid_until is not None or competency.validity_months is None:
        return valid_until
    return add_months(timezone.localdate(occurred_at), competency.validity_months)


@transaction.atomic
def record_evidence(
    *,
    person: User,
    competency: Competency,
    source: str,
    source_ref: str,
    verification: str,
    level: int | None = None,
    score=None,
    source_label: str = "",
    occurred_at: datetime | None = None,
    valid_until: date | None = None,
    recorded_by: User | None = None,
) -> Evidence:
    """Record one piece of evidence and refresh what it changes.

    Idempotent per (person, competency, source, source_ref): a second call returns the first
    record unchanged. `valid_until` defaults to `occurred_at` plus the competency's validity.
    """
    existing = Evidence.objects.filter(
        person=person, competency=competency, source=source, source_ref=source_ref
    ).first()
    if existing is not None:
        return existing
    _check_level(level)
    occurred_at = occurred_at or timezone.now()
    evidence = Evidence(
        person=person,
        competency=competency,
        level=level,
        score=score,
        source=source,
        source_ref=source_ref,
        source_label=source_label[:255],
        verification=verification,
        occurred_at=occurred_at,
        valid_until=_valid_until(competency, occurred_at, valid_until),
        recorded_by=recorded_by,
    )
    evidence.full_clean(validate_constraints=False)
    evidence.save()
    record_event(
        action="evidence.recorded",
        actor=recorded_by,
        target=evidence,
        new_value=_evidence_values(evidence),
    )
    refresh_status(person=person, competency=competency)
    from .issuing import consider_certificates

    consider_certificates(person=person, competency=competency)
    return evidence


def _evidence_values(evidence: Evidence) -> dict:
    return {
        "person": evidence.person_id,
        "competency": evidence.competency.code,
        "level": evidence.level,
        "score": evidence.score,
        "source": evidence.source,
        "source_ref": evidence.source_ref,
        "verification": evidence.verification,
        "occurred_at": evidence.occurred_at,
        "valid_until": evidence.valid_until,
    }


@transaction.atomic
def supersede_evidence(*, evidence: Evidence, by: Evidence, actor: User, reason: str) -> None:
    """Stop `evidence` counting because `by` corrects it (a corrected assessment)."""
    # Conditional on the row as stored, not the caller's copy: two corrections at once
    # cannot both supersede it.
    changed = Evidence.objects.filter(pk=evidence.pk, superseded_by__isnull=True).update(
        superseded_by=by
    )
    if not changed:
        raise ValidationError(_("This evidence has already been superseded."))
    record_event(
        action="evidence.superseded",
        actor=actor,
        target=evidence,
        old_value={"superseded_by": None},
        new_value={"superseded_by": by.pk},
        reason=reason,
    )
    refresh_status(person=evidence.person, competency=evidence.competency)


def _derive(evidence: list[Evidence], today: date) -> dict:
    counting = [e for e in evidence if e.counts and e.level is not None]
    valid = [e for e in counting if e.is_valid_on(today)]
    values = {"level": None, "valid_until": None, "expired_level": None, "expired_on": None}
    values["evidence"] = None
    if valid:
        best = max(valid, key=lambda e: (e.level, e.valid_until or date.max))
        values.update(level=best.level, valid_until=best.valid_until, evidence=best)
    elif counting:
        last = max(counting, key=lambda e: (e.valid_until, e.level))
        values.update(expired_level=last.level, expired_on=last.valid_until, evidence=last)
    return values


@transaction.atomic
def refresh_status(*, person: User, competency: Competency, today: date | None = None):
    """Rewrite the person's status in the competency from all their evidence in it."""
    evidence = list(Evidence.objects.filter(person=person, competency=competency))
    values = _derive(evidence, today or timezone.localdate())
    values["evidence_count"] = len(evidence)
    status, _created = CompetencyStatus.objects.update_or_create(
        person=person, competency=competency, defaults=values
    )
    return status


def statuses_for(
    *, people: Iterable[int], competencies: Iterable[int] | None = None
) -> dict[tuple[int, int], CompetencyStatus]:
    """{(person id, competency id): status} for many people in one query. Pairs without a row
    are missing."""
    rows = CompetencyStatus.objects.filter(person_id__in=list(people))
    if competencies is not None:
        rows = rows.filter(competency_id__in=list(competencies))
    return {(row.person_id, row.competency_id): row for row in rows}


def state_of(status: CompetencyStatus | None, today: date | None = None) -> str:
    if status is None:
        return CompetencyStatus.State.MISSING
    return status.state_on(today or timezone.localdate())
