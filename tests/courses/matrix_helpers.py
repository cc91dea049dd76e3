"""Competencies, a proficiency scale and evidence for the training matrix tests.

Evidence goes through `certificates.services.record_evidence`, the one write path, so that the
statuses the matrix reads are derived as in production.
"""

import datetime
import itertools

from django.utils import timezone

from certificates.models import Competency, Evidence, ProficiencyLevel
from certificates.services import record_evidence

LEVELS = (
    (1, "Aware", "Bewust"),
    (2, "Performs under supervision", "Voert uit onder toezicht"),
    (3, "Performs independently", "Voert zelfstandig uit"),
    (4, "Can teach others", "Kan het anderen leren"),
)
_references = itertools.count(1)


def make_scale() -> list[ProficiencyLevel]:
    return [
        ProficiencyLevel.objects.get_or_create(
            value=value, defaults={"name_en": name_en, "name_nl": name_nl}
        )[0]
        for value, name_en, name_nl in LEVELS
    ]


def make_competency(code: str, title: str = "", *, order: int = 0, **fields) -> Competency:
    defaults = {
        "title_en": title or f"Competency {code}",
        "title_nl": f"Competentie {code}",
        "category": Competency.Category.ASEPTIC,
        "validity_months": 12,
        "sort_order": order,
    }
    return Competency.objects.create(code=code, **{**defaults, **fields})


def make_competencies(count: int, prefix: str = "c") -> list[Competency]:
    return [make_competency(f"{prefix}{number}", order=number) for number in range(1, count + 1)]


def give(
    person,
    competency: Competency,
    level: int,
    *,
    days_left: int | None = 200,
    verification: str = Evidence.Verification.TRAINER,
    source: str = Evidence.Source.MODULE,
    source_ref: str = "",
    **fields,
) -> Evidence:
    """Evidence that counts until `days_left` days from today (negative: already lapsed)."""
    today = timezone.localdate()
    valid_until = today + datetime.timedelta(days=days_left) if days_left is not None else None
    occurred_at = fields.pop("occurred_at", timezone.now() - datetime.timedelta(days=30))
    return record_evidence(
        person=person,
        competency=competency,
        source=source,
        source_ref=source_ref or f"test:{next(_references)}",
        verification=verification,
        level=level,
        occurred_at=occurred_at,
        valid_until=valid_until,
        **fields,
    )
