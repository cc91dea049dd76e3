"""The framework's admin screens against every role, with the answer each must get (the roles
and answers: tests/admin_access.py).
"""

import pytest

from certificates.models import Assessment, Competency, Evidence
from certificates.services import record_evidence

from .. import admin_access
from ..admin_access import ADMIN_ONLY, posts_not_refused, seen_in_menu, wrong_answers

pytestmark = pytest.mark.django_db
people = admin_access.people


@pytest.fixture
def urls(certificate_type, competency, levels, student, trainer) -> dict[str, str]:
    evidence = record_evidence(
        person=student,
        competency=competency,
        source=Evidence.Source.MODULE,
        source_ref="module:1",
        verification=Evidence.Verification.SERVER,
        level=1,
    )
    assessment = Assessment(
        student=student,
        competency=competency,
        observed_on="2026-11-20",
        outcome=Assessment.Outcome.COMPETENT,
        level=2,
        signer=trainer,
        signer_name="Tess Trainer",
        signed_at="2026-11-20T10:00:00Z",
        signature_meaning="I observed and assessed this performance",
        reauthenticated_at="2026-11-20T09:59:30Z",
        content_hash="0" * 64,
    )
    assessment.save()
    spare = Competency.objects.create(
        code="T9", title_en="Spare", title_nl="Reserve", category=Competency.Category.QUALITY
    )
    level = levels[0]
    return {
        "competencies": "/admin/competencies/",
        "competency_add": "/admin/competencies/new/",
        "competency_edit": f"/admin/competencies/edit/{competency.pk}/",
        "competency_delete": f"/admin/competencies/delete/{spare.pk}/",
        "levels": "/admin/proficiency-levels/",
        "level_add": "/admin/proficiency-levels/new/",
        "level_edit": f"/admin/proficiency-levels/edit/{level.pk}/",
        "certificate_types": "/admin/certificate-types/",
        "certificate_type_add": "/admin/certificate-types/new/",
        "certificate_type_edit": f"/admin/certificate-types/edit/{certificate_type.pk}/",
        "certificate_type_delete": f"/admin/certificate-types/delete/{certificate_type.pk}/",
        "evidence": "/admin/evidence/",
        "evidence_inspect": f"/admin/evidence/inspect/{evidence.pk}/",
        "assessments": "/admin/assessments/",
        "assessment_inspect": f"/admin/assessments/inspect/{assessment.pk}/",
        "import": "/admin/competency-import/",
    }


EXPECTED = {
    "competencies": ADMIN_ONLY,
    "competency_add": ADMIN_ONLY,
    "competency_edit": ADMIN_ONLY,
    "competency_delete": ADMIN_ONLY,
    "levels": ADMIN_ONLY,
    "level_add": ADMIN_ONLY,
    "level_edit": ADMIN_ONLY,
    "certificate_types": ADMIN_ONLY,
    "certificate_type_add": ADMIN_ONLY,
    "certificate_type_edit": ADMIN_ONLY,
    "certificate_type_delete": ADMIN_ONLY,
    "evidence": ADMIN_ONLY,
    "evidence_inspect": ADMIN_ONLY,
    "assessments": ADMIN_ONLY,
    "assessment_inspect": ADMIN_ONLY,
    "import": ADMIN_ONLY,
}


def test_every_url_of_the_matrix_is_listed(urls):
    assert set(EXPECTED) == set(urls)


def test_every_url_answers_each_role_as_expected(people, urls):
    wrong = wrong_answers(people, urls, EXPECTED)
    assert not wrong, wrong


@pytest.mark.parametrize("role", ["anonymous", "student", "trainer", "partner_editor"])
def test_only_administrators_may_post_to_the_framework(people, urls, competency, role):
    posts = [
        (urls["competency_add"], {"code": "Z9", "title_en": "Z", "title_nl": "Z"}),
        (urls["competency_edit"], {"code": "T1", "title_en": "Hacked", "title_nl": "Z"}),
        (urls["competency_delete"], {}),
        (urls["certificate_type_delete"], {}),
        (urls["import"], {}),
        ("/admin/competency-import/confirm/", {"payload": "x"}),
    ]
    assert posts_not_refused(people[role], posts) == {}
    competency.refresh_from_db()
    assert competency.title_en == "Aseptic gowning"
    assert Competency.objects.filter(code="T9").exists()
    assert not Competency.objects.filter(code="Z9").exists()


def test_the_framework_menu_is_shown_to_administrators_only(people, urls):
    roles = ("trainer", "partner_editor", "administrator")
    seen = seen_in_menu(people, roles, "/admin/competencies/", "/admin/competency-import/")
    assert seen == {
        "/admin/competencies/": {"administrator"},
        "/admin/competency-import/": {"administrator"},
    }
