"""The issue-4 demo (certificates.demo): signed assessments at different stages, one issued
certificate, one revoked with its reason, one expiring soon; loading twice changes nothing."""

from django.utils import timezone

import pytest

from atmp_platform.audit.models import AuditEvent
from certificates import demo
from certificates.models import Assessment, Certificate, CompetencyStatus, Evidence
from certificates.signatures import verify_assessment_hash
from tests.factories import make_user

CONTEXTS = {
    demo.CLEANROOM: ("cohort:1", "Autumn 2026"),
    demo.MONITORING: ("cohort:2", "Autumn 2026"),
}
FOUNDATION = "atmp-cleanroom-operator-foundation"
MONITORING = "qc-analyst-environmental-monitoring"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def loaded(framework, trainer, administrator, django_capture_on_commit_callbacks):
    for email in (demo.EVA, demo.DAAN, demo.NOOR, demo.LARS, demo.SAM):
        make_user("Student", email=email, full_name=email.split("@")[0].title())
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(trainer=trainer, administrator=administrator, contexts=CONTEXTS)
    return {"trainer": trainer, "administrator": administrator}


def _certificates(email: str) -> dict[str, Certificate]:
    return {
        c.certificate_type.code: c
        for c in Certificate.objects.filter(holder__email=email).select_related("certificate_type")
    }


def test_every_observation_is_a_signed_assessment_whose_hash_holds(loaded):
    assessments = list(Assessment.objects.all())
    assert len(assessments) == len(demo.OBSERVATIONS)
    assert all(verify_assessment_hash(assessment) for assessment in assessments)
    assert {a.signer for a in assessments} == {loaded["trainer"]}
    assert {a.context_ref for a in assessments} == {"cohort:1", "cohort:2"}


def test_a_not_yet_competent_assessment_says_what_to_practise(loaded):
    assessment = Assessment.objects.get(student__email=demo.LARS, competency__code="C3")
    assert assessment.outcome == Assessment.Outcome.NOT_YET
    assert assessment.level is None
    assert [c["observed"] for c in assessment.criteria].count(False) == 1
    assert not _certificates(demo.LARS)


def test_one_issued_certificate_and_one_revoked_with_its_reason(loaded):
    eva = _certificates(demo.EVA)
    assert eva[FOUNDATION].status == Certificate.Status.ISSUED
    assert eva[FOUNDATION].pdf
    revoked = eva[MONITORING]
    assert revoked.status == Certificate.Status.REVOKED
    assert revoked.revocation_reason == demo.REVOCATION_REASON
    assert revoked.revoked_by == loaded["administrator"]
    assert AuditEvent.objects.filter(action="certificate.revoked").count() == 1


def test_one_certificate_is_expiring_soon(loaded):
    certificate = _certificates(demo.DAAN)[FOUNDATION]
    today = timezone.localdate()
    assert certificate.status == Certificate.Status.ISSUED
    assert 0 < (certificate.valid_until - today).days <= 30
    status = CompetencyStatus.objects.get(person__email=demo.DAAN, competency__code="C3")
    assert status.state_on(today) == CompetencyStatus.State.EXPIRING
    evidence = Evidence.objects.filter(person__email=demo.DAAN)
    assert {e.source for e in evidence} == {Evidence.Source.IMPORT}
    assert {e.verification for e in evidence} == {Evidence.Verification.TRAINER}


def test_students_on_their_way_hold_no_certificate(loaded):
    assert not _certificates(demo.NOOR)
    assert not _certificates(demo.SAM)
    noor = CompetencyStatus.objects.filter(person__email=demo.NOOR, level__isnull=False)
    assert sorted(s.competency.code for s in noor) == ["C1", "C2", "C3", "C5"]


def test_loading_twice_changes_nothing(loaded, django_capture_on_commit_callbacks):
    counts = (
        Assessment.objects.count(),
        Evidence.objects.count(),
        Certificate.objects.count(),
        AuditEvent.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(
            trainer=loaded["trainer"], administrator=loaded["administrator"], contexts=CONTEXTS
        )
    assert counts == (
        Assessment.objects.count(),
        Evidence.objects.count(),
        Certificate.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_module_without_a_cohort_is_left_out(framework, trainer, administrator):
    make_user("Student", email=demo.SAM)
    demo.load(
        trainer=trainer,
        administrator=administrator,
        contexts={demo.MONITORING: CONTEXTS[demo.MONITORING]},
    )
    assert not Assessment.objects.filter(student__email=demo.SAM).exists()


def test_only_the_revocation_is_mailed(loaded, mailoutbox):
    """Issue mails (with their PDFs) would bury load_demo's output; the revocation's goes after
    commit, to the one holder it concerns."""
    assert [message.to for message in mailoutbox] == [[demo.EVA]]
