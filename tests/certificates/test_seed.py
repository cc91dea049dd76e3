"""The seeded ATMP framework (certificates/data/atmp_framework.yaml through seed_framework)."""

from django.utils import translation

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates.models import CertificateType, Competency, ProficiencyLevel
from certificates.seed import seed_framework

# ATMP_GMP_FACTS.md §5.4, "Regulatory anchor" column, as written there.
ANCHORS = {
    "C1": "Part IV §3.2; Annex 1 §7",
    "C2": "Annex 1 §7, §8; ATSTN course topic",
    "C3": "Annex 1 §7.≈6",
    "C4": "Annex 1 §9.32–9.49; Part IV §9.5",
    "C5": "Annex 1 §9",
    "C6": "PIC/S PI 041-1; EudraLex Ch. 4",
    "C7": "Part IV traceability (30 y); ISBT 128 ST-028 CoI Identifier",
    "C8": "Process SOPs",
    "C9": "Process SOPs; ≤ −1 °C/min evidence",
    "C10": "Part IV §15; Dir. 2009/41/EC",
}
# §5.4 "Re-qualification": annual → 12; C4 manual processes one APS per ~6 months; per
# process, per process change and per site rules → no expiry by time.
VALIDITY = {
    "C1": 12,
    "C2": 12,
    "C3": 12,
    "C4": 6,
    "C5": 12,
    "C6": 12,
    "C7": None,
    "C8": None,
    "C9": None,
    "C10": None,
}


def test_the_scale_has_four_levels_in_both_languages(framework):
    levels = list(ProficiencyLevel.objects.all())
    assert [(level.value, level.name_en) for level in levels] == [
        (1, "Aware"),
        (2, "Performs under supervision"),
        (3, "Performs independently"),
        (4, "Can teach others"),
    ]
    assert all(level.name_nl and level.description_nl for level in levels)


def test_the_ten_competencies_carry_the_anchors_of_the_facts_sheet(framework):
    assert {code: c.regulatory_anchor for code, c in framework.items()} == ANCHORS


def test_validity_follows_the_re_qualification_column(framework):
    assert {code: c.validity_months for code, c in framework.items()} == VALIDITY


@pytest.mark.parametrize("code", ["C7", "C8", "C9", "C10"])
def test_competencies_without_validity_say_why(framework, code):
    competency = framework[code]
    assert "does not expire with time" in competency.description_en
    assert "vervalt" in competency.description_nl


def test_the_competencies_are_in_the_order_of_the_table(framework):
    codes = list(Competency.objects.values_list("code", flat=True))
    assert codes == [f"C{n}" for n in range(1, 11)]


def test_every_competency_has_two_to_five_criteria_in_both_languages(framework):
    for competency in framework.values():
        criteria = list(competency.criteria.all())
        assert 2 <= len(criteria) <= 5, competency.code
        assert all(c.text_en and c.text_nl and c.text_en != c.text_nl for c in criteria)


def test_titles_follow_the_active_language(framework):
    with translation.override("nl"):
        assert framework["C3"].title == "Aseptisch omkleden (klasse B/A)"
    with translation.override("en"):
        assert framework["C3"].title == "Aseptic gowning (Grade B/A)"


def test_the_two_demo_certificate_types(framework):
    foundation = CertificateType.objects.get(code="atmp-cleanroom-operator-foundation")
    monitoring = CertificateType.objects.get(code="qc-analyst-environmental-monitoring")
    assert (foundation.name_en, foundation.name_nl) == (
        "ATMP cleanroom operator — foundation",
        "ATMP-cleanroomoperator — basis",
    )
    assert (monitoring.name_en, monitoring.name_nl) == (
        "QC analyst — environmental monitoring",
        "QC-analist — omgevingsmonitoring",
    )
    assert foundation.validity_months == monitoring.validity_months == 12
    required = {r.competency.code: r.minimum_level for r in monitoring.requirements.all()}
    assert required == {"C1": 2, "C2": 2, "C3": 2, "C5": 3, "C6": 3}
    required = {r.competency.code: r.minimum_level for r in foundation.requirements.all()}
    assert required == {"C1": 2, "C2": 2, "C3": 2, "C6": 2}


def test_no_certificate_rests_on_evidence_shorter_than_its_validity(framework):
    """A requirement with a shorter validity would cut every certificate short (C4: 6)."""
    for certificate_type in CertificateType.objects.all():
        for requirement in certificate_type.requirements.all():
            months = requirement.competency.validity_months
            assert months is None or months >= certificate_type.validity_months


@pytest.mark.parametrize("field", ["statement_en", "statement_nl"])
def test_statements_never_claim_unsupervised_grade_a_b_work(framework, field):
    """DESIGN.md decision 9: knowledge, simulated proficiency and trainer-observed competence;
    no qualification for unsupervised Grade A/B work without gowning qualification and APS."""
    for certificate_type in CertificateType.objects.all():
        statement = getattr(certificate_type, field)
        if field == "statement_en":
            assert "does not qualify the holder for unsupervised work in Grade A or B" in statement
            assert "gowning qualification" in statement
            assert "aseptic process simulation (APS)" in statement
            assert "employer's site" in statement
            for attested in ("knowledge", "simulated exercises", "observed by a trainer"):
                assert attested in statement
        else:
            assert "kwalificeert de houder niet voor werk zonder toezicht in klasse A of B" in (
                statement
            )
            assert "omkleedkwalificatie" in statement
            assert "aseptische processimulatie (APS)" in statement


def test_seeding_twice_changes_nothing_and_audits_once(db):
    seed_framework()
    events = AuditEvent.objects.count()
    plan = seed_framework()
    assert plan.count("unchanged") == len(plan.changes) == 16
    assert AuditEvent.objects.count() == events == 16
    assert Competency.objects.count() == 10


def test_seeding_restores_a_changed_record(db, administrator):
    seed_framework()
    Competency.objects.filter(code="C4").update(validity_months=12)
    plan = seed_framework(actor=administrator)
    assert [(c.key, c.changed_fields) for c in plan.changes if c.action == "update"] == [
        ("C4", ["validity_months"])
    ]
    assert Competency.objects.get(code="C4").validity_months == 6
