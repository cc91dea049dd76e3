"""Signed trainer assessments: the content a signature covers, its checks and corrections."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import ProtectedError
from django.utils import timezone, translation

import pytest

from atmp_platform.audit.models import AuditEvent
from atmp_platform.audit.services import verify_chain
from certificates import signatures
from certificates.models import Assessment, CompetencyStatus, Evidence, RubricCriterion
from certificates.models.assessments import AssessmentQuerySet
from courses.models import LearningOutcome
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(student, trainer):
    return student, trainer


@pytest.fixture
def other_student(db):
    return make_user("Student", email="other.student@example.org", full_name="Olga Other")


def rubric(competency, *, observed=True) -> dict[int, bool]:
    return {criterion.pk: observed for criterion in competency.criteria.all()}


def sign(competency, student, trainer, **changes) -> Assessment:
    fields = {
        "signer": trainer,
        "student": student,
        "competency": competency,
        "context_ref": "cohort:7",
        "context_label": "Najaar 2026",
        "observed_on": timezone.localdate(),
        "outcome": Assessment.Outcome.COMPETENT,
        "level": 2,
        "criteria": rubric(competency),
        "comments": "Rustig en correct omgekleed.",
        "reauthenticated_at": timezone.now(),
        "signed_with_mfa": True,
    }
    with translation.override("en"):
        return signatures.sign_assessment(**{**fields, **changes})


def correct(original, trainer, **changes) -> Assessment:
    fields = {
        "original": original,
        "signer": trainer,
        "reason": "Level 3 was observed, not 2.",
        "context_ref": original.context_ref,
        "context_label": original.context_label,
        "observed_on": original.observed_on,
        "outcome": Assessment.Outcome.COMPETENT,
        "level": 3,
        "criteria": rubric(original.competency),
        "comments": "Corrected level.",
        "reauthenticated_at": timezone.now(),
        "signed_with_mfa": True,
    }
    with translation.override("en"):
        return signatures.correct_assessment(**{**fields, **changes})


def counts() -> tuple[int, int, int]:
    return Assessment.objects.count(), Evidence.objects.count(), AuditEvent.objects.count()


def test_signing_stores_the_meaning_the_hash_and_records_trainer_verified_evidence(
    competency, people
):
    student, trainer = people
    assessment = sign(competency, student, trainer)
    stored = Assessment.objects.get()
    assert stored.signature_meaning == "I observed and assessed this performance."
    assert stored.signer_name == "Tess Trainer"
    assert stored.signed_with_mfa
    assert len(stored.content_hash) == 64
    assert signatures.verify_assessment_hash(stored)
    assert [item["text"] for item in stored.criteria] == [
        "Checks the garment packs before gowning",
        "Keeps gloved hands above the waist",
    ]
    evidence = Evidence.objects.get()
    assert (evidence.source, evidence.source_ref) == ("assessment", f"assessment:{assessment.pk}")
    assert (evidence.verification, evidence.level, evidence.recorded_by) == ("trainer", 2, trainer)
    assert CompetencyStatus.objects.get(person=student, competency=competency).level == 2
    event = AuditEvent.objects.get(action="assessment.signed")
    assert event.new_value["content_hash"] == assessment.content_hash
    assert event.actor == trainer
    assert verify_chain() is None


def test_the_signed_content_is_canonical_json_with_the_english_meaning(competency, people):
    student, trainer = people
    with translation.override("nl"):
        assessment = signatures.sign_assessment(
            signer=trainer,
            student=student,
            competency=competency,
            context_ref="cohort:7",
            context_label="Najaar 2026",
            observed_on=timezone.localdate(),
            outcome=Assessment.Outcome.NOT_YET,
            level=None,
            criteria=rubric(competency, observed=False),
            comments="",
            reauthenticated_at=timezone.now(),
            signed_with_mfa=False,
        )
        dutch_meaning = translation.gettext(signatures.SIGNATURE_MEANING)
    assert assessment.signature_meaning == dutch_meaning
    content = signatures._content_of(Assessment.objects.get())
    document = json.loads(content)
    assert document["meaning_en"] == "I observed and assessed this performance."
    assert document["meaning"] == dutch_meaning
    assert content == json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    assert signatures.content_hash(content) == assessment.content_hash


TAMPERING = {
    "student_id": lambda a, other: other.pk,
    "context_ref": lambda a, other: "cohort:8",
    "context_label": lambda a, other: "Voorjaar 2027",
    "observed_on": lambda a, other: a.observed_on - datetime.timedelta(days=1),
    "outcome": lambda a, other: Assessment.Outcome.NOT_YET,
    "level": lambda a, other: 3,
    "criteria": lambda a, other: [{**a.criteria[0], "observed": False}, *a.criteria[1:]],
    "comments": lambda a, other: "Rustig en correct omgekleed!",
    "correction_reason": lambda a, other: "Afterwards.",
    "signer_id": lambda a, other: other.pk,
    "signer_name": lambda a, other: "Someone Else",
    "signed_at": lambda a, other: a.signed_at + datetime.timedelta(microseconds=1),
    "signature_meaning": lambda a, other: "I was told about this performance.",
    "reauthenticated_at": lambda a, other: a.reauthenticated_at - datetime.timedelta(hours=1),
    "signed_with_mfa": lambda a, other: False,
    "content_hash": lambda a, other: "0" * 64,
}


@pytest.mark.parametrize("field", sorted(TAMPERING))
def test_changing_any_signed_field_fails_verification(competency, people, other_student, field):
    student, trainer = people
    sign(competency, student, trainer)
    assessment = Assessment.objects.get()
    assert signatures.verify_assessment_hash(assessment)
    setattr(assessment, field, TAMPERING[field](assessment, other_student))
    assert not signatures.verify_assessment_hash(assessment)


def test_changing_the_competency_or_the_corrected_record_fails_verification(
    competency, people, levels
):
    student, trainer = people
    original = sign(competency, student, trainer)
    correction = Assessment.objects.get(pk=correct(original, trainer).pk)
    assert signatures.verify_assessment_hash(correction)
    other = type(competency).objects.create(
        code="T2", title_en="Other", title_nl="Ander", category="aseptic"
    )
    correction.competency = other
    assert not signatures.verify_assessment_hash(correction)
    correction = Assessment.objects.get(pk=correction.pk)
    correction.corrects = sign(competency, student, trainer)
    assert not signatures.verify_assessment_hash(correction)


def test_a_row_changed_in_the_database_fails_verification(competency, people):
    student, trainer = people
    assessment = sign(competency, student, trainer)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Assessment._meta.db_table} SET level = 4 WHERE id = %s",  # noqa: S608
            [assessment.pk],
        )
    assert not signatures.verify_assessment_hash(Assessment.objects.get())


@pytest.mark.parametrize(
    "reauthenticated_at",
    [
        None,
        lambda: timezone.now() - datetime.timedelta(seconds=61),
        lambda: timezone.now() + datetime.timedelta(seconds=30),
    ],
    ids=["never", "too-old", "in-the-future"],
)
def test_signing_without_a_recent_reauthentication_is_refused_and_stores_nothing(
    competency, people, reauthenticated_at
):
    student, trainer = people
    before = counts()
    when = reauthenticated_at() if callable(reauthenticated_at) else None
    with pytest.raises(ValidationError, match="Confirm your identity again"):
        sign(competency, student, trainer, reauthenticated_at=when)
    assert counts() == before


def test_the_reauthentication_window_follows_the_setting(competency, people, settings):
    student, trainer = people
    settings.ATMP_SIGNATURE_REAUTH_SECONDS = 300
    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    assert sign(competency, student, trainer, reauthenticated_at=two_minutes_ago).pk
    settings.ATMP_SIGNATURE_REAUTH_SECONDS = 60
    with pytest.raises(ValidationError):
        sign(competency, student, trainer, reauthenticated_at=two_minutes_ago)


def test_a_trainer_cannot_assess_themself(competency, trainer):
    before = counts()
    with pytest.raises(ValidationError, match="cannot assess yourself"):
        sign(competency, trainer, trainer)
    assert counts() == before


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_competent_needs_every_required_criterion_observed(competency, people):
    student, trainer = people
    required, optional = competency.criteria.all()
    with pytest.raises(ValidationError) as caught:
        sign(competency, student, trainer, criteria={required.pk: False, optional.pk: True})
    assert "Checks the garment packs" in messages_of(caught.value)["outcome"][0]
    assessment = sign(
        competency, student, trainer, criteria={required.pk: True, optional.pk: False}
    )
    assert assessment.level == 2


@pytest.mark.parametrize(
    ("outcome", "level", "field"),
    [
        (Assessment.Outcome.COMPETENT, None, "level"),
        (Assessment.Outcome.COMPETENT, 7, "level"),
        (Assessment.Outcome.NOT_YET, 1, "level"),
        ("brilliant", None, "outcome"),
    ],
)
def test_the_level_must_fit_the_outcome_and_the_scale(competency, people, outcome, level, field):
    student, trainer = people
    before = counts()
    with pytest.raises(ValidationError) as caught:
        sign(competency, student, trainer, outcome=outcome, level=level)
    assert field in messages_of(caught.value)
    assert counts() == before


def test_not_yet_competent_is_evidence_without_a_level(competency, people):
    student, trainer = people
    sign(competency, student, trainer, outcome=Assessment.Outcome.NOT_YET, level=None)
    evidence = Evidence.objects.get()
    assert evidence.level is None
    status = CompetencyStatus.objects.get(person=student, competency=competency)
    assert (status.level, status.evidence_count) == (None, 1)


@pytest.mark.parametrize("change", ["missing", "extra", "not-an-id"])
def test_the_criteria_must_be_exactly_the_rubric(competency, people, change):
    student, trainer = people
    criteria = rubric(competency)
    if change == "missing":
        criteria.popitem()
    elif change == "not-an-id":
        criteria["first"] = True
    else:
        stranger = RubricCriterion.objects.create(
            competency=type(competency).objects.create(
                code="T9", title_en="x", title_nl="x", category="aseptic"
            ),
            text_en="Elsewhere",
            text_nl="Elders",
        )
        criteria[stranger.pk] = True
    with pytest.raises(ValidationError) as caught:
        sign(competency, student, trainer, criteria=criteria)
    assert "criteria" in messages_of(caught.value)


def test_the_observation_date_cannot_be_in_the_future(competency, people):
    student, trainer = people
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        sign(competency, student, trainer, observed_on=tomorrow)
    assert "observed_on" in messages_of(caught.value)


def test_an_inactive_competency_cannot_be_assessed(competency, people):
    student, trainer = people
    competency.active = False
    competency.save()
    with pytest.raises(ValidationError, match="no longer in use"):
        sign(competency, student, trainer)


def test_a_correction_supersedes_the_evidence_and_keeps_the_chain(competency, people):
    student, trainer = people
    original = sign(competency, student, trainer)
    correction = correct(original, trainer)
    assert correction.corrects == original
    assert correction.correction_reason == "Level 3 was observed, not 2."
    assert signatures.verify_assessment_hash(Assessment.objects.get(pk=correction.pk))
    assert signatures.verify_assessment_hash(Assessment.objects.get(pk=original.pk))
    old = Evidence.objects.get(source_ref=f"assessment:{original.pk}")
    new = Evidence.objects.get(source_ref=f"assessment:{correction.pk}")
    assert old.superseded_by == new
    assert CompetencyStatus.objects.get(person=student, competency=competency).level == 3
    event = AuditEvent.objects.get(action="assessment.corrected")
    assert event.reason == "Level 3 was observed, not 2."
    assert event.old_value == {"assessment": original.pk, "content_hash": original.content_hash}
    assert AuditEvent.objects.filter(action="evidence.superseded").count() == 1


def test_a_correction_to_not_yet_competent_takes_the_level_away(competency, people):
    student, trainer = people
    original = sign(competency, student, trainer)
    correct(original, trainer, outcome=Assessment.Outcome.NOT_YET, level=None)
    status = CompetencyStatus.objects.get(person=student, competency=competency)
    assert status.level is None


def test_an_assessment_is_corrected_once_and_a_correction_can_be_corrected(competency, people):
    student, trainer = people
    original = sign(competency, student, trainer)
    first = correct(original, trainer)
    before = counts()
    with pytest.raises(ValidationError, match="already been corrected"):
        correct(original, trainer, level=4)
    assert counts() == before
    second = correct(first, trainer, level=4, reason="Level 4 after all.")
    assert second.corrects == first
    assert CompetencyStatus.objects.get(person=student, competency=competency).level == 4


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_needs_a_reason(competency, people, reason):
    student, trainer = people
    original = sign(competency, student, trainer)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        correct(original, trainer, reason=reason)
    assert "reason" in messages_of(caught.value)
    assert counts() == before


def test_a_correction_without_a_recent_reauthentication_changes_nothing(competency, people):
    student, trainer = people
    original = sign(competency, student, trainer)
    before = counts()
    stale = timezone.now() - datetime.timedelta(minutes=5)
    with pytest.raises(ValidationError):
        correct(original, trainer, reauthenticated_at=stale)
    assert counts() == before
    assert Evidence.objects.get().superseded_by is None


def test_a_correction_by_another_trainer_is_signed_by_that_trainer(competency, people):
    student, trainer = people
    original = sign(competency, student, trainer)
    colleague = make_user("Trainer", full_name="Chris Colleague")
    correction = correct(original, colleague)
    assert (correction.signer, correction.signer_name) == (colleague, "Chris Colleague")


def test_signed_assessments_cannot_be_updated_or_deleted(competency, people):
    student, trainer = people
    assessment = sign(competency, student, trainer)
    assessment.comments = "Edited afterwards."
    with pytest.raises(TypeError):
        assessment.save()
    with pytest.raises(TypeError):
        assessment.delete()
    with pytest.raises(TypeError):
        Assessment.objects.filter(pk=assessment.pk).update(comments="Edited")
    with pytest.raises(TypeError):
        Assessment.objects.filter(pk=assessment.pk).delete()
    assert isinstance(Assessment.objects.all(), AssessmentQuerySet)
    assert Assessment.objects.get().comments == "Rustig en correct omgekleed."


def test_an_account_that_has_signed_cannot_be_deleted(competency, people):
    student, trainer = people
    assessment = sign(competency, student, trainer)
    with pytest.raises(ProtectedError):
        trainer.delete()
    assessment.refresh_from_db()
    assert signatures.verify_assessment_hash(assessment)


def test_in_dutch_an_assessments_outcome_is_a_judgement_not_a_learning_outcome():
    with translation.override("nl"):
        assert str(Assessment._meta.get_field("outcome").verbose_name) == "uitkomst"
        assert str(LearningOutcome._meta.get_field("text").verbose_name) == "leerresultaat"
