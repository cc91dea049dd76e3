"""What the audit trail keeps of a change to the competency framework.

Both writers of the framework, the admin (wagtail_hooks) and the importer (importing), record
their changes here, so that an event reads the same whichever way the change was made: the
record's values before and after, its rubric criteria or requirements included.
"""

from django.db import models

from atmp_platform.audit.services import record_event

from .models import CertificateType, Competency, ProficiencyLevel

FRAMEWORK_MODELS = (ProficiencyLevel, Competency, CertificateType)


def _fields(instance: models.Model, names: list[str]) -> dict:
    return {name: getattr(instance, name) for name in names}


def _level_snapshot(level: ProficiencyLevel) -> dict:
    return _fields(level, ["value", "name_en", "name_nl", "description_en", "description_nl"])


def _competency_snapshot(competency: Competency) -> dict:
    values = _fields(
        competency,
        [
            "code",
            "title_en",
            "title_nl",
            "description_en",
            "description_nl",
            "category",
            "regulatory_anchor",
            "validity_months",
            "active",
            "sort_order",
        ],
    )
    values["criteria"] = [
        {"en": c.text_en, "nl": c.text_nl, "required": c.required}
        for c in sorted(competency.criteria.all(), key=lambda c: (c.sort_order, c.pk or 0))
    ]
    return values


def _certificate_type_snapshot(certificate_type: CertificateType) -> dict:
    values = _fields(
        certificate_type,
        [
            "code",
            "name_en",
            "name_nl",
            "statement_en",
            "statement_nl",
            "validity_months",
            "active",
        ],
    )
    values["requirements"] = sorted(
        (
            {"competency": r.competency.code, "minimum_level": r.minimum_level}
            for r in certificate_type.requirements.all()
        ),
        key=lambda r: r["competency"],
    )
    return values


SNAPSHOTS = {
    ProficiencyLevel: _level_snapshot,
    Competency: _competency_snapshot,
    CertificateType: _certificate_type_snapshot,
}
ACTION_NAMES = {
    ProficiencyLevel: "proficiency_level",
    Competency: "competency",
    CertificateType: "certificate_type",
}


def snapshot(instance: models.Model) -> dict:
    """The audited values of a level, competency (with criteria) or type (with requirements)."""
    return SNAPSHOTS[type(instance)](instance)


def audit_framework_change(
    *, actor, instance: models.Model, old: dict | None, new: dict | None, reason: str = ""
) -> None:
    """Record a create (old None), change or delete (new None; call it before deleting, while
    the instance still has its key). An unchanged save is not recorded."""
    if old == new:
        return
    if old is None:
        verb = "created"
    elif new is None:
        verb = "deleted"
    else:
        verb = "changed"
    record_event(
        action=f"{ACTION_NAMES[type(instance)]}.{verb}",
        actor=actor,
        target=instance,
        old_value=old,
        new_value=new,
        reason=reason,
    )
