"""Fixtures for the competency framework, usable by every test of issue 4.

Tests elsewhere import them into their own conftest.py, e.g.
    from tests.certificates.conftest import certificate_type, competency, levels  # noqa: F401
(`framework` gives the seeded ATMP framework of ATMP_GMP_FACTS.md §5.4.)
"""

import pytest

from certificates.models import (
    CertificateRequirement,
    CertificateType,
    Competency,
    ProficiencyLevel,
    RubricCriterion,
)

LEVELS = [
    (1, "Aware", "Bewust"),
    (2, "Performs under supervision", "Voert uit onder toezicht"),
    (3, "Performs independently", "Voert zelfstandig uit"),
    (4, "Can teach others", "Kan het anderen leren"),
]


@pytest.fixture
def framework(db):
    """The seeded ATMP framework (levels 1–4, C1–C10, the two demo certificate types), as a
    {code: Competency} dict."""
    from certificates.seed import seed_framework

    seed_framework()
    return {competency.code: competency for competency in Competency.objects.all()}


@pytest.fixture
def levels(db) -> list[ProficiencyLevel]:
    """The four-step proficiency scale, 1 aware … 4 can teach others."""
    return [
        ProficiencyLevel.objects.get_or_create(
            value=value, defaults={"name_en": name_en, "name_nl": name_nl}
        )[0]
        for value, name_en, name_nl in LEVELS
    ]


@pytest.fixture
def competency(levels) -> Competency:
    """One competency that expires after 12 months, with two rubric criteria."""
    competency = Competency.objects.create(
        code="T1",
        title_en="Aseptic gowning",
        title_nl="Aseptisch omkleden",
        description_en="Gowning for Grade B.",
        description_nl="Omkleden voor klasse B.",
        category=Competency.Category.CONTAMINATION,
        regulatory_anchor="EU GMP Annex 1 §7",
        validity_months=12,
    )
    RubricCriterion.objects.create(
        competency=competency,
        text_en="Checks the garment packs before gowning",
        text_nl="Controleert de kledingverpakkingen voor het omkleden",
        sort_order=1,
    )
    RubricCriterion.objects.create(
        competency=competency,
        text_en="Keeps gloved hands above the waist",
        text_nl="Houdt de gehandschoende handen boven de taille",
        required=False,
        sort_order=2,
    )
    return competency


@pytest.fixture
def certificate_type(competency) -> CertificateType:
    """A 12-month certificate type that needs `competency` at level 2 or higher."""
    certificate_type = CertificateType.objects.create(
        code="test-operator",
        name_en="Test operator",
        name_nl="Testoperator",
        statement_en="Attests trainer-observed competence.",
        statement_nl="Bevestigt door een trainer waargenomen bekwaamheid.",
        validity_months=12,
    )
    CertificateRequirement.objects.create(
        certificate_type=certificate_type, competency=competency, minimum_level=2
    )
    return certificate_type
