"""Trainer assessments signed electronically (EU GMP Annex 11 §14, 21 CFR Part 11 §11.50).

A signature binds the signer's name, the time, the meaning of the signature and a SHA-256
hash of the canonical JSON of everything assessed. The signer must have re-authenticated no
longer than `settings.ATMP_SIGNATURE_REAUTH_SECONDS` before (the caller reads when from the
session and passes it in). A signed Assessment is never edited: `correct_assessment` records a
new signed Assessment that points at the one it corrects and supersedes its evidence.

The permission question (may this trainer assess this student?) is the caller's; this module
only refuses a signer assessing themself. It knows no cohorts: the caller names the context.
"""

import hashlib
import json
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from atmp_platform.audit.services import record_event

from .models import Assessment, Competency, Evidence, ProficiencyLevel
from .services import record_evidence, supersede_evidence

User = get_user_model()

# Bump when the shape of the signed content changes, so that older hashes stay verifiable.
CONTENT_VERSION = 1
SIGNATURE_MEANING = gettext_noop("I observed and assessed this performance.")
DEFAULT_REAUTH_SECONDS = 60


def signature_meaning(language: str | None = None) -> str:
    """The meaning of the signature as shown to a signer reading `language` (default: active)."""
    with translation.override(language or translation.get_language()):
        return _(SIGNATURE_MEANING)


def reauth_window() -> timedelta:
    return timedelta(
        seconds=getattr(settings, "ATMP_SIGNATURE_REAUTH_SECONDS", DEFAULT_REAUTH_SECONDS)
    )


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def signed_content(
    *,
    student,
    competency: Competency,
    context_ref: str,
    context_label: str,
    observed_on: date,
    outcome: str,
    level: int | None,
    criteria: list[dict],
    comments: str,
    corrects: Assessment | None = None,
    correction_reason: str = "",
    signer,
    signed_at: datetime,
    meaning: str,
    signer_name: str | None = None,
    reauthenticated_at: datetime | None = None,
    signed_with_mfa: bool = False,
) -> bytes:
    """The canonical JSON (sorted keys, no spaces, UTF-8) of everything a signature covers.

    `criteria` is the stored snapshot ([{"criterion", "text", "observed", "required"}]);
    `meaning` the text shown to the signer; the English meaning is included as well, so that
    the hash says the same whatever language the signer read. `signer_name` defaults to the
    signer's current name (verification passes the stored one).
    """
    payload = {
        "version": CONTENT_VERSION,
        "student": getattr(student, "pk", student),
        "competency": competency.code,
        "context": {"ref": context_ref, "label": context_label},
        "observed_on": observed_on.isoformat(),
        "outcome": outcome,
        "level": level,
        "criteria": [
            {
                "criterion": item["criterion"],
                "text": item["text"],
                "observed": bool(item["observed"]),
                "required": bool(item["required"]),
            }
            for item in criteria
        ],
        "comments": comments,
        "corrects": (
            None if corrects is None else {"id": corrects.pk, "hash": corrects.content_hash}
        ),
        "correction_reason": correction_reason,
        "signer": {
            "id": getattr(signer, "pk", signer),
            "name": signer_name if signer_name is not None else signer.get_full_name(),
        },
        "signed_at": _instant(signed_at),
        "reauthenticated_at": _instant(reauthenticated_at),
        "signed_with_mfa": bool(signed_with_mfa),
        "meaning": meaning,
        "meaning_en": SIGNATURE_MEANING,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _content_of(assessment: Assessment) -> bytes:
    return signed_content(
        student=assessment.student_id,
        competency=assessment.competency,
        context_ref=assessment.context_ref,
        context_label=assessment.context_label,
        observed_on=assessment.observed_on,
        outcome=assessment.outcome,
        level=assessment.level,
        criteria=assessment.criteria,
        comments=assessment.comments,
        corrects=assessment.corrects,
        correction_reason=assessment.correction_reason,
        signer=assessment.signer_id,
        signer_name=assessment.signer_name,
        signed_at=assessment.signed_at,
        meaning=assessment.signature_meaning,
        reauthenticated_at=assessment.reauthenticated_at,
        signed_with_mfa=assessment.signed_with_mfa,
    )


def verify_assessment_hash(assessment: Assessment) -> bool:
    """Whether the stored hash still matches the stored content (False: the row was changed).

    Reads the row as stored: pass an instance fresh from the database.
    """
    try:
        content = _content_of(assessment)
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
    return content_hash(content) == assessment.content_hash


def _check_level(outcome: str, level: int | None) -> dict[str, list[str]]:
    """A competent outcome needs a level on the scale; not yet competent gives none.

    Not yet competent carries no level because evidence with a level counts toward the
    status: a "lower" level would quietly grant that level. A trainer who saw a lower level
    of performance records it as competent at that level.
    """
    if outcome == Assessment.Outcome.COMPETENT:
        if level is None:
            return {"level": [_("Choose the level at which the student is competent.")]}
        if not ProficiencyLevel.objects.filter(value=level).exists():
            message = _("Level %(level)s is not on the proficiency scale.") % {"level": level}
            return {"level": [message]}
    elif outcome == Assessment.Outcome.NOT_YET:
        if level is not None:
            message = _("A “not yet competent” outcome has no level: leave the level empty.")
            return {"level": [message]}
    else:
        return {"outcome": [_("Choose an outcome: competent or not yet competent.")]}
    return {}


def _criteria_snapshot(competency: Competency, criteria: dict) -> list[dict]:
    """The rubric as assessed, in the signer's language; raises if the ids do not match."""
    rubric = list(competency.criteria.all())
    message = _("The criteria do not match the rubric of %(code)s; reload the form.")
    mismatch = ValidationError({"criteria": [message % {"code": competency.code}]})
    try:
        observed = {int(key): bool(value) for key, value in criteria.items()}
    except (TypeError, ValueError) as error:
        raise mismatch from error
    if set(observed) != {criterion.pk for criterion in rubric}:
        raise mismatch
    return [
        {
            "criterion": criterion.pk,
            "text": criterion.text,
            "observed": observed[criterion.pk],
            "required": criterion.required,
        }
        for criterion in rubric
    ]


def check_assessment(
    *,
    signer,
    student,
    competency: Competency,
    observed_on: date | None,
    outcome: str,
    level: int | None,
    criteria: dict,
) -> list[dict]:
    """Validate an assessment before it is signed; return the criteria snapshot.

    Raises ValidationError (keyed by field where one is to blame) for: a signer assessing
    themself, an inactive competency, criteria that are not exactly the rubric's, a level
    off the scale or not fitting the outcome, a competent outcome with a required criterion
    not observed, an observation date in the future.
    """
    if signer.pk == getattr(student, "pk", student):
        raise ValidationError(_("You cannot assess yourself."))
    if not competency.active:
        message = _("%(code)s is no longer in use and cannot be assessed.")
        raise ValidationError(message % {"code": competency.code})
    snapshot = _criteria_snapshot(competency, criteria)
    errors = _check_level(outcome, level)
    missing = [item for item in snapshot if item["required"] and not item["observed"]]
    if outcome == Assessment.Outcome.COMPETENT and missing:
        message = _(
            "A competent outcome needs every required criterion observed. Not observed: "
            "%(criteria)s."
        ) % {"criteria": "; ".join(item["text"] for item in missing)}
        errors.setdefault("outcome", []).append(message)
    if observed_on is None:
        errors["observed_on"] = [_("Enter the date on which you observed the performance.")]
    elif observed_on > timezone.localdate():
        errors["observed_on"] = [_("The observation date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    return snapshot


def _check_reauthentication(reauthenticated_at: datetime | None, now: datetime) -> None:
    window = reauth_window()
    if reauthenticated_at is None or not (now - window <= reauthenticated_at <= now):
        message = _(
            "Confirm your identity again before you sign: the confirmation must be less than "
            "%(seconds)s seconds old."
        ) % {"seconds": int(window.total_seconds())}
        raise ValidationError(message)


def _occurred_at(observed_on: date, signed_at: datetime) -> datetime:
    """When the evidence happened: the observation day (at noon), never after the signature."""
    noon = timezone.make_aware(datetime.combine(observed_on, time(12)))
    return min(noon, signed_at)


def _create(*, signer, student, competency, fields: dict, corrects=None, reason="") -> Assessment:
    now = timezone.now()
    _check_reauthentication(fields["reauthenticated_at"], now)
    snapshot = check_assessment(
        signer=signer,
        student=student,
        competency=competency,
        observed_on=fields["observed_on"],
        outcome=fields["outcome"],
        level=fields["level"],
        criteria=fields.pop("criteria"),
    )
    assessment = Assessment(
        student=student,
        competency=competency,
        criteria=snapshot,
        corrects=corrects,
        correction_reason=reason,
        signer=signer,
        signer_name=signer.get_full_name()[:255],
        signed_at=now,
        signature_meaning=signature_meaning(),
        **fields,
    )
    assessment.content_hash = content_hash(_content_of(assessment))
    assessment.full_clean(validate_constraints=False)
    assessment.save()
    return assessment


def _record(assessment: Assessment, signer) -> Evidence:
    """Evidence of the assessment; not yet competent gives evidence without a level, which
    shows in the drill-down but gives no level."""
    return record_evidence(
        person=assessment.student,
        competency=assessment.competency,
        source=Evidence.Source.ASSESSMENT,
        source_ref=f"assessment:{assessment.pk}",
        source_label=f"{assessment.context_label} · {assessment.signer_name}",
        verification=Evidence.Verification.TRAINER,
        level=assessment.level if assessment.outcome == Assessment.Outcome.COMPETENT else None,
        occurred_at=_occurred_at(assessment.observed_on, assessment.signed_at),
        recorded_by=signer,
    )


def _audit_values(assessment: Assessment) -> dict:
    return {
        "student": assessment.student_id,
        "competency": assessment.competency.code,
        "context": assessment.context_ref,
        "observed_on": assessment.observed_on,
        "outcome": assessment.outcome,
        "level": assessment.level,
        "signer": assessment.signer_name,
        "signed_at": assessment.signed_at,
        "signed_with_mfa": assessment.signed_with_mfa,
        "meaning": assessment.signature_meaning,
        "content_hash": assessment.content_hash,
        "corrects": assessment.corrects_id,
    }


@transaction.atomic
def sign_assessment(
    *,
    signer,
    student,
    competency: Competency,
    context_ref: str,
    context_label: str,
    observed_on: date,
    outcome: str,
    level: int | None,
    criteria: dict[int, bool],
    comments: str,
    reauthenticated_at: datetime | None,
    signed_with_mfa: bool,
) -> Assessment:
    """Store a signed assessment, record its evidence and audit the signature.

    `criteria` maps every criterion id of the competency's rubric to observed or not.
    `reauthenticated_at` is when the signer last confirmed their identity; older than
    ATMP_SIGNATURE_REAUTH_SECONDS (or missing) raises ValidationError and stores nothing,
    as does any check of `check_assessment`. The meaning is stored in the active language.
    """
    fields = {
        "context_ref": context_ref,
        "context_label": context_label,
        "observed_on": observed_on,
        "outcome": outcome,
        "level": level,
        "criteria": criteria,
        "comments": comments,
        "reauthenticated_at": reauthenticated_at,
        "signed_with_mfa": signed_with_mfa,
    }
    assessment = _create(signer=signer, student=student, competency=competency, fields=fields)
    _record(assessment, signer)
    record_event(
        action="assessment.signed",
        actor=signer,
        target=assessment,
        new_value=_audit_values(assessment),
    )
    return assessment


def _evidence_of(assessment: Assessment) -> Evidence | None:
    return Evidence.objects.filter(
        person_id=assessment.student_id,
        competency_id=assessment.competency_id,
        source=Evidence.Source.ASSESSMENT,
        source_ref=f"assessment:{assessment.pk}",
    ).first()


def _lock_uncorrected(original: Assessment) -> Assessment:
    """The original, locked so that two corrections at once cannot both pass the check."""
    locked = Assessment.objects.select_for_update().get(pk=original.pk)
    if Assessment.objects.filter(corrects=locked).exists():
        raise ValidationError(
            _("This assessment has already been corrected; correct the correction instead.")
        )
    return locked


@transaction.atomic
def correct_assessment(
    *,
    original: Assessment,
    signer,
    reason: str,
    context_ref: str,
    context_label: str,
    observed_on: date,
    outcome: str,
    level: int | None,
    criteria: dict[int, bool],
    comments: str,
    reauthenticated_at: datetime | None,
    signed_with_mfa: bool,
) -> Assessment:
    """Record a signed correction of `original` (same student and competency) with a reason.

    The original stays as it was; its evidence is superseded by the correction's. An
    assessment is corrected at most once (a correction can be corrected in turn). Raises
    ValidationError for a missing reason, a second correction, and everything
    `sign_assessment` refuses; nothing is stored then.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the correction.")]})
    original = _lock_uncorrected(original)
    fields = {
        "context_ref": context_ref,
        "context_label": context_label,
        "observed_on": observed_on,
        "outcome": outcome,
        "level": level,
        "criteria": criteria,
        "comments": comments,
        "reauthenticated_at": reauthenticated_at,
        "signed_with_mfa": signed_with_mfa,
    }
    try:
        with transaction.atomic():
            correction = _create(
                signer=signer,
                student=original.student,
                competency=original.competency,
                fields=fields,
                corrects=original,
                reason=reason,
            )
    except IntegrityError as error:
        raise ValidationError(_("This assessment has already been corrected.")) from error
    new_evidence = _record(correction, signer)
    old_evidence = _evidence_of(original)
    if old_evidence is not None and old_evidence.superseded_by_id is None:
        supersede_evidence(evidence=old_evidence, by=new_evidence, actor=signer, reason=reason)
    record_event(
        action="assessment.corrected",
        actor=signer,
        target=correction,
        old_value={"assessment": original.pk, "content_hash": original.content_hash},
        new_value=_audit_values(correction),
        reason=reason,
    )
    return correction
