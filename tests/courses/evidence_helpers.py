"""Builders for the evidence tests: the proficiency scale and competencies, without importing
the certificates fixtures into the courses tests' namespace."""

from certificates.models import Competency, ProficiencyLevel
from courses.models import LearningOutcome
from tests.certificates.conftest import LEVELS


def make_levels() -> list[ProficiencyLevel]:
    return [
        ProficiencyLevel.objects.get_or_create(
            value=value, defaults={"name_en": name_en, "name_nl": name_nl}
        )[0]
        for value, name_en, name_nl in LEVELS
    ]


def make_competency(code: str = "T1", validity_months: int | None = 12) -> Competency:
    return Competency.objects.create(
        code=code,
        title_en=f"Competency {code}",
        title_nl=f"Competentie {code}",
        category=Competency.Category.CONTAMINATION,
        validity_months=validity_months,
    )


def link(module, code: str, competency: Competency, level: int) -> None:
    """Link the module page's outcome `code` to `competency` at `level`."""
    LearningOutcome.objects.filter(page=module, code=code).update(
        competency=competency, level_id=level
    )
